package dev.autoencoders.data;

import java.util.List;
import java.util.Locale;

/** Names of the ten classes, indexed by label, for legends and captions. */
public final class ClassNames {
    private ClassNames() {}

    /** MNIST: the digits "0" to "9". */
    public static final List<String> MNIST = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** Fashion-MNIST, in Zalando's label order. */
    public static final List<String> FASHION_MNIST = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The class names for a data set name or folder: Fashion-MNIST's when it contains "fashion" (any case), else the digits. */
    public static List<String> of(String dataName) {
        return dataName != null && dataName.toLowerCase(Locale.ROOT).contains("fashion") ? FASHION_MNIST : MNIST;
    }
}
