package dev.autoencoders.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.train.Checkpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DivergenceTest {

    /** A NaN loss stops the run: one line naming the step and the last finite loss, exit 1, the last good checkpoint kept. */
    @Test
    void aNonFiniteLossStopsCleanlyAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new String[] {"fake", "--fail", "diverge", "--batch-size", "10", "--checkpoint-every", "2", "--out", dir.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true), List.of(new FakeTrainCommand()));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).contains("at step 5").contains("last finite loss").doesNotContain("Exception");
        Checkpoint.Contents c = Checkpoint.read(dir.resolve("checkpoint.safetensors"));
        assertThat(c.loop().stepLosses()).hasSize(4);
        for (double l : c.loop().stepLosses()) assertThat(l).isFinite();
        assertThat(c.model().get("w").item()).isFinite();
    }
}
