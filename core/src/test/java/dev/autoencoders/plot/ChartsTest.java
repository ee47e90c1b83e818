package dev.autoencoders.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.data.ClassNames;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @Test
    void lossCurvesWithLogYAreSavedAsPng(@TempDir Path dir) throws IOException {
        double[] steps = new double[100], train = new double[100], test = new double[100];
        for (int i = 0; i < 100; i++) {
            steps[i] = i;
            train[i] = Math.exp(-i / 20.0);
            test[i] = 1.1 * Math.exp(-i / 25.0);
        }
        Path png = dir.resolve("loss.png");
        new LinePlot("loss", "step", "MSE").series("train", steps, train).series("test", steps, test).logY(true).save(png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(800);
        assertThat(img.getHeight()).isEqualTo(500);
        assertThat(ImageGridTest.distinctPixels(img)).isGreaterThan(10);
    }

    @Test
    void nonFiniteAndNonPositiveValuesStillGiveAPicture() throws IOException {
        byte[] png = new LinePlot("elbo", "epoch", "loss").series("train", new double[] {3, Double.NaN, -1, 0.5}).logY(true).size(300, 200).png();
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(img.getWidth()).isEqualTo(300);
        assertThat(img.getHeight()).isEqualTo(200);
        assertThat(ImageGridTest.distinctPixels(img)).isGreaterThan(1);
        BufferedImage empty = ImageIO.read(new ByteArrayInputStream(new LinePlot("nothing", "x", "y").series("nan", new double[] {Double.NaN}).png()));
        assertThat(ImageGridTest.distinctPixels(empty)).isGreaterThan(1);
    }

    @Test
    void lineSeriesErrors() {
        LinePlot p = new LinePlot("t", "x", "y").series("a", new double[] {1, 2});
        assertThatThrownBy(() -> p.series("a", new double[] {1})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' used twice");
        assertThatThrownBy(() -> p.series("b", new double[] {1, 2}, new double[] {1})).hasMessageContaining("2 x values and 1 y values");
    }

    @Test
    void scatterOfLabelledPoints(@TempDir Path dir) throws IOException {
        Rng rng = new Rng(0);
        int n = 500;
        Tensor z = Tensor.randn(rng, n, 2);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % 10;
        z.data()[0] = Double.NaN; // left out
        Path png = dir.resolve("latent.png");
        ScatterPlot.save(png, "latent space", "z1", "z2", z, labels, ClassNames.FASHION_MNIST);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(800);
        assertThat(img.getHeight()).isEqualTo(700);
        assertThat(ImageGridTest.distinctPixels(img)).isGreaterThan(10);
    }

    @Test
    void scatterShapeErrors() {
        assertThatThrownBy(() -> ScatterPlot.png("t", "x", "y", Tensor.zeros(4, 3), new int[4], null))
                .isInstanceOf(ShapeException.class).hasMessageContaining("[4, 3]");
        assertThatThrownBy(() -> ScatterPlot.png("t", "x", "y", Tensor.zeros(4, 2), new int[3], null))
                .isInstanceOf(ShapeException.class).hasMessageContaining("3 labels for points [4, 2]");
    }
}
