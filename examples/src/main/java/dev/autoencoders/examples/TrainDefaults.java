package dev.autoencoders.examples;

/**
 * A training command's own defaults for the common options (shown by its {@code --help}).
 *
 * @param data      data set name or folder for {@code --data}, e.g. {@code mnist-10k}
 * @param epochs    passes over the training set, {@code --epochs} (>= 0)
 * @param batchSize images per optimizer step, {@code --batch-size} (>= 1)
 * @param lr        learning rate, {@code --lr} (> 0)
 */
public record TrainDefaults(String data, int epochs, int batchSize, double lr) {}
