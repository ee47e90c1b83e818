package dev.autoencoders.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void quietWithoutATerminal() {
        // surefire runs tests without a console, as CI and pipes do
        assertThat(System.console()).isNull();
        PrintStream savedErr = System.err, savedOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(capture);
        System.setOut(capture);
        long count;
        boolean shown;
        try (Progress p = Progress.start("epoch 1/1", 50)) {
            for (int i = 0; i < 50; i++) p.step().setExtraMessage("loss " + i);
            p.stepBy(5);
            count = p.current();
            shown = p.isShown();
        } finally {
            System.setErr(savedErr);
            System.setOut(savedOut);
        }
        assertThat(captured.size()).isZero();
        assertThat(shown).isFalse();
        assertThat(count).isEqualTo(55);
    }

    @Test
    void shownBarDrawsTaskCountAndMessage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Progress p = Progress.shown("training", 10, new PrintStream(out, true, StandardCharsets.UTF_8))) {
            p.stepBy(10).setExtraMessage("loss 0.0312");
            assertThat(p.isShown()).isTrue();
        }
        String s = out.toString(StandardCharsets.UTF_8);
        assertThat(s).contains("training").contains("10/10").contains("loss 0.0312");
    }
}
