package dev.autoencoders.examples.vq;

import dev.autoencoders.data.Dataset;
import dev.autoencoders.data.Datasets;
import dev.autoencoders.data.Splits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** A folder with the first images of the embedded mnist-10k as the four IDX files, so that plumbing tests run in seconds. */
final class SmallMnist {
    private SmallMnist() {}

    /** Writes {@code nTrain} training and {@code nTest} test images (and labels) into {@code dir}; returns it. */
    static Path write(Path dir, int nTrain, int nTest) {
        Splits s = Datasets.load(Datasets.MNIST_10K);
        try {
            Files.createDirectories(dir);
            part(dir, "train", s.train(), nTrain);
            part(dir, "t10k", s.test(), nTest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    private static void part(Path dir, String prefix, Dataset d, int n) throws IOException {
        ByteBuffer img = ByteBuffer.allocate(16 + n * 784).putInt(0x00000803).putInt(n).putInt(28).putInt(28);
        double[] px = d.images().data();
        for (int i = 0; i < n * 784; i++) img.put((byte) Math.round(px[i] * 255));
        ByteBuffer lab = ByteBuffer.allocate(8 + n).putInt(0x00000801).putInt(n);
        for (int i = 0; i < n; i++) lab.put((byte) d.label(i));
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), img.array());
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), lab.array());
    }
}
