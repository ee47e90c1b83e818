package dev.autoencoders.examples.tour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.util.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stage whose bookkeeping throws after its command succeeded (its folder cannot be listed, its metrics.json cannot
 * be read) fails alone, with the message in the summary line and on the page, instead of ending the whole tour
 * ({@link TourCommand#guarded}). TourTest runs real tours; this one needs none.
 */
class TourStageFailureTest {
    private static final Stage STAGE = Stages.ALL.get(0);

    @Test
    void aRuntimeExceptionBecomesAFailedStageWithItsMessage() {
        TourPage.Result r = TourCommand.guarded(STAGE, () -> {
            throw new UncheckedIOException("could not list /tour/ae: gone\nsecond line", new IOException("gone"));
        });
        assertThat(r.stage()).isSameAs(STAGE);
        assertThat(r.error()).isEqualTo("could not list /tour/ae: gone\nsecond line");
        assertThat(r.figures()).isEmpty();
        // the summary line: the stage's folder, FAILED and the first line of the message only
        assertThat(TourCommand.summary(r)).startsWith(STAGE.dir()).endsWith("FAILED: could not list /tour/ae: gone");
    }

    @Test
    void theFailedStageIsShownOnThePageWithItsMessageEscaped() {
        TourPage.Result r = TourCommand.guarded(STAGE, () -> {
            throw new IllegalStateException("metrics.json: expected <value> & found end of input");
        });
        String page = TourPage.html(List.of(r), null, Path.of("tour"), true);
        assertThat(page).contains("This stage failed: metrics.json: expected &lt;value&gt; &amp; found end of input");
    }

    @Test
    void aStageThatReturnsKeepsItsResult() {
        TourPage.Result ok = new TourPage.Result(STAGE, STAGE.command(), new Metrics(), List.of("loss.png"), 1.25, null);
        assertThat(TourCommand.guarded(STAGE, () -> ok)).isSameAs(ok);
        assertThat(TourCommand.summary(ok)).startsWith(STAGE.dir()).endsWith("(1.3 s)").doesNotContain("FAILED");
    }

    @Test
    void anErrorIsNotTurnedIntoAFailedStage() {
        // only RuntimeExceptions: an Error (out of memory, a failed assertion) still ends the tour
        assertThatThrownBy(() -> TourCommand.guarded(STAGE, () -> {
            throw new AssertionError("boom");
        })).isInstanceOf(AssertionError.class).hasMessage("boom");
    }
}
