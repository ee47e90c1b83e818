package dev.autoencoders.optim;

import dev.autoencoders.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum and L2 weight decay, PyTorch's rule:
 * <pre>
 *   g  = grad + wd * p
 *   b  = g                       (first step)
 *   b  = mu * b + g              (later steps)
 *   p  = p - lr * b              (or with Nesterov: p - lr * (g + mu * b))
 * </pre>
 */
public final class Sgd extends Optimizer {
    private final double momentum, weightDecay;
    private final boolean nesterov;
    private final double[][] buf;

    public Sgd(List<Tensor> params, double lr) {
        this(params, lr, 0, 0, false);
    }

    public Sgd(List<Tensor> params, double lr, double momentum, double weightDecay, boolean nesterov) {
        super(params, lr);
        if (momentum < 0 || weightDecay < 0) throw new IllegalArgumentException("SGD: momentum " + momentum + " and weight decay " + weightDecay + " must be >= 0");
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
        this.buf = new double[this.params.size()][];
        for (int i = 0; i < buf.length; i++) buf[i] = new double[this.params.get(i).numel()];
    }

    @Override
    protected void update(int i, double[] p, double[] grad) {
        double[] b = buf[i];
        boolean first = steps == 1;
        for (int j = 0; j < p.length; j++) {
            double g = grad[j] + weightDecay * p[j];
            if (momentum != 0) {
                b[j] = first ? g : momentum * b[j] + g;
                g = nesterov ? g + momentum * b[j] : b[j];
            }
            p[j] -= lr * g;
        }
    }

    @Override
    protected Map<String, double[]> buffers(int i) {
        return momentum == 0 ? Map.of() : Map.of("momentum_buffer", buf[i]);
    }
}
