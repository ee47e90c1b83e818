package dev.autoencoders.kernels;

/**
 * The sum of a run of adjacent values in a fixed order that does not wait on itself:
 * <pre>
 *   s_r = x[from + r] + x[from + r + 8] + x[from + r + 16] + ...        r = 0..7, each in increasing order
 *   sum = ((s_0 + s_1) + (s_2 + s_3)) + ((s_4 + s_5) + (s_6 + s_7))    then the last length mod 8 values, in order
 * </pre>
 * A single running sum ({@code acc += x[i]}) waits for the previous addition at every step (4 cycles of latency per
 * value); eight independent sums keep both adders busy. The order depends on the length only, not on the thread
 * count or the vector width, so the bits are the same on every machine. Its error bound is the plain loop's or
 * better (each value passes through at most {@code length/8 + 3} additions).
 */
public final class Summation {
    private Summation() {}

    /** {@code x[from] + ... + x[from + length - 1]} in the order above. */
    public static double sum(double[] x, int from, int length) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = from, full = from + length / 8 * 8, end = from + length;
        for (; i < full; i += 8) {
            s0 += x[i];
            s1 += x[i + 1];
            s2 += x[i + 2];
            s3 += x[i + 3];
            s4 += x[i + 4];
            s5 += x[i + 5];
            s6 += x[i + 6];
            s7 += x[i + 7];
        }
        double sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        for (; i < end; i++) sum += x[i];
        return sum;
    }
}
