package dev.autoencoders.kernels;

/**
 * The taps of a convolution's k x k kernel that take part ({@link ConvGeometry#taps}, all when unmasked), listed row by
 * row as (i, j) pairs: tap t is {@code (i[t], j[t])}. The fast kernels unfold, gather and pack only these.
 */
record VisibleTaps(int[] i, int[] j) {

    static VisibleTaps of(ConvGeometry g) {
        int t = g.visibleTaps();
        int[] ti = new int[t], tj = new int[t];
        for (int i = 0, n = 0; i < g.k(); i++) {
            for (int j = 0; j < g.k(); j++) {
                if (g.tap(i, j)) {
                    ti[n] = i;
                    tj[n++] = j;
                }
            }
        }
        return new VisibleTaps(ti, tj);
    }

    /** T, the number of visible taps. */
    int size() {
        return i.length;
    }
}
