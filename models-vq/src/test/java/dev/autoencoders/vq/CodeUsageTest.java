package dev.autoencoders.vq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.autoencoders.random.Rng;
import org.junit.jupiter.api.Test;

class CodeUsageTest {

    @Test
    void perplexityByHand() {
        assertThat(CodeUsage.perplexity(new long[] {5, 5, 0, 0})).isCloseTo(2, within(1e-12));
        assertThat(CodeUsage.perplexity(new long[] {0, 7, 0})).isCloseTo(1, within(1e-12));
        assertThat(CodeUsage.perplexity(new long[] {4, 4, 4, 4, 4})).isCloseTo(5, within(1e-12));
        // p = (3/4, 1/4): H = -(0.75 ln 0.75 + 0.25 ln 0.25) = 0.562335...
        assertThat(CodeUsage.perplexity(new long[] {3, 1})).isCloseTo(Math.exp(0.5623351446188083), within(1e-12));
        assertThat(CodeUsage.used(new long[] {3, 0, 1, 0})).isEqualTo(2);
    }

    @Test
    void countsRejectCodesOutsideTheCodebook() {
        assertThat(CodeUsage.counts(new int[] {2, 0, 2}, 3)).containsExactly(1, 0, 2);
        assertThatThrownBy(() -> CodeUsage.counts(new int[] {3}, 3)).hasMessageContaining("3").hasMessageContaining("[0, 3)");
    }

    /** Train codes (0, 0, 1), K = 3: add-one p = (3, 2, 1) / 6. */
    @Test
    void unigramByHand() {
        UnigramPrior u = new UnigramPrior(new int[] {0, 0, 1}, 3);
        assertThat(u.probabilities()).containsExactly(0.5, 2.0 / 6, 1.0 / 6);
        assertThat(u.nll(new int[] {2})).isCloseTo(Math.log(6), within(1e-15));
        assertThat(u.nll(new int[] {0, 1})).isCloseTo((Math.log(2) + Math.log(3)) / 2, within(1e-15));
        int[] s = u.sample(60_000, new Rng(1));
        long[] c = CodeUsage.counts(s, 3);
        assertThat(c[0] / 60_000.0).isCloseTo(0.5, within(0.01));
        assertThat(c[2] / 60_000.0).isCloseTo(1.0 / 6, within(0.01));
    }
}
