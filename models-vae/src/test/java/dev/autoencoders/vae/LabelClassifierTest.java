package dev.autoencoders.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The judge of conditional samples learns a separable problem, and checks its inputs. */
class LabelClassifierTest {

    /** Three well separated Gaussian blobs in 5 dimensions: after 30 epochs (120 Adam steps) every held-out point is classified right. */
    @Test
    void learnsSeparableClasses() {
        Rng rng = new Rng(1);
        int n = 300;
        double[] x = new double[n * 5];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int d = 0; d < 5; d++) x[i * 5 + d] = (d == y[i] ? 4 : 0) + 0.5 * rng.normal();
        }
        Tensor all = Tensor.of(x, n, 5);
        LabelClassifier c = new LabelClassifier(5, 16, 3, new Rng(2));
        double loss = c.fit(all.slice(0, 0, 240), java.util.Arrays.copyOf(y, 240), 30, new Rng(3));
        // from log 3 = 1.10 nats (chance) to below half of it
        assertThat(loss).isLessThan(Math.log(3) / 2);
        assertThat(c.accuracy(all.slice(0, 240, 300), java.util.Arrays.copyOfRange(y, 240, 300))).isEqualTo(1.0);
        assertThat(c.predict(all.slice(0, 0, 3))).containsExactly(0, 1, 2);
    }

    @Test
    void badInputsAreRejected() {
        assertThatThrownBy(() -> new LabelClassifier(5, 4, 1, new Rng(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 1");
        LabelClassifier c = new LabelClassifier(5, 4, 3, new Rng(1));
        assertThatThrownBy(() -> c.fit(Tensor.zeros(4, 5), new int[3], 1, new Rng(1))).isInstanceOf(ShapeException.class).hasMessageContaining("3 labels for 4 images");
        assertThatThrownBy(() -> c.accuracy(Tensor.zeros(4, 5), new int[2])).isInstanceOf(ShapeException.class).hasMessageContaining("2 labels for 4 images");
    }
}
