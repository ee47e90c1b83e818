package dev.autoencoders.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class LossHistoryTest {

    @Test
    void recordsSeriesInOrderAndGrows() {
        LossHistory h = new LossHistory();
        for (int i = 0; i < 200; i++) h.add("train", i, 1.0 / (i + 1));
        h.add("test", 1, 0.5).add("test", 2, 0.25);
        assertThat(h.names()).containsExactly("train", "test");
        assertThat(h.xs("train")).hasSize(200);
        assertThat(h.values("train")[199]).isEqualTo(1.0 / 200);
        assertThat(h.last("test")).isEqualTo(0.25);
        assertThat(h.xs("test")).containsExactly(1.0, 2.0);
        assertThatThrownBy(() -> h.values("val")).hasMessageContaining("no series 'val'");
    }

    @Test
    void plotsEverySeries() throws IOException {
        LossHistory h = new LossHistory().add("train", 0, 1).add("train", 1, 0.5).add("test", 1, 0.7);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(h.plot("t", "epoch", "loss").logY(true).png()));
        assertThat(img.getWidth()).isEqualTo(800);
        assertThat(img.getHeight()).isEqualTo(500);
    }
}
