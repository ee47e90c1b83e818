package dev.autoencoders.io;

import java.nio.ByteBuffer;

/**
 * The element types of the safetensors format that this library reads, with their size in bytes and how one
 * little-endian element becomes a {@code double}.
 *
 * <p>Every type is read as {@code double}: F64 as is; F32, F16 and BF16 widened exactly (every value of a
 * narrower float is a double); BOOL, U8, I8, I16, U16, I32, U32 exactly; I64 and U64 rounded to the nearest
 * double when beyond 2^53 (PyTorch stores e.g. BatchNorm's {@code num_batches_tracked} as I64).
 * The writer writes F64 or F32 only. The format's 8-, 6- and 4-bit float types (F8_E4M3, F8_E5M2, F6_*, F4,
 * E8M0) are rejected with "unsupported dtype".
 */
public enum SafetensorsDtype {
    BOOL(1), U8(1), I8(1), I16(2), U16(2), F16(2), BF16(2), I32(4), U32(4), F32(4), F64(8), I64(8), U64(8);

    /** Bytes per element. */
    private final int size;

    SafetensorsDtype(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** Dtype names of the format that exist but that this library does not read. */
    static boolean isKnownButUnsupported(String name) {
        return name.startsWith("F8_") || name.startsWith("F6_") || name.equals("F4") || name.equals("E8M0")
                || name.equals("C64") || name.equals("C128");
    }

    /** The dtype named {@code name} (exactly as in the header, e.g. {@code "F32"}), or {@code null}. */
    static SafetensorsDtype byName(String name) {
        for (SafetensorsDtype d : values()) {
            if (d.name().equals(name)) return d;
        }
        return null;
    }

    /**
     * Reads {@code count} elements from {@code in} (little-endian, positioned at the first one) into
     * {@code out[outOffset ..]} as doubles.
     */
    void decode(ByteBuffer in, double[] out, int outOffset, int count) {
        for (int i = 0; i < count; i++) out[outOffset + i] = next(in);
    }

    private double next(ByteBuffer in) {
        return switch (this) {
            case BOOL, U8 -> in.get() & 0xFF;
            case I8 -> in.get();
            case I16 -> in.getShort();
            case U16 -> in.getShort() & 0xFFFF;
            case F16 -> halfToDouble(in.getShort() & 0xFFFF);
            // bfloat16 is the upper half of an IEEE float32
            case BF16 -> Float.intBitsToFloat((in.getShort() & 0xFFFF) << 16);
            case I32 -> in.getInt();
            case U32 -> in.getInt() & 0xFFFFFFFFL;
            case F32 -> in.getFloat();
            case F64 -> in.getDouble();
            case I64 -> in.getLong();
            case U64 -> unsignedToDouble(in.getLong());
        };
    }

    /**
     * The unsigned 64-bit value of {@code v}, rounded once: halve it keeping the lowest bit as a sticky bit
     * (so that the rounding of the halved value is that of the full one), convert, double.
     */
    static double unsignedToDouble(long v) {
        if (v >= 0) return v;
        return (double) ((v >>> 1) | (v & 1)) * 2.0;
    }

    /**
     * IEEE 754 binary16 to double: sign s (1 bit), exponent e (5 bits, bias 15), mantissa m (10 bits).
     * Normal: (-1)^s 2^(e-15) (1 + m/1024); subnormal (e = 0): (-1)^s 2^-14 (m/1024); e = 31: inf or NaN.
     */
    static double halfToDouble(int bits) {
        int s = bits >>> 15;
        int e = (bits >>> 10) & 0x1F;
        int m = bits & 0x3FF;
        double sign = s == 0 ? 1.0 : -1.0;
        if (e == 0x1F) return m == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        if (e == 0) return sign * Math.scalb((double) m, -24);
        // 2^(e-15) * (1 + m/2^10) = (1024 + m) * 2^(e-25)
        return sign * Math.scalb((double) (1024 + m), e - 25);
    }
}
