package dev.autoencoders.random;

import java.util.Arrays;

/**
 * The project's only source of randomness: a seeded xoshiro256** generator (Blackman and Vigna 2018),
 * passed explicitly to whatever draws. Same seed, same sequence, on every machine and JDK.
 *
 * <p>The whole state is four longs plus the spare normal of the Box-Muller pair; {@link #state()} and
 * {@link #restore(long[])} save and restore it exactly, so a resumed training run draws the same numbers.
 */
public final class Rng {
    private long s0, s1, s2, s3;
    private boolean hasSpare;
    private double spare;

    /** Seeds the four state words with SplitMix64 from {@code seed}, as the xoshiro authors recommend. */
    public Rng(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L; s0 = mix(x);
        x += 0x9E3779B97F4A7C15L; s1 = mix(x);
        x += 0x9E3779B97F4A7C15L; s2 = mix(x);
        x += 0x9E3779B97F4A7C15L; s3 = mix(x);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** 64 random bits (xoshiro256** step). */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform on [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform on [lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Uniform integer in [0, bound), without modulo bias (rejection sampling). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("nextInt: bound must be >= 1, got " + bound);
        // 2^64 mod bound: rejecting the lowest that many values leaves a multiple of bound equally likely values
        long threshold = Long.remainderUnsigned(-(long) bound, bound);
        while (true) {
            long r = nextLong();
            if (Long.compareUnsigned(r, threshold) >= 0) return (int) Long.remainderUnsigned(r, bound);
        }
    }

    /**
     * Standard normal draw by the Box-Muller transform:
     * {@code z0 = sqrt(-2 ln u1) cos(2 pi u2)}, {@code z1 = sqrt(-2 ln u1) sin(2 pi u2)}; z1 is kept for the next call.
     */
    public double normal() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1 = 1.0 - nextDouble(); // in (0, 1], so the log is finite
        double u2 = nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        spare = r * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * Math.cos(2 * Math.PI * u2);
    }

    /** N(mean, std^2). */
    public double normal(double mean, double std) {
        return mean + std * normal();
    }

    /** 1 with probability {@code p}, else 0. */
    public boolean bernoulli(double p) {
        return nextDouble() < p;
    }

    /** An index drawn with probability proportional to {@code weights[i]} (weights >= 0, not all 0). */
    public int categorical(double[] weights) {
        double total = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) throw new IllegalArgumentException("categorical: weights must be finite and >= 0, got " + w);
            total += w;
        }
        if (total <= 0) throw new IllegalArgumentException("categorical: all " + weights.length + " weights are 0");
        double u = nextDouble() * total;
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i];
            if (u < acc) return i;
        }
        for (int i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i; // u rounded up to total
        throw new AssertionError();
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** A new generator seeded from this one's next output: an independent stream for a sub-task. */
    public Rng fork() {
        return new Rng(nextLong());
    }

    /** The complete state: {s0, s1, s2, s3, hasSpare (0/1), bits of spare}. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spare)};
    }

    /** Restores a state from {@link #state()}. */
    public void restore(long[] state) {
        if (state.length != 6) throw new IllegalArgumentException("Rng.restore: state must have 6 words, got " + state.length);
        if ((state[0] | state[1] | state[2] | state[3]) == 0) throw new IllegalArgumentException("Rng.restore: the all-zero state is invalid for xoshiro256**");
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
        hasSpare = state[4] != 0;
        spare = Double.longBitsToDouble(state[5]);
    }

    /** A generator in the given state. */
    public static Rng fromState(long[] state) {
        Rng r = new Rng(0);
        r.restore(state);
        return r;
    }

    @Override
    public String toString() {
        return "Rng" + Arrays.toString(state());
    }
}
