package dev.autoencoders.examples.playground;

import dev.autoencoders.nn.Module;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.random.Rng;
import dev.autoencoders.train.Trainer;
import java.util.function.LongConsumer;

/** What the start-up trainings share: progress reported to the job, and two models under one optimizer. */
final class StartTraining {
    private StartTraining() {}

    /** Reports the trainer's steps to the job: {@code epochs} epochs of {@code n} examples in batches of {@code batch}. */
    static void follow(Job job, Trainer trainer, int n, int batch, int epochs, String message) {
        long total = (long) ((n + batch - 1) / batch) * epochs;
        job.progress(0, total, message);
        trainer.onStep(job::progress);
    }

    /**
     * Trains {@code model} with Adam (learning rate 1e-3) for {@code epochs} epochs of {@code n} examples in batches of
     * {@code batch}, the data order and noise forked from {@code rng}; the job's cancellation is checked before every
     * step. {@code publish} gets the number of steps taken when the training ends, finished or cancelled, so that a
     * cancelled model is kept as it stood.
     */
    static void fit(Job job, Module model, Rng rng, int n, int batch, int epochs, String message, Trainer.Step step, LongConsumer publish) {
        Trainer trainer = new Trainer(new Adam(model.parameters(), 1e-3), n, batch, rng);
        follow(job, trainer, n, batch, epochs, message);
        try {
            trainer.fit(epochs, (idx, noise) -> {
                job.checkCancelled();
                return step.loss(idx, noise);
            }, null);
        } finally {
            publish.accept(trainer.stepLosses().size());
        }
    }

    /** Two models as one module, so that one optimizer holds both (their parameters are disjoint: two Adams in one). */
    static final class Pair extends Module {
        Pair(String first, Module a, String second, Module b) {
            child(first, a);
            child(second, b);
        }
    }
}
