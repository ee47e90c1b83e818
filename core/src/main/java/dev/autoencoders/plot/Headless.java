package dev.autoencoders.plot;

/** Figures are drawn without a display: sets {@code java.awt.headless=true} unless the user chose otherwise. */
final class Headless {
    private Headless() {}

    /** Call before the first use of AWT (the plot classes do it in their static initializers). */
    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }
}
