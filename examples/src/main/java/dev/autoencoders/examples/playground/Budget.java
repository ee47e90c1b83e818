package dev.autoencoders.examples.playground;

/**
 * How much the playground trains: the live latent-plane models, and the models of the other panels that are not
 * found on disk. {@link #START} keeps all start-up training within about a minute on 2 cores; tests use a tiny one.
 *
 * @param trainImages   training images every start-up model sees (the first ones of the data set)
 * @param testImages    test images the panels pick from and the latent plane shows (the first ones)
 * @param liveHidden    hidden width of the live VAE and plain AE (784-H-2)
 * @param liveBatch     images per step of the live training
 * @param liveSteps     steps of a live training run (the auto-started one and each one the page starts), at most
 * @param snapshotEvery the live models and their codes are published to the page every this many steps
 * @param daeEpochs     epochs of the denoising AE and its plain AE (784-256-32), batch 32
 * @param cvaeEpochs    epochs of each conditional VAE (concat L = 2, prior-mean L = 20), batch 64
 * @param vqEpochs      epochs of the VQ-VAE (K = 128, D = 16), batch 16
 * @param priorEpochs   epochs of the PixelCNN prior over its codes, batch 32
 * @param priorFilters  channels of that PixelCNN (the tour's quick setting: 32)
 */
record Budget(int trainImages, int testImages, int liveHidden, int liveBatch, int liveSteps, int snapshotEvery,
              int daeEpochs, int cvaeEpochs, int vqEpochs, int priorEpochs, int priorFilters) {

    Budget {
        if (trainImages < 1 || testImages < 2) throw new IllegalArgumentException("Budget: need >= 1 training and >= 2 test images");
        if (liveHidden < 1 || liveBatch < 1 || liveSteps < 1 || snapshotEvery < 1) throw new IllegalArgumentException("Budget: live sizes must be >= 1");
        if (daeEpochs < 0 || cvaeEpochs < 0 || vqEpochs < 0 || priorEpochs < 0) throw new IllegalArgumentException("Budget: epochs must be >= 0");
        if (priorFilters < 2 || priorFilters % 2 != 0) throw new IllegalArgumentException("Budget: prior filters must be even and >= 2");
    }

    /** The command's budget: the start-up models in about a minute on 2 cores. */
    static final Budget START = new Budget(4000, 1000, 256, 64, 3000, 50, 2, 2, 1, 2, 32);
}
