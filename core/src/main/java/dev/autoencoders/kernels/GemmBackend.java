package dev.autoencoders.kernels;

import java.util.Objects;

/**
 * Which implementation {@link Gemm#gemm} runs. {@link #VECTOR} (the default when possible) needs the incubating
 * module {@code jdk.incubator.vector} in the boot layer ({@code --add-modules jdk.incubator.vector}, which the
 * build, the launcher and the tests pass); without it the kernels fall back to {@link #SCALAR}. Both give the
 * same bits ({@link SumOrder}); {@link #set} exists to prove that and to measure the difference.
 */
public enum GemmBackend {
    /** {@link VectorGemm} and {@link VectorGemmFloat}: packed panels and a SIMD micro-kernel. */
    VECTOR,
    /** {@link ScalarGemm}: plain Java, no incubator module needed. */
    SCALAR;

    /** The vector kernels (double, float32), or null when the module or its classes cannot be loaded. */
    private static final GemmKernel[] VECTOR_KERNELS = loadVectorKernels();
    private static volatile GemmBackend current = VECTOR_KERNELS != null ? VECTOR : SCALAR;

    /**
     * Loads the vector kernels by name only if the module is present, so that this class (and the whole
     * library) also links and runs on a JVM started without {@code --add-modules jdk.incubator.vector}.
     */
    private static GemmKernel[] loadVectorKernels() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return null;
        try {
            return new GemmKernel[] {
                (GemmKernel) Class.forName("dev.autoencoders.kernels.VectorGemm").getDeclaredConstructor().newInstance(),
                (GemmKernel) Class.forName("dev.autoencoders.kernels.VectorGemmFloat").getDeclaredConstructor().newInstance()};
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** True when the {@code jdk.incubator.vector} kernels loaded (the module is in the boot layer). */
    public static boolean vectorAvailable() {
        return VECTOR_KERNELS != null;
    }

    /** The backend {@link Gemm#gemm} uses now. */
    public static GemmBackend current() {
        return current;
    }

    /**
     * Chooses the backend of every later {@link Gemm#gemm} call (in all threads).
     *
     * @throws IllegalStateException for {@link #VECTOR} when {@link #vectorAvailable()} is false
     */
    public static void set(GemmBackend backend) {
        Objects.requireNonNull(backend, "GEMM backend");
        if (backend == VECTOR && !vectorAvailable()) {
            throw new IllegalStateException("GEMM backend VECTOR needs the module jdk.incubator.vector: "
                    + "start the JVM with --add-modules jdk.incubator.vector");
        }
        current = backend;
    }

    /** The kernel of this backend for a precision. */
    GemmKernel kernel(Precision precision) {
        if (this == VECTOR) return VECTOR_KERNELS[precision == Precision.DOUBLE ? 0 : 1];
        return precision == Precision.DOUBLE ? ScalarGemm.DOUBLE : ScalarGemm.FLOAT32;
    }
}
