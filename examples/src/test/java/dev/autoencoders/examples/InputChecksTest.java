package dev.autoencoders.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every input is checked before the first step: data that does not fit the model is refused before anything is trained or written. */
class InputChecksTest {

    @TempDir
    static Path dir;

    /** A data folder of {@code train} and {@code test} images of the given sizes (random pixels, labels 0..9). */
    static Path data(String name, int train, int trainSide, int test, int testSide) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        part(d, "train", train, trainSide);
        part(d, "t10k", test, testSide);
        return d;
    }

    private static void part(Path d, String prefix, int n, int side) throws IOException {
        ByteBuffer img = ByteBuffer.allocate(16 + n * side * side).putInt(0x00000803).putInt(n).putInt(side).putInt(side);
        for (int i = 0; i < n * side * side; i++) img.put((byte) (i * 37 + 11));
        ByteBuffer lab = ByteBuffer.allocate(8 + n).putInt(0x00000801).putInt(n);
        for (int i = 0; i < n; i++) lab.put((byte) (i % 10));
        Files.write(d.resolve(prefix + "-images-idx3-ubyte"), img.array());
        Files.write(d.resolve(prefix + "-labels-idx1-ubyte"), lab.array());
    }

    /** Test images of another size than the training images: refused from the headers, naming both files; no folder, no step. */
    @ParameterizedTest
    @ValueSource(strings = {"ae", "vae", "rbm"})
    void testImagesOfAnotherSizeAreRefusedBeforeTraining(String command) throws IOException {
        Path data = data("mixed-" + command, 32, 28, 8, 32), out = dir.resolve("out-mixed-" + command);
        Cli.Result r = Cli.run(command, "--data", data.toString(), "--epochs", "1", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: " + data.resolve("t10k-images-idx3-ubyte") + ": holds 32 x 32 images but " + data.resolve("train-images-idx3-ubyte")
                + " holds 28 x 28; training and test images must have one size\n");
        assertThat(r.out()).doesNotContain("epoch");
        assertThat(out).doesNotExist();
    }

    /** A command whose model is built for 28 x 28 images refuses others (naming --data) before its first step. */
    @ParameterizedTest
    @ValueSource(strings = {"ae", "dae", "conv-ae", "vq-vae", "pixelcnn", "vq-vae2"})
    void imagesOfAnotherSizeThanTheModelsAreRefusedBeforeTraining(String command) throws IOException {
        Path data = data("side32-" + command, 16, 32, 8, 32), out = dir.resolve("out-side32-" + command);
        Cli.Result r = Cli.run(command, "--data", data.toString(), "--epochs", "1", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("autoencoders " + command + ": Invalid value for option '--data': " + data + " has images of 1 x 32 x 32; " + command
                + " is built for 1 x 28 x 28 (see 'autoencoders " + command + " --help')\n");
        assertThat(r.out()).doesNotContain("epoch");
        assertThat(out).doesNotExist();
    }
}
