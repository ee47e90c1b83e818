package dev.autoencoders.examples.vae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LatentFiguresTest {

    /** Row by row, z1 rising to the right, z2 falling downwards, corners at +-extent. */
    @Test
    void theGridCoversTheSquareLikeAPlotsAxes() {
        Tensor g = LatentFigures.grid2d(3, 2);
        assertThat(g.shape()).containsExactly(9, 2);
        assertThat(g.data()).containsExactly(-2, 2, 0, 2, 2, 2, -2, 0, 0, 0, 2, 0, -2, -2, 0, -2, 2, -2);
    }

    @Test
    void theLineRunsFromOneCodeToTheOtherInEqualSteps() {
        Tensor a = Tensor.of(new double[] {0, 4}, 1, 2), b = Tensor.of(new double[] {2, 0}, 1, 2);
        Tensor line = LatentFigures.line(a, b, 5);
        assertThat(line.shape()).containsExactly(5, 2);
        assertThat(line.data()).containsExactly(new double[] {0, 4, 0.5, 3, 1, 2, 1.5, 1, 2, 0}, within(1e-15));
    }
}
