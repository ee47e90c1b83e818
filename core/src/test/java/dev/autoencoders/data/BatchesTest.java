package dev.autoencoders.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {
    /** 10 images of 1x1x2, image i = (i, -i), label i. */
    private static Dataset ten() {
        double[] x = new double[20];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i;
        }
        return new Dataset("ten", dev.autoencoders.tensor.Tensor.of(x, 10, 1, 1, 2), y);
    }

    @Test
    void lastPartialBatchIsKeptOrDropped() {
        assertThat(new Batches(ten(), 4).count()).isEqualTo(3);
        assertThat(new Batches(ten(), 4, true).count()).isEqualTo(2);
        assertThat(new Batches(ten(), 5, true).count()).isEqualTo(2);
        List<Integer> sizes = new ArrayList<>();
        for (Batches.Batch b : new Batches(ten(), 4).inOrder()) sizes.add(b.size());
        assertThat(sizes).containsExactly(4, 4, 2);
        sizes.clear();
        for (Batches.Batch b : new Batches(ten(), 4, true).shuffled(new Rng(1))) sizes.add(b.size());
        assertThat(sizes).containsExactly(4, 4);
    }

    @Test
    void anEpochVisitsEveryImageOnceInThePermutationOrder() {
        Batches.Epoch e = new Batches(ten(), 3).shuffled(new Rng(7));
        int[] expectedOrder = new Rng(7).permutation(10);
        assertThat(e.order()).containsExactly(expectedOrder);
        List<Integer> seen = new ArrayList<>();
        for (Batches.Batch b : e) {
            for (int k = 0; k < b.size(); k++) {
                int i = b.indices()[k];
                seen.add(i);
                // the batch holds image i and its label
                assertThat(b.labels()[k]).isEqualTo(i);
                assertThat(b.images().get(k, 0, 0, 1)).isEqualTo(-i);
                assertThat(b.flat().get(k, 0)).isEqualTo(i);
            }
        }
        assertThat(seen).containsExactlyElementsOf(Arrays.stream(expectedOrder).boxed().toList());
    }

    @Test
    void sameSeedSameBatchesBitForBit() {
        Batches batches = new Batches(ten(), 4);
        Rng a = new Rng(42), b = new Rng(42);
        for (int epoch = 0; epoch < 3; epoch++) {
            Batches.Epoch ea = batches.shuffled(a), eb = batches.shuffled(b);
            for (int k = 0; k < ea.size(); k++) {
                assertThat(ea.get(k).images().data()).containsExactly(eb.get(k).images().data());
                assertThat(ea.get(k).labels()).containsExactly(eb.get(k).labels());
            }
        }
        assertThat(a.state()).containsExactly(b.state());
    }

    @Test
    void successiveEpochsAreShuffledDifferently() {
        Batches batches = new Batches(ten(), 10);
        Rng rng = new Rng(3);
        assertThat(batches.shuffled(rng).order()).isNotEqualTo(batches.shuffled(rng).order());
    }

    @Test
    void resumingMidEpochGivesTheRemainingBatches() {
        Batches batches = new Batches(ten(), 3);
        Batches.Epoch e = batches.shuffled(new Rng(5));
        List<int[]> rest = new ArrayList<>();
        for (Batches.Batch b : e.from(2)) rest.add(b.indices());
        assertThat(rest).hasSize(2);
        assertThat(rest.get(0)).containsExactly(e.get(2).indices());
        assertThat(rest.get(1)).containsExactly(e.get(3).indices());
        assertThatThrownBy(() -> e.get(4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void batchSizeMustBePositive() {
        assertThatThrownBy(() -> new Batches(ten(), 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }
}
