package dev.autoencoders.notebooks.ae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.ae.ConvAutoEncoder;
import dev.autoencoders.ae.ConvEncoder;
import dev.autoencoders.ae.TransposedConvDecoder;
import dev.autoencoders.data.Datasets;
import dev.autoencoders.data.Transforms;
import dev.autoencoders.nn.Conv2d;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Module;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.notebooks.Notebook;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.plot.ImageGrid;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.train.Trainer;
import dev.autoencoders.util.Metrics;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Post 003 (5, after Masci et al. 2011): "max pooling worked best; the explanation is that the max acts as a sparsity
 * constraint". Masci et al. mean the representation their decoder reads: pooling keeps each window's maximum and
 * unpooling puts it back with zeros around it. Measured here as the fraction of activations that are exactly zero
 * (on 500 test images), in three convolutional autoencoders trained from the same seeds on 1,000 Fashion-MNIST images
 * in [-1, 1], 3 epochs (Adam 3e-3, weight decay 1e-5, batch 32, the conv-ae command's settings):
 * <ul>
 *   <li>the post's net (ReLU, max pooling, a transposed-convolution decoder): its 8 x 2 x 2 code, and the pooled
 *       16 x 5 x 5 map the second convolution reads;</li>
 *   <li>the same net without pooling, the strides changed so that the code is 8 x 2 x 2 again ({@code Conv(1 -> 16, k3 s3
 *       p1)}, ReLU, {@code Conv(16 -> 8, k5 s4)}, ReLU): its code, and the 16 x 10 x 10 map its second convolution reads;</li>
 *   <li>Masci's arrangement, the post's encoder with the unpooling decoder ({@code conv-ae --decoder unpool}): the
 *       16 x 10 x 10 map its last transposed convolution reads, the first pooling's maxima put back.</li>
 * </ul>
 */
class PoolingSparsityNotebookTest {
    static final int TRAIN = 1000, TEST = 500, EPOCHS = 3;

    /** The post's net with the pooling layers taken out, the strides changed to keep the 8 x 2 x 2 code. */
    static final class NoPoolAutoEncoder extends Module {
        final Conv2d conv1, conv2;
        final TransposedConvDecoder dec;

        NoPoolAutoEncoder(Rng rng) {
            conv1 = child("enc0", new Conv2d(1, 16, 3, 3, 1, rng));
            conv2 = child("enc2", new Conv2d(16, 8, 5, 4, 0, rng));
            dec = child("dec", new TransposedConvDecoder(rng));
        }

        /** (N, 1, 28, 28) -> (N, 16, 10, 10): what the second convolution reads. */
        Tensor hidden(Tensor x) {
            return conv1.forward(x).relu();
        }

        /** (N, 16, 10, 10) -> (N, 8, 2, 2), floor((10 - 5) / 4) + 1 = 2. */
        Tensor code(Tensor h) {
            return conv2.forward(h).relu();
        }

        Tensor forward(Tensor x) {
            return dec.decode(new ConvEncoder.Code(code(hidden(x)), null, null));
        }
    }

    static void train(Module net, Function<Tensor, Tensor> forward, Tensor images) {
        Adam adam = new Adam(net.parameters(), 3e-3, 1e-5);
        new Trainer(adam, images.dim(0), 32, new Rng(52)).fit(EPOCHS, (batch, noise) -> {
            Tensor x = Reshaping.indexSelect(images, batch);
            return Losses.mse(forward.apply(x), x, Reduction.MEAN);
        }, null);
    }

    /** The fraction of the entries that are exactly 0. */
    static double zeros(Tensor t) {
        long z = 0;
        for (double v : t.data()) if (v == 0) z++;
        return (double) z / t.numel();
    }

    @Test
    void poolingAndUnpoolingMakeTheDecodersInputSparseNotTheCode() {
        var data = Datasets.load(Datasets.FASHION_MNIST_10K);
        Tensor train = Transforms.toMinusOneOne(data.train().images().slice(0, 0, TRAIN));
        Tensor test = Transforms.toMinusOneOne(data.test().images().slice(0, 0, TEST));
        ConvAutoEncoder post = new ConvAutoEncoder(ConvAutoEncoder.Decoder.CONV_TRANSPOSE, new Rng(51));
        ConvAutoEncoder masci = new ConvAutoEncoder(ConvAutoEncoder.Decoder.UNPOOL, new Rng(51));
        NoPoolAutoEncoder noPool = new NoPoolAutoEncoder(new Rng(51));
        train(post, post::forward, train);
        train(masci, masci::forward, train);
        train(noPool, noPool::forward, train);

        double postCode, postPooled, noPoolCode, noPoolHidden, masciUnpooled, postMse, noPoolMse, masciMse;
        try (GradMode.Scope s = GradMode.off()) {
            ConvEncoder e = post.enc;
            Tensor pooled = e.pool1.forward(e.conv1.forward(test).relu());
            postPooled = zeros(pooled);
            postCode = zeros(post.encode(test).z());
            Tensor h = noPool.hidden(test);
            noPoolHidden = zeros(h);
            noPoolCode = zeros(noPool.code(h));
            // the unpooling decoder's layers 0 to 3: what its last transposed convolution reads
            ConvEncoder.Code c = masci.encode(test);
            var dec = (dev.autoencoders.ae.UnpoolDecoder) masci.dec;
            Tensor u = dec.unpool1.forward(dec.deconv2.forward(dec.unpool2.forward(c.z(), c.pool2Indices(), 3, 3)).relu(), c.pool1Indices(), 10, 10);
            masciUnpooled = zeros(u);
            // the figure: one test image's 16 maps of 10 x 10, without pooling (what conv 2 reads) and unpooled (what Masci's decoder reads)
            Tensor maps = Reshaping.concat(0, h.slice(0, 0, 1).reshape(16, 1, 10, 10), u.slice(0, 0, 1).reshape(16, 1, 10, 10));
            ImageGrid.save(Figures.upscale(maps, 3), Notebook.file("convolutional-autoencoder", "pooling-sparsity-maps.png"),
                    ImageGrid.Options.DEFAULT.withNrow(16).normalized(false));
            postMse = Losses.mse(post.forward(test), test, Reduction.MEAN).item();
            noPoolMse = Losses.mse(noPool.forward(test), test, Reduction.MEAN).item();
            masciMse = Losses.mse(masci.forward(test), test, Reduction.MEAN).item();
        }
        Metrics m = new Metrics().put("train_images", TRAIN).put("epochs", EPOCHS)
                .put("post_code_zeros", postCode).put("post_pooled_map_zeros", postPooled).put("post_test_mse", postMse)
                .put("no_pool_code_zeros", noPoolCode).put("no_pool_hidden_map_zeros", noPoolHidden).put("no_pool_test_mse", noPoolMse)
                .put("unpool_decoder_input_zeros", masciUnpooled).put("unpool_test_mse", masciMse);
        Notebook.record("convolutional-autoencoder", "pooling-sparsity", m);

        // Masci's sense holds by construction: unpooling leaves 3 of every 4 positions at 0, and with the ReLU zeros
        // the decoder reads a map more than 75% zero, over twice the zeros of the map a net without pooling reads
        assertThat(masciUnpooled).isGreaterThan(0.75).isGreaterThan(2 * noPoolHidden);
        // in the post's net, which does not unpool, pooling makes the code denser, not sparser: the maximum of four
        // ReLU outputs is 0 only when all four are, so its code has fewer zeros than the same net's without pooling
        assertThat(postCode).isLessThan(noPoolCode);
        assertThat(postPooled).isLessThan(noPoolHidden);
        // and the three reconstruct about equally well at this budget (within 15%)
        assertThat(Math.max(postMse, Math.max(noPoolMse, masciMse)) / Math.min(postMse, Math.min(noPoolMse, masciMse))).isLessThan(1.15);
    }
}
