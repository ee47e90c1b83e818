package dev.autoencoders.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.io.MalformedFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    /** Pixel byte sums and class counts computed independently with Python's gzip module. */
    @Test
    void mnist10kMatchesItsReadme() {
        Splits s = Datasets.load("mnist-10k");
        assertThat(s.name()).isEqualTo("mnist-10k");
        assertThat(s.train().images().shape()).containsExactly(8000, 1, 28, 28);
        assertThat(s.test().images().shape()).containsExactly(2000, 1, 28, 28);
        assertThat(classCounts(s.train())).containsExactly(801, 906, 793, 826, 771, 689, 825, 840, 759, 790);
        assertThat(classCounts(s.test())).containsExactly(200, 221, 198, 206, 209, 174, 189, 230, 185, 188);
        assertThat(byteSum(s.train())).isEqualTo(209_763_631L);
        assertThat(byteSum(s.test())).isEqualTo(52_382_969L);
        assertThat(Arrays.copyOf(s.train().labels(), 10)).containsExactly(4, 9, 1, 7, 4, 9, 5, 1, 6, 2);
        // image 5, row 14, column 14 is byte 32
        assertThat(s.train().images().get(5, 0, 14, 14)).isEqualTo(32 / 255.0);
        // the README's mean pixel value, over all 10,000 images, to 4 decimals
        double mean = (sum(s.train()) + sum(s.test())) / (s.train().images().numel() + s.test().images().numel());
        assertThat(mean).isCloseTo(0.1311, Offset.offset(5e-5));
    }

    @Test
    void fashionMnist10kMatchesItsReadme() {
        Splits s = Datasets.load("fashion-mnist-10k");
        assertThat(classCounts(s.train())).containsExactly(747, 860, 809, 807, 763, 795, 807, 818, 792, 802);
        assertThat(byteSum(s.train())).isEqualTo(456_017_523L);
        assertThat(byteSum(s.test())).isEqualTo(114_763_281L);
        assertThat(Arrays.copyOf(s.test().labels(), 10)).containsExactly(9, 2, 1, 1, 6, 1, 4, 6, 5, 7);
    }

    @Test
    void pixelsAreInTheUnitInterval() {
        for (double v : Datasets.load("mnist-10k").test().images().data()) assertThat(v).isBetween(0.0, 1.0);
    }

    @Test
    void everyLoadGivesFreshTensors() {
        Splits a = Datasets.load("mnist-10k"), b = Datasets.load("mnist-10k");
        assertThat(a.train().images().data()).isNotSameAs(b.train().images().data());
        a.train().images().data()[0] = 42;
        assertThat(b.train().images().data()[0]).isEqualTo(0.0);
    }

    @Test
    void embeddedReadmeIsOnTheClasspath() throws IOException {
        try (InputStream in = Datasets.class.getResourceAsStream("/datasets/README.md")) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("licence").contains("mnist-10k");
        }
    }

    @Test
    void loadsAFolderWithRawAndGzipFiles(@TempDir Path dir) throws IOException {
        writeFolder(dir, 5, 5, 3, 3);
        Files.write(dir.resolve("train-images-idx3-ubyte"), IdxBytes.images(5, 4, 4));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxBytes.gzip(IdxBytes.labels(0, 1, 2, 3, 4)));
        Splits s = Datasets.load(dir.toString());
        assertThat(s.train().images().shape()).containsExactly(5, 1, 4, 4);
        assertThat(s.test().images().shape()).containsExactly(3, 1, 4, 4);
        assertThat(s.train().labels()).containsExactly(0, 1, 2, 3, 4);
        // pixel k of the file is (k * 37 + 11) mod 256, read as k / 255
        assertThat(s.train().images().data()[7]).isEqualTo(((7 * 37 + 11) % 256) / 255.0);
    }

    @Test
    void missingFolderListsTheExpectedFiles(@TempDir Path dir) {
        String missing = dir.resolve("nope").toString();
        assertThatThrownBy(() -> Datasets.load(missing)).isInstanceOf(DataNotFoundException.class)
                .hasMessageContaining("'" + missing + "'")
                .hasMessageContaining("does not exist")
                .hasMessageContaining("train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]")
                .hasMessageContaining("mnist-10k, fashion-mnist-10k, fashion-mnist");
    }

    @Test
    void folderWithoutTheFourFilesNamesTheMissingOnes(@TempDir Path dir) throws IOException {
        writeFolder(dir, 2, 2, 2, 2);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        Files.delete(dir.resolve("train-images-idx3-ubyte.gz"));
        assertThatThrownBy(() -> Datasets.load(dir.toString())).isInstanceOf(DataNotFoundException.class)
                .hasMessageContaining("lacks train-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]")
                .hasMessageContaining("it must hold the four IDX files train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz]");
    }

    @Test
    void aFileInsteadOfAFolder(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("file.txt"), "x");
        assertThatThrownBy(() -> Datasets.load(f.toString())).isInstanceOf(DataNotFoundException.class).hasMessageContaining("is not a folder");
        assertThatThrownBy(() -> Datasets.load("")).isInstanceOf(DataNotFoundException.class).hasMessageContaining("no data set given");
    }

    @Test
    void imageAndLabelCountsThatDifferNameBothFiles(@TempDir Path dir) throws IOException {
        writeFolder(dir, 4, 3, 2, 2);
        assertThatThrownBy(() -> Datasets.load(dir.toString())).isInstanceOf(MalformedFileException.class)
                .hasMessageContaining("train-labels-idx1-ubyte.gz: holds 3 labels but ")
                .hasMessageContaining("train-images-idx3-ubyte.gz holds 4 images; image and label counts differ");
    }

    /** Test images of another size than the training images: refused from the headers, naming both files. */
    @Test
    void testImagesOfAnotherSizeThanTheTrainingImagesAreRefused(@TempDir Path dir) throws IOException {
        writeFolder(dir, 4, 4, 2, 2);
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxBytes.gzip(IdxBytes.images(2, 5, 4)));
        assertThatThrownBy(() -> Datasets.load(dir.toString())).isInstanceOf(MalformedFileException.class)
                .hasMessageStartingWith(dir.resolve("t10k-images-idx3-ubyte.gz") + ": holds 5 x 4 images but " + dir.resolve("train-images-idx3-ubyte.gz")
                        + " holds 4 x 4; training and test images must have one size");
    }

    @Test
    void malformedFileInAFolderIsNamed(@TempDir Path dir) throws IOException {
        writeFolder(dir, 2, 2, 2, 2);
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2});
        assertThatThrownBy(() -> Datasets.load(dir.toString())).isInstanceOf(MalformedFileException.class)
                .hasMessageStartingWith(dir.resolve("t10k-images-idx3-ubyte.gz") + ": ");
    }

    @Test
    void fashionMnistByNameIsFoundOrExplained() {
        if (Files.isDirectory(Datasets.FASHION_MNIST_DIR)) {
            Splits s = Datasets.load("fashion-mnist");
            assertThat(s.train().size()).isEqualTo(60_000);
            assertThat(s.test().size()).isEqualTo(10_000);
        } else {
            assertThatThrownBy(() -> Datasets.load("fashion-mnist")).isInstanceOf(DataNotFoundException.class)
                    .hasMessageContaining("/usr/share/datasets/fashion-mnist not found")
                    .hasMessageContaining("apt-get install dataset-fashion-mnist")
                    .hasMessageContaining("t10k-labels-idx1-ubyte[.gz]");
        }
    }

    @Test
    void classNames() {
        assertThat(ClassNames.of("fashion-mnist-10k").get(9)).isEqualTo("Ankle boot");
        assertThat(ClassNames.of("/data/Fashion")).isSameAs(ClassNames.FASHION_MNIST);
        assertThat(ClassNames.of("mnist-10k").get(3)).isEqualTo("3");
    }

    /** Writes the four gzip files: images 3x4x4... with the given counts. */
    static void writeFolder(Path dir, int trainImages, int trainLabels, int testImages, int testLabels) throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxBytes.gzip(IdxBytes.images(trainImages, 4, 4)));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxBytes.gzip(IdxBytes.labels(new int[trainLabels])));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxBytes.gzip(IdxBytes.images(testImages, 4, 4)));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxBytes.gzip(IdxBytes.labels(new int[testLabels])));
    }

    private static int[] classCounts(Dataset d) {
        int[] c = new int[10];
        for (int l : d.labels()) c[l]++;
        return c;
    }

    private static long byteSum(Dataset d) {
        long s = 0;
        for (double v : d.images().data()) s += Math.round(v * 255);
        return s;
    }

    private static double sum(Dataset d) {
        double s = 0;
        for (double v : d.images().data()) s += v;
        return s;
    }
}
