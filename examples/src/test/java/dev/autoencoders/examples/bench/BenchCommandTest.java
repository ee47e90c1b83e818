package dev.autoencoders.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.examples.Cli;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    /**
     * One line per workload, in the twin script's form; every workload builds with its twin's parameter count (else
     * the run fails). One step each, with float32 matmuls on two threads (the fastest setting): each run warms up for
     * 10 steps, and pixelcnn-prior's take seconds on a slow machine.
     */
    @Test
    void printsOneLinePerWorkloadInTheTwinsForm() {
        Cli.Result r = Cli.run("bench", "--steps", "1", "--warmup", "0", "--threads", "2", "--precision", "float32-matmul");
        r.ok();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(Workloads.ALL.size());
        List<String> names = List.copyOf(Workloads.ALL.keySet());
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).startsWith(names.get(i) + "\tfloat32-matmul\tthreads=2\tsteps=1\t")
                    .matches("[a-z-]+\\tfloat32-matmul\\tthreads=2\\tsteps=1\\tbatch=\\d+\\tsamples_per_s=\\d+\\tloss=\\d+\\.\\d{4}");
        }
    }

    /** One line per precision and thread count, precision by precision, threads in the order given. */
    @Test
    void printsOneLinePerPrecisionAndThreadCount() {
        Cli.Result r = Cli.run("bench", "--workloads", "sparse-ae", "--steps", "2", "--warmup", "0", "--threads", "2,1",
                "--precision", "double,float32-matmul");
        r.ok();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(4);
        String[] heads = {"float64\tthreads=2", "float64\tthreads=1", "float32-matmul\tthreads=2", "float32-matmul\tthreads=1"};
        for (int i = 0; i < 4; i++) {
            assertThat(lines.get(i)).matches("sparse-ae\\t(float64|float32-matmul)\\tthreads=[12]\\tsteps=2\\tbatch=32\\tsamples_per_s=\\d+\\tloss=\\d+\\.\\d{4}")
                    .startsWith("sparse-ae\t" + heads[i] + "\t");
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(Cli.run("bench", "--workloads", "nope").code()).isEqualTo(2);
        assertThat(Cli.run("bench", "--precision", "half").err()).contains("half");
        assertThat(Cli.run("bench", "--threads", "0").code()).isEqualTo(2);
        assertThat(Cli.run("bench", "--repeats", "0").err())
                .isEqualTo("autoencoders bench: Invalid value for option '--repeats': 0 must be >= 1 (see 'autoencoders bench --help')\n");
    }

    /** With --repeats the line is still one per run, and its steps are one timing's, not the total. */
    @Test
    void repeatsPrintOneLineWithTheStepsOfOneTiming() {
        Cli.Result r = Cli.run("bench", "--workloads", "sparse-ae", "--steps", "3", "--repeats", "3", "--warmup", "0", "--threads", "1", "--precision", "double");
        r.ok();
        assertThat(r.out().lines().toList()).singleElement().asString().startsWith("sparse-ae\tfloat64\tthreads=1\tsteps=3\tbatch=32\t");
    }
}
