package dev.autoencoders.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The transcendental functions of the elementwise ops, a vector of lanes at a time, for {@code i} in
 * {@code [from, to)}; the formula of each is the scalar one of {@code tensor.Pointwise}, with {@code e = exp(-|x|)}
 * (which never overflows):
 * <pre>
 *   sigmoid     y = 1 / (1 + e)  for x >= 0,   e / (1 + e)  for x < 0
 *   tanh        y = sign(x) (-m) / (2 + m),    m = exp(-2|x|) - 1
 *   softplus    y = max(x, 0) + ln(1 + e),     ln(1 + e) = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...),  s = e / (2 + e) <= 1/3
 * </pre>
 * and {@code exp(z) - 1} for {@code z <= 0} computed as in fdlibm: {@code z = n ln2 + r} with n an integer and
 * {@code |r| <= ln2 / 2}, {@code exp(r) - 1 = q = r + r^2/2! + ... + r^13/13!} (truncation below 2^-56), then
 * {@code exp(z) = 2^n + 2^n q} and {@code exp(z) - 1 = 2^n q + (2^n - 1)}, 2^n built from its exponent bits; below
 * {@code z = -708} (where 2^n would leave the normal doubles) exp is taken as 0.
 *
 * <p>Why not the JDK's vector {@code EXP} and {@code LOG1P}: they are ten times faster than the scalar {@link Math}
 * functions once compiled, but code not yet compiled (or compiled by C1) computes them lane by lane with the scalar
 * functions, whose last bits differ: the same call gave other bits on a thread whose copy was not compiled yet. These
 * use only additions, multiplications, fused multiply-adds, divisions, comparisons and bit operations, each correctly
 * rounded or exact in every tier, so the bits of {@code y[i]} depend on {@code x[i]} alone: the same on any split
 * between threads, in any tier and with any vector width. Each is within 8 units in the last place of the scalar formula
 * (or {@code 2^-1000} absolute, where exp is flushed), with NaN, the infinities and the signed zeros as there (tests).
 */
public final class VectorMath {
    private VectorMath() {}

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private static final double INV_LN2 = 1.4426950408889634;
    /** ln 2 in two parts, the high one with 32 trailing zero bits (fdlibm's). */
    private static final double LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
    /** 1.5 * 2^52: {@code fma(z, 1/ln2, ROUND)} is {@code ROUND + n}, n the nearest integer, in the low bits. */
    private static final double ROUND = 0x1.8p52;
    private static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);
    /** Below this, exp is taken as 0 (e^-708 = 3.3e-308, near the smallest normal double). */
    private static final double FLUSH = -708;

    /** {@code y[i] = sigmoid(x[i])}. */
    public static void sigmoid(double[] x, double[] y, int from, int to) {
        int i = from;
        for (int full = from + S.loopBound(to - from); i < full; i += S.length()) sigmoid(DoubleVector.fromArray(S, x, i)).intoArray(y, i);
        if (i < to) sigmoid(DoubleVector.fromArray(S, x, i, S.indexInRange(i, to))).intoArray(y, i, S.indexInRange(i, to));
    }

    private static DoubleVector sigmoid(DoubleVector x) {
        // y = (x < 0 ? e : 1) / (1 + e),   e = exp(-|x|)
        DoubleVector e = expMinus(x.abs().neg(), false);
        return DoubleVector.broadcast(S, 1.0).blend(e, x.compare(VectorOperators.LT, 0.0)).div(e.add(1.0));
    }

    /** {@code y[i] = tanh(x[i])}. */
    public static void tanh(double[] x, double[] y, int from, int to) {
        int i = from;
        for (int full = from + S.loopBound(to - from); i < full; i += S.length()) tanh(DoubleVector.fromArray(S, x, i)).intoArray(y, i);
        if (i < to) tanh(DoubleVector.fromArray(S, x, i, S.indexInRange(i, to))).intoArray(y, i, S.indexInRange(i, to));
    }

    private static DoubleVector tanh(DoubleVector x) {
        // |y| = -m / (2 + m),   m = exp(-2|x|) - 1;   y takes the sign bit of x (tanh(-0) = -0)
        DoubleVector m = expMinus(x.abs().mul(-2.0), true);
        LongVector magnitude = m.neg().div(m.add(2.0)).abs().reinterpretAsLongs();
        return magnitude.or(x.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles();
    }

    /** {@code y[i] = softplus(x[i])}. */
    public static void softplus(double[] x, double[] y, int from, int to) {
        int i = from;
        for (int full = from + S.loopBound(to - from); i < full; i += S.length()) softplus(DoubleVector.fromArray(S, x, i)).intoArray(y, i);
        if (i < to) softplus(DoubleVector.fromArray(S, x, i, S.indexInRange(i, to))).intoArray(y, i, S.indexInRange(i, to));
    }

    private static DoubleVector softplus(DoubleVector x) {
        // y = max(x, 0) + ln(1 + e),   e = exp(-|x|)
        DoubleVector e = expMinus(x.abs().neg(), false);
        // ln(1 + e) = 2 s (1 + w/3 + w^2/5 + ... + w^18/37),   s = e / (2 + e),  w = s^2 <= 1/9 (the rest below 2^-57)
        DoubleVector s = e.div(e.add(2.0)), w = s.mul(s);
        DoubleVector p = DoubleVector.broadcast(S, 1.0 / 37);
        for (int k = 17; k >= 0; k--) p = p.fma(w, c(1.0 / (2 * k + 1)));
        return x.max(0.0).add(s.mul(p).mul(2.0));
    }

    /** The constant v in every lane. */
    private static DoubleVector c(double v) {
        return DoubleVector.broadcast(S, v);
    }

    /**
     * {@code exp(z)}, or {@code exp(z) - 1} if {@code minusOne}, for lanes {@code z <= 0} (NaN gives NaN); see the class
     * comment.
     */
    private static DoubleVector expMinus(DoubleVector z, boolean minusOne) {
        DoubleVector t = z.fma(c(INV_LN2), c(ROUND));     // ROUND + n,  n = round(z / ln2)
        DoubleVector n = t.sub(ROUND);
        DoubleVector r = n.neg().fma(c(LN2_HI), z);      // r = z - n ln2, in two steps
        r = n.neg().fma(c(LN2_LO), r);
        // q = r (1 + r (1/2! + r (1/3! + ... + r/13!)))
        DoubleVector p = DoubleVector.broadcast(S, 1.0 / 6227020800.0);
        p = p.fma(r, c(1.0 / 479001600.0));
        p = p.fma(r, c(1.0 / 39916800.0));
        p = p.fma(r, c(1.0 / 3628800.0));
        p = p.fma(r, c(1.0 / 362880.0));
        p = p.fma(r, c(1.0 / 40320.0));
        p = p.fma(r, c(1.0 / 5040.0));
        p = p.fma(r, c(1.0 / 720.0));
        p = p.fma(r, c(1.0 / 120.0));
        p = p.fma(r, c(1.0 / 24.0));
        p = p.fma(r, c(1.0 / 6.0));
        p = p.fma(r, c(0.5));
        p = p.fma(r, c(1.0));
        DoubleVector q = p.mul(r);
        // 2^n: the exponent field n + 1023 (the low bits of t hold n)
        DoubleVector scale = t.reinterpretAsLongs().sub(ROUND_BITS - 1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        DoubleVector y = scale.fma(q, minusOne ? scale.sub(1.0) : scale);
        return y.blend(minusOne ? -1.0 : 0.0, z.compare(VectorOperators.LT, FLUSH));
    }
}
