package dev.autoencoders.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoencoders.io.MalformedFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {

    @Test
    void roundTripKeepsOrderAndTypes(@TempDir Path dir) {
        Path f = dir.resolve("metrics.json");
        new Metrics().put("test_mse", 0.0331).put("epochs", 2).put("data", "mnist-10k").put("resumed", false).put("lr", 1e-3).write(f);
        Metrics m = Metrics.read(f);
        assertThat(new ArrayList<>(m.asMap().keySet())).containsExactly("test_mse", "epochs", "data", "resumed", "lr");
        assertThat(m.get("test_mse")).isEqualTo(0.0331);
        assertThat(m.get("epochs")).isEqualTo(2L);
        assertThat(m.get("data")).isEqualTo("mnist-10k");
        assertThat(m.get("resumed")).isEqualTo(false);
        assertThat(m.getDouble("lr")).isEqualTo(1e-3);
    }

    @Test
    void theFileIsOneFlatJsonObject(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("metrics.json");
        new Metrics().put("a", 1.5).put("b", "x\"y").put("c", 3).write(f);
        String text = Files.readString(f, StandardCharsets.UTF_8);
        JsonNode root = new ObjectMapper().readTree(text);
        assertThat(root.isObject()).isTrue();
        assertThat(root.size()).isEqualTo(3);
        assertThat(root.get("a").doubleValue()).isEqualTo(1.5);
        assertThat(root.get("b").textValue()).isEqualTo("x\"y");
        assertThat(root.get("c").isIntegralNumber()).isTrue();
        assertThat(text).endsWith("}\n");
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNull(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.json");
        new Metrics().put("nan", Double.NaN).put("inf", Double.POSITIVE_INFINITY).put("ok", 1.0).write(f);
        JsonNode root = new ObjectMapper().readTree(Files.readString(f)); // strict parser: would reject NaN
        assertThat(root.get("nan").isNull()).isTrue();
        assertThat(root.get("inf").isNull()).isTrue();
        Metrics m = Metrics.read(f);
        assertThat(m.has("nan")).isTrue();
        assertThat(m.get("nan")).isNull();
        assertThat(m.getDouble("inf")).isNaN();
        assertThat(m.getDouble("ok")).isEqualTo(1.0);
    }

    @Test
    void puttingAKeyAgainReplacesItInPlace() {
        Metrics m = new Metrics().put("a", 1).put("b", 2).put("a", 3);
        assertThat(List.copyOf(m.asMap().keySet())).containsExactly("a", "b");
        assertThat(m.get("a")).isEqualTo(3L);
    }

    @Test
    void readerRejectsWhatIsNotAFlatObject(@TempDir Path dir) throws IOException {
        Path nested = Files.writeString(dir.resolve("n.json"), "{\"a\": {\"b\": 1}}");
        assertThatThrownBy(() -> Metrics.read(nested)).isInstanceOf(MalformedFileException.class).hasMessageContaining("'a' holds a nested OBJECT");
        Path array = Files.writeString(dir.resolve("a.json"), "[1, 2]");
        assertThatThrownBy(() -> Metrics.read(array)).isInstanceOf(MalformedFileException.class).hasMessageContaining("not a JSON object");
        Path bad = Files.writeString(dir.resolve("b.json"), "{\"a\": NaN}");
        assertThatThrownBy(() -> Metrics.read(bad)).isInstanceOf(MalformedFileException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void getDoubleErrors() {
        Metrics m = new Metrics().put("s", "text");
        assertThatThrownBy(() -> m.getDouble("s")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> m.getDouble("missing")).hasMessageContaining("no key 'missing'");
        assertThatThrownBy(() -> m.put("", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
