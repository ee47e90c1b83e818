package dev.autoencoders.kernels;

import jdk.incubator.vector.DoubleVector;

/**
 * How many vector registers the machine has, and so how many rows a micro-tile of two vectors per row may have.
 *
 * <p>A micro-kernel keeps its {@code MR x 2} tile of accumulators in registers and needs three more (two vectors of
 * the B panel's row and one broadcast of A). x86 has 32 vector registers with AVX-512 and 16 without it (AVX2,
 * AVX); AArch64 has 32 (NEON, SVE). With 16 registers a tile of 8 rows (16 accumulators) would spill to the
 * stack on every step, while the 6-row tile (12 accumulators, the BLIS Haswell shape 6 x 8) keeps everything in
 * registers. The Vector API does not report the register count,
 * so it is read off the architecture and the preferred vector size.
 */
final class RegisterFile {
    private RegisterFile() {}

    /** 16 on x86 below AVX-512 (preferred vectors narrower than 512 bits), else 32. */
    static int vectorRegisters() {
        String arch = System.getProperty("os.arch", "");
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86") || arch.equals("i386");
        return x86 && DoubleVector.SPECIES_PREFERRED.vectorBitSize() < 512 ? 16 : 32;
    }

    /** Rows of a micro-tile of 2 vectors per row: 8 with 32 registers (16 accumulators), 6 with 16 (12 accumulators). */
    static int tileRows() {
        return vectorRegisters() >= 32 ? 8 : 6;
    }

    /**
     * {@code rows} if it is a micro-tile height the GEMM kernels have (8 or 6).
     *
     * @throws IllegalArgumentException otherwise, naming the value
     */
    static int checkTileRows(int rows) {
        if (rows != 8 && rows != 6) throw new IllegalArgumentException("micro-tile rows must be 8 or 6, got " + rows);
        return rows;
    }
}
