package dev.autoencoders.nn;

import dev.autoencoders.tensor.Tensor;

/** How a loss reduces its per-element terms, with PyTorch's names. */
public enum Reduction {
    /** The sum of all terms. */
    SUM,
    /** The mean of all terms (PyTorch's default {@code 'mean'}). */
    MEAN,
    /** The sum divided by the batch size (the first dimension), PyTorch's {@code 'batchmean'}: a per-sample total, averaged. */
    BATCH_MEAN;

    /** Reduces a tensor of per-element terms whose first dimension is the batch. */
    public Tensor apply(Tensor terms) {
        return switch (this) {
            case SUM -> terms.sum();
            case MEAN -> terms.mean();
            case BATCH_MEAN -> terms.sum().div(terms.rank() == 0 ? 1 : terms.dim(0));
        };
    }
}
