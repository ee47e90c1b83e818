package dev.autoencoders.kernels;

/**
 * Chooses between computing {@code C = op(A) op(B)} and the transposed problem {@code C^T = op(B)^T op(A)^T}
 * (same products, same bits: {@link SumOrder}) for a micro-kernel of {@code mr x nr} tiles, by a rough count of
 * cycles (constants fitted roughly to measurements on an AVX-512 machine):
 * <pre>
 *   compute = (m rounded up to mr) (n rounded up to nr) k / (2 fma units x lanes)   padded tiles cost in full
 *   packing = k n (1/2 cycle per value when a row of op(B) is contiguous, else 3/2)   op(B) is copied
 *           + the same for op(A) if the kernel packs A too (every kernel packs an op(A) not contiguous along k)
 *   storing = m n (k blocks) (1/4 cycle per value into row-major C, 1 through a transposed C, element by element)
 * </pre>
 * So the transpose wins when n is short and m long (a 128 x 49 convolution output fills 8 x 16 tiles better as
 * 49 x 128), or when op(B) is the bigger operand (the kernel then copies the smaller one).
 */
final class Orientation {
    private Orientation() {}

    static GemmView cheaper(GemmView g, int mr, int nr, int lanes, boolean packsA, int maxBlock) {
        if (g.isGathered()) return g; // a gathered op(B) is only ever packed as op(B)
        GemmView t = g.transposed();
        return cycles(t, mr, nr, lanes, packsA, maxBlock) < cycles(g, mr, nr, lanes, packsA, maxBlock) ? t : g;
    }

    static double cycles(GemmView g, int mr, int nr, int lanes, boolean packsA, int maxBlock) {
        double m = g.m(), n = g.n(), k = g.k();
        double compute = roundUp(g.m(), mr) * (double) roundUp(g.n(), nr) * k / (2.0 * lanes);
        double packing = k * n * (g.bCs() == 1 ? 0.5 : 1.5) + (packsA || g.aCs() != 1 ? k * m * (g.aRs() == 1 ? 0.5 : 1.5) : 0);
        int kc = SumOrder.blockLength(g.k(), maxBlock), blocks = (g.k() + kc - 1) / kc;
        double storing = m * n * blocks * (g.cCs() == 1 ? 0.25 : 1);
        return compute + packing + storing;
    }

    private static int roundUp(int size, int tile) {
        return (size + tile - 1) / tile * tile;
    }
}
