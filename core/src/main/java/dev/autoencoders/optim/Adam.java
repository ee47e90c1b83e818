package dev.autoencoders.optim;

import dev.autoencoders.kernels.Loops;
import dev.autoencoders.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015) in PyTorch's form, with L2 weight decay added to the gradient, or, as AdamW
 * (Loshchilov and Hutter 2019), decoupled weight decay applied to the parameter:
 * <pre>
 *   g = grad + wd * p                          (Adam)      p = p * (1 - lr * wd)   (AdamW)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 */
public class Adam extends Optimizer {
    private final double beta1, beta2, eps, weightDecay;
    private final boolean decoupled;
    private final double[][] m, v;

    /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0.0, false);
    }

    /** Adam with L2 weight decay {@code weightDecay} (PyTorch's Adam(weight_decay=...)). */
    public Adam(List<Tensor> params, double lr, double weightDecay) {
        this(params, lr, 0.9, 0.999, 1e-8, weightDecay, false);
    }

    protected Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        super(params, lr);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("Adam: betas must be in [0, 1), got " + beta1 + ", " + beta2);
        if (!(eps >= 0) || !(weightDecay >= 0)) throw new IllegalArgumentException("Adam: eps " + eps + " and weight decay " + weightDecay + " must be >= 0");
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.m = new double[this.params.size()][];
        this.v = new double[this.params.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new double[this.params.get(i).numel()];
            v[i] = new double[this.params.get(i).numel()];
        }
    }

    @Override
    protected void update(int i, double[] p, double[] grad) {
        // every element is updated on its own (any split between threads gives the same bits)
        Loops.elementwise(p.length, Loops.Cost.MODERATE, (from, to) -> update(i, p, grad, from, to));
    }

    /** The Adam step (see the class comment) for elements {@code [from, to)} of parameter {@code i}. */
    private void update(int i, double[] p, double[] grad, int from, int to) {
        double[] mi = m[i], vi = v[i];
        double bc1 = 1 - Math.pow(beta1, steps);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, steps));
        double stepSize = lr / bc1;
        if (decoupled) {
            // AdamW: p = p (1 - lr wd), then the Adam step on the plain gradient
            double shrink = 1 - lr * weightDecay;
            for (int j = from; j < to; j++) p[j] *= shrink;
        }
        double l2 = decoupled ? 0.0 : weightDecay;
        for (int j = from; j < to; j++) {
            // g = grad + wd p   (Adam's L2 form; 0 for AdamW)
            double g = grad[j] + l2 * p[j];
            mi[j] = mi[j] * beta1 + (1 - beta1) * g;
            vi[j] = vi[j] * beta2 + (1 - beta2) * g * g;
            p[j] -= stepSize * mi[j] / (Math.sqrt(vi[j]) / bc2Sqrt + eps);
        }
    }

    @Override
    protected Map<String, double[]> buffers(int i) {
        Map<String, double[]> b = new LinkedHashMap<>();
        b.put("exp_avg", m[i]);
        b.put("exp_avg_sq", v[i]);
        return b;
    }
}
