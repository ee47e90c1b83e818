package dev.autoencoders.data;

/**
 * A data set's two parts.
 *
 * @param name  the name or folder it was loaded from, e.g. {@code mnist-10k}
 * @param train the training images and labels
 * @param test  the held-out test images and labels
 */
public record Splits(String name, Dataset train, Dataset test) {}
