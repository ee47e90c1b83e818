package dev.autoencoders.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GemmBackendTest {

    /** Surefire starts the test JVM with --add-modules jdk.incubator.vector (root pom), so VECTOR is chosen. */
    @Test
    void vectorBackendIsChosenWhenTheModuleIsPresent() {
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
        assertThat(GemmBackend.vectorAvailable()).isTrue();
        assertThat(GemmBackend.current()).isEqualTo(GemmBackend.VECTOR);
    }

    @Test
    void forcedScalarBackendGivesTheSameBitsAsTheVectorBackend() {
        GemmCase g = GemmCase.random(5, true, false, 61, 45, 333, true, 2, 0, 1);
        for (Precision p : Precision.values()) {
            double[] vector = KernelSettings.with(GemmBackend.VECTOR, p, g::gemm);
            double[] scalar = KernelSettings.with(GemmBackend.SCALAR, p, () -> {
                assertThat(GemmBackend.current()).isEqualTo(GemmBackend.SCALAR);
                return g.gemm();
            });
            assertThat(Arrays.equals(vector, scalar)).as("%s", p).isTrue();
        }
    }

    /** A JVM without the module: the library still loads, picks SCALAR, and computes correct products. */
    @Test
    void withoutTheModuleTheScalarFallbackRuns() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process probe = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                FallbackProbe.class.getName()).redirectErrorStream(true).start();
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).contains("OK").doesNotContain("FAILED");
        assertThat(probe.exitValue()).as(output).isZero();
    }
}
