package dev.autoencoders.vae;

import dev.autoencoders.nn.Linear;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Module;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.train.Trainer;

/**
 * The judge of class-conditional samples: a small MLP classifier {@code input-hidden-classes} (ReLU, softmax),
 * trained with cross-entropy and Adam on the labelled training images. A conditional generator is good at its
 * job when this classifier, which never saw a generated image, recognises the class that was asked for.
 * Shapes: {@code x: (N, input) -> logits: (N, classes)}.
 */
public final class LabelClassifier extends Module {
    public final Linear fc1, fc2;

    public LabelClassifier(int input, int hidden, int classes, Rng rng) {
        if (classes < 2) throw new IllegalArgumentException("LabelClassifier: need at least 2 classes, got " + classes);
        this.fc1 = child("fc1", new Linear(input, hidden, rng));
        this.fc2 = child("fc2", new Linear(hidden, classes, rng));
    }

    /** Class logits {@code fc2 relu(fc1 x)}: {@code (N, input) -> (N, classes)}. */
    public Tensor logits(Tensor x) {
        return fc2.forward(fc1.forward(x).relu());
    }

    /**
     * Trains on {@code x: (N, input)} with {@code labels} (N) for {@code epochs} passes, batches of 64, Adam with
     * learning rate 1e-3; returns the mean cross-entropy (nats) of the last epoch.
     */
    public double fit(Tensor x, int[] labels, int epochs, Rng rng) {
        if (labels.length != x.dim(0)) throw new ShapeException("LabelClassifier.fit: " + labels.length + " labels for " + x.dim(0) + " images");
        Trainer trainer = new Trainer(new Adam(parameters(), 1e-3), x.dim(0), 64, rng);
        trainer.fit(epochs, (batch, noise) -> {
            int[] y = new int[batch.length];
            for (int i = 0; i < batch.length; i++) y[i] = labels[batch[i]];
            // -log softmax(logits)[y], averaged over the batch
            return Losses.crossEntropy(logits(Reshaping.indexSelect(x, batch)), y, Reduction.MEAN);
        }, null);
        var losses = trainer.epochLosses();
        return losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1);
    }

    /** The most likely class of each image: {@code (N, input) -> N}. */
    public int[] predict(Tensor x) {
        try (GradMode.Scope s = GradMode.off()) {
            return logits(x).argmax(1);
        }
    }

    /** The fraction of images whose predicted class is their label. */
    public double accuracy(Tensor x, int[] labels) {
        int[] p = predict(x);
        if (p.length != labels.length) throw new ShapeException("LabelClassifier.accuracy: " + labels.length + " labels for " + p.length + " images");
        int right = 0;
        for (int i = 0; i < p.length; i++) if (p[i] == labels[i]) right++;
        return (double) right / p.length;
    }
}
