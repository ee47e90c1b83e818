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
    }
}
