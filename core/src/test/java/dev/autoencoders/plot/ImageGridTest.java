package dev.autoencoders.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoencoders.data.Datasets;
import dev.autoencoders.tensor.ShapeException;
import dev.autoencoders.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {

    @Test
    void tenDigitsMakeTorchvisionsGridSize(@TempDir Path dir) throws IOException {
        Tensor x = Datasets.load("mnist-10k").test().take(10).images();
        Path png = dir.resolve("grid.png");
        ImageGrid.save(x, png);
        BufferedImage img = ImageIO.read(png.toFile());
        // torchvision: make_grid(10 x 1 x 28 x 28, nrow=8, padding=2) is 3 x 62 x 242
        assertThat(img.getWidth()).isEqualTo(242);
        assertThat(img.getHeight()).isEqualTo(62);
        assertThat(distinctPixels(img)).isGreaterThan(1);
        // padding is black; pixel (r, c) of image 9 (grid row 1, column 1) is at (32 + r, 32 + c)
        assertThat(img.getRGB(0, 0) & 0xffffff).isZero();
        int b = ImageGrid.toByte(x.get(9, 0, 14, 14));
        assertThat(img.getRGB(32 + 14, 32 + 14) & 0xffffff).isEqualTo(b << 16 | b << 8 | b);
        assertThat(Files.list(dir)).containsExactly(png); // atomic write leaves no temporary file
    }

    @Test
    void handComputedGrid() {
        // 3 images 1x1x2 (values 0.1k), nrow 2, padding 1, pad value 0.5: 2 columns, 2 rows, 2*(1+1)+1 x 2*(2+1)+1
        Tensor x = Tensor.of(new double[] {0.0, 0.1, 0.2, 0.3, 0.4, 0.5}, 3, 1, 1, 2);
        Tensor g = ImageGrid.makeGrid(x, ImageGrid.Options.DEFAULT.withNrow(2).withPadding(1).withPadValue(0.5));
        assertThat(g.shape()).containsExactly(1, 5, 7);
        double p = 0.5;
        double[] expected = {
            p, p, p, p, p, p, p,
            p, 0.0, 0.1, p, 0.2, 0.3, p,
            p, p, p, p, p, p, p,
            p, 0.4, 0.5, p, p, p, p,
            p, p, p, p, p, p, p};
        assertThat(g.data()).containsExactly(expected);
    }

    @Test
    void aSingleImageIsTheGridWithoutPadding() {
        Tensor g = ImageGrid.makeGrid(Tensor.full(0.3, 1, 3, 4, 5), ImageGrid.Options.DEFAULT);
        assertThat(g.shape()).containsExactly(3, 4, 5);
    }

    @Test
    void normalizationOverTheBatchPerImageAndFromARange() {
        Tensor x = Tensor.of(new double[] {-1, 0, 1, 3}, 2, 1, 1, 2);
        ImageGrid.Options noPad = ImageGrid.Options.DEFAULT.withPadding(0);
        // batch min -1, max 3: (x + 1) / 4
        assertThat(ImageGrid.makeGrid(x, noPad.normalized(false)).data()).containsExactly(0.0, 0.25, 0.5, 1.0);
        // each image: [-1, 0] -> [0, 1], [1, 3] -> [0, 1]
        assertThat(ImageGrid.makeGrid(x, noPad.normalized(true)).data()).containsExactly(0.0, 1.0, 0.0, 1.0);
        // range (-1, 1): clamp to [-1, 1], then (x + 1) / 2
        assertThat(ImageGrid.makeGrid(x, noPad.normalized(-1, 1)).data()).containsExactly(0.0, 0.5, 1.0, 1.0);
        // a constant batch divides by max(hi - lo, 1e-5): all zeros, no NaN
        assertThat(ImageGrid.makeGrid(Tensor.full(7, 2, 1, 1, 1), noPad.normalized(false)).data()).containsExactly(0.0, 0.0);
    }

    @Test
    void bytesAreRoundedAndClampedLikeSaveImage() {
        assertThat(ImageGrid.toByte(0.0)).isZero();
        assertThat(ImageGrid.toByte(1.0)).isEqualTo(255);
        assertThat(ImageGrid.toByte(0.5)).isEqualTo(128); // 127.5 + 0.5 = 128
        assertThat(ImageGrid.toByte(0.498)).isEqualTo(127); // 126.99 + 0.5 = 127.49
        assertThat(ImageGrid.toByte(-3)).isZero();
        assertThat(ImageGrid.toByte(7)).isEqualTo(255);
        assertThat(ImageGrid.toByte(Double.NaN)).isZero();
    }

    @Test
    void rgbImagesKeepTheirChannels(@TempDir Path dir) throws IOException {
        // 2 images 3 x 2 x 2: image 0 red, image 1 blue
        double[] v = new double[2 * 3 * 4];
        for (int k = 0; k < 4; k++) {
            v[k] = 1.0;           // image 0, channel R
            v[12 + 8 + k] = 1.0;  // image 1, channel B
        }
        Path png = dir.resolve("rgb.png");
        ImageGrid.save(Tensor.of(v, 2, 3, 2, 2), png, ImageGrid.Options.DEFAULT);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(2 * 4 + 2);
        assertThat(img.getHeight()).isEqualTo(4 + 2);
        assertThat(img.getRGB(2, 2) & 0xffffff).isEqualTo(0xff0000);
        assertThat(img.getRGB(6, 2) & 0xffffff).isEqualTo(0x0000ff);
    }

    @Test
    void rowsOfAnMlpAreReshaped(@TempDir Path dir) throws IOException {
        Tensor rows = Datasets.load("mnist-10k").test().take(16).flat();
        Path png = dir.resolve("rows.png");
        ImageGrid.save(rows, 28, 28, png, ImageGrid.Options.DEFAULT);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(242);
        assertThat(img.getHeight()).isEqualTo(62);
        assertThat(distinctPixels(img)).isGreaterThan(1);
    }

    @Test
    void shapeErrors() {
        assertThatThrownBy(() -> ImageGrid.makeGrid(Tensor.zeros(2, 2, 4, 4), ImageGrid.Options.DEFAULT))
                .isInstanceOf(ShapeException.class).hasMessageContaining("[2, 2, 4, 4]");
        assertThatThrownBy(() -> ImageGrid.save(Tensor.zeros(2, 780), 28, 28, Path.of("x.png"), ImageGrid.Options.DEFAULT))
                .isInstanceOf(ShapeException.class).hasMessageContaining("[2, 780]");
        assertThatThrownBy(() -> ImageGrid.Options.DEFAULT.withNrow(0)).isInstanceOf(IllegalArgumentException.class);
    }

    static int distinctPixels(BufferedImage img) {
        Set<Integer> s = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) s.add(img.getRGB(x, y));
        return s.size();
    }
}
