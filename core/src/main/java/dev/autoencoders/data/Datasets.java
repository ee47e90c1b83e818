package dev.autoencoders.data;

import dev.autoencoders.io.MalformedFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds and loads data sets by name or folder.
 *
 * <ul>
 *   <li>{@code mnist-10k}, {@code fashion-mnist-10k}: embedded in core's resources ({@code /datasets/NAME/},
 *       8,000 train + 2,000 test images, provenance and licence in {@code /datasets/README.md});</li>
 *   <li>{@code fashion-mnist}: the full Fashion-MNIST (60,000 + 10,000) in {@link #FASHION_MNIST_DIR}, installed on
 *       Debian by {@code apt-get install dataset-fashion-mnist};</li>
 *   <li>any other string: a folder holding the four standard IDX files {@link #FILES}, raw or with {@code .gz}.</li>
 * </ul>
 * Names win over folders of the same name. Every load returns fresh tensors (callers may transform them); the
 * decoded bytes of the embedded sets are cached in memory (about 8 MB each).
 */
public final class Datasets {
    private Datasets() {}

    public static final String MNIST_10K = "mnist-10k";
    public static final String FASHION_MNIST_10K = "fashion-mnist-10k";
    public static final String FASHION_MNIST = "fashion-mnist";
    /** Every name {@link #load} knows. */
    public static final List<String> NAMES = List.of(MNIST_10K, FASHION_MNIST_10K, FASHION_MNIST);
    /** Where Debian's package {@code dataset-fashion-mnist} installs the full Fashion-MNIST. */
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The four standard IDX file names (each may also end in {@code .gz}): train images, train labels, test images, test labels. */
    public static final List<String> FILES = List.of(
            "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /** Decoded bytes of one part: images and labels. */
    private record Part(Idx.Images images, int[] labels) {}

    private static final Map<String, Part[]> EMBEDDED_CACHE = new HashMap<>();

    /**
     * Loads a data set by name ({@link #NAMES}) or from a folder.
     *
     * @throws DataNotFoundException  for an unknown name that is no folder, a missing folder, or missing files
     * @throws MalformedFileException for a file that is not valid IDX, image and label counts that differ, test images
     *                                of another size than the training images, or a data set too large for the heap
     *                                (all found from the headers, before any payload is read)
     */
    public static Splits load(String nameOrDir) {
        if (nameOrDir == null || nameOrDir.isBlank()) throw new DataNotFoundException("no data set given; " + expected());
        switch (nameOrDir) {
            case MNIST_10K:
            case FASHION_MNIST_10K:
                return embedded(nameOrDir);
            case FASHION_MNIST:
                if (!Files.isDirectory(FASHION_MNIST_DIR)) {
                    throw new DataNotFoundException("data set " + FASHION_MNIST + ": folder " + FASHION_MNIST_DIR
                            + " not found; install it with 'apt-get install dataset-fashion-mnist' (Debian, Ubuntu) or give a folder that holds "
                            + fileList());
                }
                return loadFolder(FASHION_MNIST, FASHION_MNIST_DIR);
            default:
                Path dir = Path.of(nameOrDir);
                if (!Files.exists(dir)) {
                    throw new DataNotFoundException("no data set or folder '" + nameOrDir + "' (" + dir.toAbsolutePath() + " does not exist); " + expected());
                }
                return loadFolder(nameOrDir, dir);
        }
    }

    /**
     * Loads the four IDX files of a folder.
     *
     * @throws DataNotFoundException  if {@code dir} is not a folder or lacks one of the four files
     * @throws MalformedFileException for bad file contents
     */
    public static Splits loadFolder(String name, Path dir) {
        if (!Files.isDirectory(dir)) throw new DataNotFoundException("data folder " + dir.toAbsolutePath() + " is not a folder; " + expected());
        List<Path> files = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String f : FILES) {
            Path raw = dir.resolve(f), gz = dir.resolve(f + ".gz");
            if (Files.isRegularFile(raw)) files.add(raw);
            else if (Files.isRegularFile(gz)) files.add(gz);
            else missing.add(f + "[.gz]");
        }
        if (!missing.isEmpty()) {
            throw new DataNotFoundException("data folder " + dir.toAbsolutePath() + " lacks " + String.join(", ", missing)
                    + "; it must hold the four IDX files " + fileList());
        }
        // every header first: counts, sizes and the memory they claim, before any payload is read
        int[] train = pairHeader(files.get(0), files.get(1));
        int[] test = pairHeader(files.get(2), files.get(3));
        if (train[1] != test[1] || train[2] != test[2]) {
            throw new MalformedFileException(files.get(2).toString(), "holds " + test[1] + " x " + test[2] + " images but "
                    + files.get(0) + " holds " + train[1] + " x " + train[2] + "; training and test images must have one size");
        }
        checkFitsInHeap(files.get(0), "with " + files.get(2).getFileName() + ", declares", train[0] + (long) test[0], train[1], train[2]);
        return new Splits(name, read(name + "/train", files.get(0), files.get(1)), read(name + "/test", files.get(2), files.get(3)));
    }

    /** Reads an image file and a label file and checks that their counts agree (from the headers, before the payloads). */
    public static Dataset pair(String name, Path imagesFile, Path labelsFile) {
        int[] h = pairHeader(imagesFile, labelsFile);
        checkFitsInHeap(imagesFile, "declares", h[0], h[1], h[2]);
        return read(name, imagesFile, labelsFile);
    }

    private static Dataset read(String name, Path imagesFile, Path labelsFile) {
        Idx.Images images = Idx.readImages(imagesFile);
        int[] labels = Idx.readLabels(labelsFile);
        checkCounts(imagesFile.toString(), images.count(), labelsFile.toString(), labels.length);
        return Dataset.fromIdx(name, images, labels);
    }

    /** The headers of an image and a label file, {@code {N, rows, cols}}, checked against each other. */
    private static int[] pairHeader(Path imagesFile, Path labelsFile) {
        int[] h = Idx.imagesHeader(imagesFile);
        checkCounts(imagesFile.toString(), h[0], labelsFile.toString(), Idx.labelsHeader(labelsFile));
        return h;
    }

    /**
     * Bytes that {@code n} decoded images of {@code rows x cols} and their labels hold in memory: the file's bytes
     * (1 per pixel and label), the pixels as doubles (8) and the labels as ints (4).
     */
    static long decodedBytes(long n, int rows, int cols) {
        return n * rows * cols * (1 + 8) + n * (1 + 4);
    }

    /**
     * Refuses a data set whose headers claim more than the Java heap can hold once decoded, before any of it is
     * read: a small gzip file may claim gigabytes (and hold them, compressed), and must not make the program
     * allocate them only to fail.
     */
    private static void checkFitsInHeap(Path imagesFile, String declares, long n, int rows, int cols) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long need = decodedBytes(n, rows, cols);
        if (need > free) {
            throw new MalformedFileException(imagesFile.toString(), String.format(java.util.Locale.ROOT,
                    "%s %d images of %d x %d: %.1f GB once decoded, more than the %.1f GB the Java heap has free "
                            + "(its maximum is %.1f GB; a larger one: AUTOENCODERS_JAVA_OPTS=-Xmx<size>)",
                    declares, n, rows, cols, need / 1e9, free / 1e9, rt.maxMemory() / 1e9));
        }
    }

    private static Splits embedded(String name) {
        Part[] parts;
        synchronized (EMBEDDED_CACHE) {
            parts = EMBEDDED_CACHE.get(name);
            if (parts == null) {
                parts = new Part[] {resourcePart(name, FILES.get(0), FILES.get(1)), resourcePart(name, FILES.get(2), FILES.get(3))};
                EMBEDDED_CACHE.put(name, parts);
            }
        }
        return new Splits(name,
                Dataset.fromIdx(name + "/train", parts[0].images(), parts[0].labels()),
                Dataset.fromIdx(name + "/test", parts[1].images(), parts[1].labels()));
    }

    private static Part resourcePart(String set, String imagesName, String labelsName) {
        String imagesRes = "/datasets/" + set + "/" + imagesName + ".gz";
        String labelsRes = "/datasets/" + set + "/" + labelsName + ".gz";
        Idx.Images images;
        int[] labels;
        try (InputStream in = resource(imagesRes)) {
            images = Idx.readImages("classpath:" + imagesRes, in, -1);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read classpath:" + imagesRes, e);
        }
        try (InputStream in = resource(labelsRes)) {
            labels = Idx.readLabels("classpath:" + labelsRes, in, -1);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read classpath:" + labelsRes, e);
        }
        checkCounts("classpath:" + imagesRes, images.count(), "classpath:" + labelsRes, labels.length);
        return new Part(images, labels);
    }

    private static InputStream resource(String path) {
        InputStream in = Datasets.class.getResourceAsStream(path);
        if (in == null) throw new DataNotFoundException("embedded data file " + path + " is missing from the classpath (a broken build?)");
        return in;
    }

    private static void checkCounts(String imagesFile, int images, String labelsFile, int labels) {
        if (images != labels) {
            throw new MalformedFileException(labelsFile, "holds " + labels + " labels but " + imagesFile
                    + " holds " + images + " images; image and label counts differ");
        }
    }

    private static String fileList() {
        List<String> names = new ArrayList<>();
        for (String f : FILES) names.add(f + "[.gz]");
        return String.join(", ", names);
    }

    private static String expected() {
        return "give a name (" + String.join(", ", NAMES) + ") or a folder that holds the four IDX files " + fileList();
    }
}
