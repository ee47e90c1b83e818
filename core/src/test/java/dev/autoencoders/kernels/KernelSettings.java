package dev.autoencoders.kernels;

import java.util.function.Supplier;

/** Runs test code under given global kernel settings and restores the previous ones afterwards. */
final class KernelSettings {
    private KernelSettings() {}

    static <T> T with(GemmBackend backend, Precision precision, int threads, Supplier<T> body) {
        GemmBackend oldBackend = GemmBackend.current();
        Precision oldPrecision = Precision.matmul();
        int oldThreads = Parallelism.threads();
        try {
            GemmBackend.set(backend);
            Precision.setMatmul(precision);
            Parallelism.setThreads(threads);
            return body.get();
        } finally {
            GemmBackend.set(oldBackend);
            Precision.setMatmul(oldPrecision);
            Parallelism.setThreads(oldThreads);
        }
    }

    static <T> T with(GemmBackend backend, Precision precision, Supplier<T> body) {
        return with(backend, precision, Parallelism.threads(), body);
    }
}
