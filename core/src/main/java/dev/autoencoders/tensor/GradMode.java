package dev.autoencoders.tensor;

/**
 * Whether operations record the graph for {@link Tensor#backward()}. Recording is on by default;
 * {@code try (var s = GradMode.off()) { ... }} turns it off for the block, like PyTorch's {@code torch.no_grad()}.
 * The flag is per thread.
 */
public final class GradMode {
    private static final ThreadLocal<int[]> DISABLED_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private GradMode() {}

    /** True unless inside a {@link #off()} scope on this thread. */
    public static boolean enabled() {
        return DISABLED_DEPTH.get()[0] == 0;
    }

    /** Opens a no-grad scope; close it (try-with-resources) to restore recording. Scopes nest. */
    public static Scope off() {
        DISABLED_DEPTH.get()[0]++;
        return new Scope();
    }

    /** A no-grad scope; {@link #close()} ends it. */
    public static final class Scope implements AutoCloseable {
        private boolean closed;

        private Scope() {}

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                DISABLED_DEPTH.get()[0]--;
            }
        }
    }
}
