package dev.autoencoders.labs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grader end to end on the fixture lab (src/test/resources/fixture-catalog/fixture.lab, tests in the package
 * {@code fixture}): a passing, a failing and a stub test, and a property that passes only with the fixed seed,
 * run in the grader's own JVM; the printed lines, the total and results.json.
 */
class GraderTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static Catalog.Lab fixture() {
        return Catalog.load(Path.of("src/test/resources/fixture-catalog")).get("fixture");
    }

    @Test
    void aPassAFailureAStubAndAFixedSeedGiveTheirLinesTotalAndJson(@TempDir Path dir) throws IOException {
        Grade g = Grader.grade(ROOT, fixture(), Duration.ofMinutes(5));
        List<String> lines = g.lines();
        assertThat(lines).containsExactly(
                "PASS 3/3  FixtureLabTest.passes",
                "FAIL 0/2  FixtureLabTest.fails: [0.1 + 0.2 in double] expected: 0.3 but was: 0.30000000000000004",
                "TODO 0/4  FixtureLabTest.isAStub: lab fixture: FixtureLabTest.isAStub is yours to write (docs/labs/fixture.md)",
                "PASS 1/1  FixtureLabProperties.theSampleIsTheFixedSeedsFirst",
                "fixture: 4/10");

        Path json = dir.resolve("results.json");
        Grader.writeResults(g, json);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("score").asInt()).isEqualTo(4);
        JsonNode tests = root.get("tests");
        assertThat(tests).hasSize(4);
        assertThat(tests.get(0).get("name").asText()).isEqualTo("FixtureLabTest.passes");
        assertThat(tests.get(0).get("score").asInt()).isEqualTo(3);
        assertThat(tests.get(0).get("max_score").asInt()).isEqualTo(3);
        assertThat(tests.get(0).get("visibility").asText()).isEqualTo("visible");
        assertThat(tests.get(1).get("score").asInt()).isZero();
        assertThat(tests.get(1).get("max_score").asInt()).isEqualTo(2);
        assertThat(tests.get(1).get("output").asText()).isEqualTo("FAIL: [0.1 + 0.2 in double] expected: 0.3 but was: 0.30000000000000004");
        assertThat(tests.get(2).get("output").asText()).startsWith("TODO: lab fixture: FixtureLabTest.isAStub");
        assertThat(tests.get(2).get("status").asText()).isEqualTo("failed");
    }
}
