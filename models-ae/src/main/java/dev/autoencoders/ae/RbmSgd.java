package dev.autoencoders.ae;

import dev.autoencoders.optim.Optimizer;
import dev.autoencoders.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The update of Hinton's RBM code ({@code rbm.m}, {@code rbmhidlinear.m} of Hinton and Salakhutdinov 2006; Hinton,
 * A practical guide to training RBMs, 2010, sections 9-10): gradient steps with a momentum that switches from 0.5
 * to 0.9 after the first epochs, and a weight cost (L2) on the weights only, not on the biases:
 * <pre>
 *   momentum = initialMomentum during the first initialMomentumEpochs epochs, finalMomentum after
 *   inc_W = momentum * inc_W - lr * (grad_W + weightCost * W)        W = W + inc_W
 *   inc_b = momentum * inc_b - lr * grad_b                            b = b + inc_b     (b: either bias)
 * </pre>
 * With {@code grad = -(<h v^T>_data - <h v^T>_model)} as {@link Rbm#contrastiveDivergence} puts it, this is
 * {@code vishidinc = momentum*vishidinc + epsilonw*((posprods-negprods)/numcases - weightcost*vishid)} of the
 * original. (It equals PyTorch's SGD with momentum, whose buffer is {@code -inc / lr}, while the momentum is fixed.)
 * The increments are the optimizer's state ({@code <i>.increment}), saved in checkpoints.
 */
public final class RbmSgd extends Optimizer {

    /**
     * @param lr                    learning rate epsilon (> 0): 0.1 in Hinton's code, 0.001 for the linear-hidden layer
     * @param weightCost            L2 cost on the weights (>= 0): 2e-4
     * @param initialMomentum       momentum of the first epochs, in [0, 1): 0.5
     * @param finalMomentum         momentum afterwards, in [0, 1): 0.9
     * @param initialMomentumEpochs how many epochs use the initial momentum (>= 0): 5 ({@code if epoch>5})
     */
    public record Config(double lr, double weightCost, double initialMomentum, double finalMomentum, int initialMomentumEpochs) {
        public Config {
            if (!(lr > 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("RbmSgd: learning rate must be > 0 and finite, got " + lr);
            if (!(weightCost >= 0)) throw new IllegalArgumentException("RbmSgd: weight cost must be >= 0, got " + weightCost);
            if (!(initialMomentum >= 0 && initialMomentum < 1) || !(finalMomentum >= 0 && finalMomentum < 1)) {
                throw new IllegalArgumentException("RbmSgd: momenta must be in [0, 1), got " + initialMomentum + " and " + finalMomentum);
            }
            if (initialMomentumEpochs < 0) throw new IllegalArgumentException("RbmSgd: initialMomentumEpochs must be >= 0, got " + initialMomentumEpochs);
        }

        /** Hinton's {@code rbm.m}: lr 0.1, weight cost 2e-4, momentum 0.5 for 5 epochs then 0.9. */
        public static Config hinton() {
            return new Config(0.1, 2e-4, 0.5, 0.9, 5);
        }

        /** Hinton's {@code rbmhidlinear.m} (the Gaussian code layer): the same with lr 0.001. */
        public static Config hintonLinearHidden() {
            return new Config(0.001, 2e-4, 0.5, 0.9, 5);
        }

        /** The same settings with another learning rate. */
        public Config withLr(double newLr) {
            return new Config(newLr, weightCost, initialMomentum, finalMomentum, initialMomentumEpochs);
        }
    }

    public final Config config;
    private final int stepsPerEpoch;
    private final int weightIndex;
    private final double[][] increment;

    /**
     * @param rbm           whose parameters are updated (the weight cost applies to {@code rbm.weight} only)
     * @param stepsPerEpoch mini-batches per epoch, to know when an epoch ends (>= 1)
     */
    public RbmSgd(Rbm rbm, Config config, int stepsPerEpoch) {
        this(rbm.parameters(), rbm.parameters().indexOf(rbm.weight), config, stepsPerEpoch);
    }

    private RbmSgd(List<Tensor> params, int weightIndex, Config config, int stepsPerEpoch) {
        super(params, config.lr());
        if (stepsPerEpoch < 1) throw new IllegalArgumentException("RbmSgd: stepsPerEpoch must be >= 1, got " + stepsPerEpoch);
        this.config = config;
        this.stepsPerEpoch = stepsPerEpoch;
        this.weightIndex = weightIndex;
        this.increment = new double[this.params.size()][];
        for (int i = 0; i < increment.length; i++) increment[i] = new double[this.params.get(i).numel()];
    }

    /** The momentum of the current step: Hinton's {@code if epoch > 5, finalmomentum, else initialmomentum}. */
    public double momentum() {
        long epoch = (Math.max(steps, 1) - 1) / stepsPerEpoch + 1; // 1-based epoch of the current step
        return epoch > config.initialMomentumEpochs() ? config.finalMomentum() : config.initialMomentum();
    }

    @Override
    protected void update(int i, double[] p, double[] grad) {
        double mom = momentum();
        double cost = i == weightIndex ? config.weightCost() : 0;
        double[] inc = increment[i];
        for (int j = 0; j < p.length; j++) {
            // inc = momentum * inc - lr * (grad + weightCost * p);   p = p + inc
            inc[j] = mom * inc[j] - lr * (grad[j] + cost * p[j]);
            p[j] += inc[j];
        }
    }

    @Override
    protected Map<String, double[]> buffers(int i) {
        return Map.of("increment", increment[i]);
    }
}
