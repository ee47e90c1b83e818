package dev.autoencoders.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The widening of half floats and unsigned 64-bit integers, each against a second implementation. */
class SafetensorsDtypeTest {

    /** Oracle: an F16 is an F32 with the exponent re-biased (127 - 15) and the mantissa shifted by 13 bits. */
    private static double halfViaFloatBits(int bits) {
        int s = bits >>> 15;
        int e = (bits >>> 10) & 0x1F;
        int m = bits & 0x3FF;
        if (e == 0x1F) return m != 0 ? Double.NaN : (s == 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
        if (e == 0) return (s == 0 ? 1 : -1) * (m / 16777216.0); // m * 2^-24, exact
        return Float.intBitsToFloat((s << 31) | ((e - 15 + 127) << 23) | (m << 13));
    }

    @Test
    void everyHalfFloatWidensExactly() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            double got = SafetensorsDtype.halfToDouble(bits);
            double want = halfViaFloatBits(bits);
            assertThat(Double.doubleToLongBits(got)).as("half 0x%04x", bits).isEqualTo(Double.doubleToLongBits(want));
        }
        // hand-computed: 0x3C00 = 1, 0x7BFF = 65504 (largest), 0x0001 = 2^-24 (smallest subnormal), 0x8000 = -0
        assertThat(SafetensorsDtype.halfToDouble(0x3C00)).isEqualTo(1.0);
        assertThat(SafetensorsDtype.halfToDouble(0x7BFF)).isEqualTo(65504.0);
        assertThat(SafetensorsDtype.halfToDouble(0x0001)).isEqualTo(Math.pow(2, -24));
        assertThat(Double.doubleToRawLongBits(SafetensorsDtype.halfToDouble(0x8000))).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void unsigned64RoundsOnceToNearest() {
        BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        long[] samples = {0, 1, Long.MAX_VALUE, Long.MIN_VALUE, -1, -2, 0x8000_0000_0000_0401L, 0x8000_0000_0000_0C00L,
            0x8000_0000_0000_0C01L, 0xFFFF_FFFF_FFFF_FC00L, 0x9000_0000_0000_0400L, 0x9000_0000_0000_0401L};
        for (long v : samples) {
            BigInteger exact = v >= 0 ? BigInteger.valueOf(v) : BigInteger.valueOf(v).add(two64);
            // BigInteger.doubleValue rounds to nearest, ties to even
            assertThat(SafetensorsDtype.unsignedToDouble(v)).as(exact.toString()).isEqualTo(exact.doubleValue());
        }
    }
}
