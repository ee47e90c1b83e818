package dev.autoencoders.optim;

import dev.autoencoders.tensor.Tensor;
import java.util.List;

/** Adam with decoupled weight decay (see {@link Adam}); PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 1e-2. */
public final class AdamW extends Adam {
    public AdamW(List<Tensor> params, double lr) {
        this(params, lr, 1e-2);
    }

    public AdamW(List<Tensor> params, double lr, double weightDecay) {
        super(params, lr, 0.9, 0.999, 1e-8, weightDecay, true);
    }
}
