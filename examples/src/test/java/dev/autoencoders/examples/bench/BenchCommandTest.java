package dev.autoencoders.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.examples.Cli;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    /** One line per workload, precision and thread count, in the twin script's form; parameter counts match the twins. */
    @Test
    void printsOneLinePerRunInTheTwinsForm() {
        Cli.Result r = Cli.run("bench", "--steps", "2", "--warmup", "0", "--threads", "1,2", "--precision", "double,float32-matmul");
        r.ok();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(Workloads.ALL.size() * 4);
        for (String l : lines) {
            assertThat(l).matches("[a-z-]+\\t(float64|float32-matmul)\\tthreads=[12]\\tsteps=2\\tbatch=\\d+\\tsamples_per_s=\\d+\\tloss=\\d+\\.\\d{4}");
        }
        assertThat(lines.get(0)).startsWith(Workloads.ALL.keySet().iterator().next() + "\tfloat64\tthreads=1");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(Cli.run("bench", "--workloads", "nope").code()).isEqualTo(2);
        assertThat(Cli.run("bench", "--precision", "half").err()).contains("half");
        assertThat(Cli.run("bench", "--threads", "0").code()).isEqualTo(2);
        assertThat(Cli.run("bench", "--repeats", "0").err()).contains("--repeats must be >= 1, got 0");
    }

    /** With --repeats the line is still one per run, and its steps are one timing's, not the total. */
    @Test
    void repeatsPrintOneLineWithTheStepsOfOneTiming() {
        Cli.Result r = Cli.run("bench", "--workloads", "sparse-ae", "--steps", "3", "--repeats", "3", "--warmup", "0", "--threads", "1", "--precision", "double");
        r.ok();
        assertThat(r.out().lines().toList()).singleElement().asString().startsWith("sparse-ae\tfloat64\tthreads=1\tsteps=3\tbatch=32\t");
    }
}
