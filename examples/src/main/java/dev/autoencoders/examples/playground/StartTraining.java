package dev.autoencoders.examples.playground;

import dev.autoencoders.nn.Module;
import dev.autoencoders.train.Trainer;

/** What the start-up trainings share: progress reported to the job, and two models under one optimizer. */
final class StartTraining {
    private StartTraining() {}

    /** Reports the trainer's steps to the job: {@code epochs} epochs of {@code n} examples in batches of {@code batch}. */
    static void follow(Job job, Trainer trainer, int n, int batch, int epochs, String message) {
        long total = (long) ((n + batch - 1) / batch) * epochs;
        job.progress(0, total, message);
        trainer.onStep(job::progress);
    }

    /** Two models as one module, so that one optimizer holds both (their parameters are disjoint: two Adams in one). */
    static final class Pair extends Module {
        Pair(String first, Module a, String second, Module b) {
            child(first, a);
            child(second, b);
        }
    }
}
