package dev.autoencoders.examples.tour;

import java.util.List;

/** The tour's stages, in the order of the posts: the autoencoder family from the classic AE to VQ-VAE-2. */
final class Stages {
    private Stages() {}

    private static final String AE = "models-ae/src/main/java/dev/autoencoders/ae/";
    private static final String VAE = "models-vae/src/main/java/dev/autoencoders/vae/";
    private static final String VQ = "models-vq/src/main/java/dev/autoencoders/vq/";
    /** Quick runs evaluate on this many test images. */
    private static final List<String> QUICK_TEST = List.of("--test-limit", "500");

    /**
     * Options of a quick stage (evaluated on 500 test images). The quick settings were chosen by measuring: small
     * batches (more steps per image seen) and as many training images as each model trains in a few seconds.
     */
    private static List<String> quick(String... more) {
        return concat(QUICK_TEST, List.of(more));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    static final List<Stage> ALL = List.of(
        new Stage("ae", "Autoencoder", List.of("ae"), List.of("--epochs", "2"), quick("--train-limit", "4000", "--epochs", "2", "--batch-size", "32"),
            "The bottom row rebuilds the top row from 32 numbers per image: blurred strokes, the right digits.",
            "autoencoder.md", AE + "AutoEncoder.java", List.of("test_mse")),
        new Stage("ae-tied", "Autoencoder with tied weights", List.of("ae", "--tied"), List.of("--epochs", "2"), quick("--train-limit", "4000", "--epochs", "2", "--batch-size", "32"),
            "The decoder reuses the encoder's weights transposed (W' = W^T): half the weights, nearly the same reconstructions.",
            "autoencoder.md", AE + "AutoEncoder.java", List.of("test_mse")),
        new Stage("deep-ae", "Deep autoencoder, RBM-pretrained", List.of("deep-ae", "--pretrain", "rbm"),
            List.of("--rbm-epochs", "4", "--epochs", "8"), quick("--train-limit", "1000", "--rbm-epochs", "1", "--epochs", "1"),
            "Originals, the 30-dimensional deep autoencoder, and PCA with 30 components: pretraining lets the deep net beat PCA.",
            "rbm-deep-autoencoder.md", AE + "DeepAutoEncoder.java", List.of("test_mse", "pca30_test_mse"),
            "one epoch on 1,000 images is far too short for the 2.8-million-weight deep net; here PCA still wins."),
        new Stage("dae", "Denoising autoencoder", List.of("dae", "--noise", "masking", "--level", "0.5"),
            List.of("--epochs", "3"), quick("--epochs", "2", "--batch-size", "32"),
            "Rows: clean, corrupted (half the pixels zeroed), the DAE's repair, a plain AE's attempt: the DAE fills the strokes in.",
            "denoising-autoencoder.md", AE + "DenoisingAutoEncoder.java", List.of("test_mse_corrupted", "baseline_test_mse_corrupted")),
        new Stage("sparse-ae", "Sparse autoencoder", List.of("sparse-ae"), List.of("--epochs", "15"),
            // the penalised net sits on a plateau for more than 5 epochs (7,800 steps) before it learns strokes (docs/sparse-autoencoder.md)
            List.of("--epochs", "10"),
            "Each tile is the input that excites one hidden unit most: with the sparsity penalty they become stroke detectors.",
            "sparse-autoencoder.md", AE + "SparseAutoEncoder.java", List.of("test_mse", "mean_hidden_activation")),
        new Stage("conv-ae", "Convolutional autoencoder", List.of("conv-ae"), List.of("--epochs", "10"), quick("--epochs", "2", "--batch-size", "16"),
            "Fashion-MNIST through a 32-number convolutional code (8 channels of 2x2): shapes survive, texture does not.",
            "convolutional-autoencoder.md", AE + "ConvAutoEncoder.java", List.of("test_mse")),
        new Stage("vae", "Variational autoencoder", List.of("vae"), List.of("--epochs", "10"), quick("--epochs", "3", "--iwae-k", "10"),
            "Decodes of 64 draws from the prior N(0, I): digit-like but blurred; a plain AE's random codes would decode to noise.",
            "vae.md", VAE + "Vae.java", List.of("test_neg_elbo_nats", "test_iwae_nll_nats")),
        new Stage("cvae", "Conditional VAE, learned class prior means", List.of("cvae", "--variant", "prior-mean"), List.of("--epochs", "10"),
            quick("--epochs", "3", "--classifier-epochs", "1"),
            "One row per class: the label picks the prior N(mu_y, I) the codes are drawn from, and a classifier checks the result.",
            "cvae.md", VAE + "ConditionalVae.java", List.of("test_neg_elbo_nats", "conditional_sample_accuracy")),
        new Stage("vq-vae", "VQ-VAE", List.of("vq-vae", "--codebook", "ema", "--restart"), List.of("--epochs", "4"),
            quick("--train-limit", "2000", "--epochs", "1", "--batch-size", "16"),
            "Each image becomes a 7x7 map of codebook indices (middle row, one colour per code); the decoder rebuilds it from the codes alone.",
            "vq-vae.md", VQ + "VqVae.java", List.of("test_recon_mse", "codebook_perplexity")),
        new Stage("pixelcnn", "PixelCNN prior over the codes", List.of("pixelcnn", "--vqvae", "{out}/vq-vae/model.safetensors"),
            List.of("--epochs", "3"), quick("--train-limit", "2000", "--epochs", "2", "--filters", "32", "--batch-size", "32"),
            "Codes sampled one by one in raster order by the PixelCNN decode to digits; codes drawn independently (unigram) decode to fragments.",
            "pixelcnn.md", VQ + "PixelCnn.java", List.of("test_nll_nats_per_code", "unigram_nll_nats_per_code")),
        new Stage("vq-vae2", "VQ-VAE-2", List.of("vq-vae2"), List.of("--epochs", "3"),
            quick("--train-limit", "1000", "--epochs", "1", "--batch-size", "16", "--filters", "16", "--prior-batch-size", "32", "--prior-epochs", "4"),
            "A coarse top code map and a finer bottom map conditioned on it: sharper reconstructions, samples from two priors.",
            "vq-vae-2.md", VQ + "VqVae2.java", List.of("test_recon_mse"),
            "the priors see 1,000 code maps for four epochs: their samples are not digits yet.")
    );

    /**
     * The order in which the tour starts its stages: the longest first, a chain (vq-vae, then pixelcnn, which reads
     * its model) by its whole length, so that no long stage is left to run alone at the end while the other core
     * idles (the full tour's stage times are in docs/performance.md, "The tour"). Only the start order: the results
     * are the same bits in any order, and the summary is printed in the order of {@link #ALL}. A stage ranks after
     * the stage it reads ({@link Stage#needs()}).
     */
    static final List<String> LONGEST_FIRST = List.of("vq-vae2", "vq-vae", "deep-ae", "pixelcnn", "vae", "cvae",
            "sparse-ae", "dae", "conv-ae", "ae", "ae-tied");

    /** The place of stage {@code dir} in {@link #LONGEST_FIRST}: 0 starts first. */
    static int startRank(String dir) {
        int rank = LONGEST_FIRST.indexOf(dir);
        if (rank < 0) throw new IllegalStateException("stage " + dir + " has no place in Stages.LONGEST_FIRST");
        return rank;
    }
}
