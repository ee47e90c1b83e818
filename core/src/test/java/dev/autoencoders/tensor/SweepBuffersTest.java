package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The intermediate gradients' buffers reused from one backward sweep to the next ({@link SweepBuffers}): the same bits
 * as new arrays, never a buffer some tensor still holds, and no more kept than the last sweep released.
 */
class SweepBuffersTest {

    /** conv -> relu -> conv -> reshape -> linear -> squared sum: gradients added into (relu, reshape) and written (linear). */
    private static final class Net {
        final Tensor w1, b1, w2, w3;

        Net(long seed) {
            Rng rng = new Rng(seed);
            w1 = Tensor.uniform(rng, -0.5, 0.5, 4, 3, 3, 3).requiresGrad(true);
            b1 = Tensor.uniform(rng, -0.5, 0.5, 4).requiresGrad(true);
            w2 = Tensor.uniform(rng, -0.5, 0.5, 2, 4, 3, 3).requiresGrad(true);
            w3 = Tensor.uniform(rng, -0.5, 0.5, 5, 2 * 6 * 6).requiresGrad(true);
        }

        Tensor loss(Tensor x, Tensor keep) {
            Tensor h = Convolution.conv2d(x, w1, b1, 1, 1).relu();
            if (keep != null) keep.retainGrad();
            Tensor z = Convolution.conv2d(h, w2, null, 1, 1).reshape(x.dim(0), -1);
            return Matmul.linear(z, w3, null).pow(2).sum();
        }

        /** The parameters' gradients after backward() of one batch, copied; the gradients cleared. */
        List<double[]> gradients(Tensor x) {
            loss(x, null).backward();
            List<double[]> g = new ArrayList<>();
            for (Tensor p : List.of(w1, b1, w2, w3)) {
                g.add(p.grad().clone());
                p.zeroGrad();
            }
            return g;
        }
    }

    /** Runs {@code work} on a thread of its own (no kept buffers) and returns its result; a failed assertion in it fails the test. */
    private static <T> T onANewThread(Supplier<T> work) throws InterruptedException {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(work.get());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() instanceof AssertionError e) throw e;
        if (failure.get() != null) throw new IllegalStateException(failure.get());
        return result.get();
    }

    private static Tensor batch(long seed) {
        return Tensor.uniform(new Rng(seed), -1, 1, 3, 3, 6, 6);
    }

    @Test
    void aSweepOnKeptBuffersGivesTheBitsOfOneOnNewArrays() throws InterruptedException {
        List<List<double[]>> reused = onANewThread(() -> {
            Net net = new Net(1);
            List<List<double[]>> steps = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                steps.add(net.gradients(batch(10 + s)));
                // from the first sweep on, the thread keeps the released buffers (holding that sweep's gradients)
                assertThat(SweepBuffers.keptOnThisThread()).isNotEmpty();
            }
            return steps;
        });
        for (int s = 0; s < 4; s++) {
            int step = s;
            // each sweep alone on a thread of its own: every buffer a new array of zeros
            List<double[]> fresh = onANewThread(() -> new Net(1).gradients(batch(10 + step)));
            for (int p = 0; p < fresh.size(); p++) assertThat(reused.get(s).get(p)).as("step %d, parameter %d", s, p).isEqualTo(fresh.get(p));
        }
    }

    @Test
    void aRetainedGradientIsNeitherKeptNorOverwritten() throws InterruptedException {
        onANewThread(() -> {
            Net net = new Net(2);
            Tensor x = batch(20);
            Tensor h = Convolution.conv2d(x, net.w1, net.b1, 1, 1).relu().retainGrad();
            Tensor z = Convolution.conv2d(h, net.w2, null, 1, 1).reshape(3, -1);
            Matmul.linear(z, net.w3, null).pow(2).sum().backward();
            double[] retained = h.grad(), values = retained.clone();
            assertThat(values).isNotEqualTo(new double[values.length]);
            // the next sweeps, same sizes, other values: the retained buffer is not among the kept ones
            for (int s = 0; s < 3; s++) net.gradients(batch(21 + s));
            assertThat(h.grad()).isSameAs(retained).isEqualTo(values);
            return null;
        });
    }

    @Test
    void aThreadKeepsOnlyWhatItsLastSweepReleased() throws InterruptedException {
        onANewThread(() -> {
            Net net = new Net(3);
            net.gradients(batch(30));
            Map<Integer, Integer> three = SweepBuffers.keptOnThisThread();
            // the relu's output (3 x 4 x 6 x 6) is among the released intermediates
            assertThat(three).containsKey(3 * 4 * 6 * 6);
            // a batch of 5: other sizes; nothing of the batch of 3 stays held
            net.gradients(Tensor.uniform(new Rng(31), -1, 1, 5, 3, 6, 6));
            Map<Integer, Integer> five = SweepBuffers.keptOnThisThread();
            assertThat(five).containsKey(5 * 4 * 6 * 6).doesNotContainKeys(three.keySet().toArray(Integer[]::new));
            return null;
        });
    }
}
