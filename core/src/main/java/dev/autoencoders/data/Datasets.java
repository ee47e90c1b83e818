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
     * @throws MalformedFileException for a file that is not valid IDX, or image and label counts that differ
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
        Dataset train = pair(name + "/train", files.get(0), files.get(1));
        Dataset test = pair(name + "/test", files.get(2), files.get(3));
        return new Splits(name, train, test);
    }

    /** Reads an image file and a label file and checks that their counts agree. */
    public static Dataset pair(String name, Path imagesFile, Path labelsFile) {
        Idx.Images images = Idx.readImages(imagesFile);
        int[] labels = Idx.readLabels(labelsFile);
        checkCounts(imagesFile.toString(), images, labelsFile.toString(), labels);
        return Dataset.fromIdx(name, images, labels);
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
        checkCounts("classpath:" + imagesRes, images, "classpath:" + labelsRes, labels);
        return new Part(images, labels);
    }

    private static InputStream resource(String path) {
        InputStream in = Datasets.class.getResourceAsStream(path);
        if (in == null) throw new DataNotFoundException("embedded data file " + path + " is missing from the classpath (a broken build?)");
        return in;
    }

    private static void checkCounts(String imagesFile, Idx.Images images, String labelsFile, int[] labels) {
        if (images.count() != labels.length) {
            throw new MalformedFileException(labelsFile, "holds " + labels.length + " labels but " + imagesFile
                    + " holds " + images.count() + " images; image and label counts differ");
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
