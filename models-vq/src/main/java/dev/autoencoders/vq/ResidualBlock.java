package dev.autoencoders.vq;

import dev.autoencoders.nn.Activation;
import dev.autoencoders.nn.Conv2d;
import dev.autoencoders.nn.Layer;
import dev.autoencoders.nn.MaskedConv2d;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;

/**
 * The PixelCNN residual block of the twin ({@code nn.Sequential} inside {@code res}):
 * <pre>
 *   f(h) = Conv1x1(F/2 -> F) relu( MaskedConvB 3x3(F/2 -> F/2) relu( Conv1x1(F -> F/2) relu(h) ) )
 *   y    = h + f(h)
 * </pre>
 * {@code h: (N, F, H, W) -> (N, F, H, W)}. The 1x1 convolutions see only their own position and the 3x3 one is
 * masked with type B (its own position and those before it in raster order), so the block keeps the causal
 * structure. Children {@code 0..5} as the twin's Sequential: {@code res.0.1.weight, res.0.3.mask, ...}.
 */
public final class ResidualBlock extends Layer {
    private final Layer[] layers;

    public ResidualBlock(int filters, Rng rng) {
        if (filters < 2 || filters % 2 != 0) throw new IllegalArgumentException("ResidualBlock: filters must be even and >= 2, got " + filters);
        int half = filters / 2;
        // registered under this block's own names 0..5, as the twin's nn.Sequential
        this.layers = new Layer[] {
            Activation.relu(), new Conv2d(filters, half, 1, 1, 0, rng), Activation.relu(),
            new MaskedConv2d(MaskedConv2d.Type.B, half, half, 3, 1, rng), Activation.relu(), new Conv2d(half, filters, 1, 1, 0, rng)};
        for (int i = 0; i < layers.length; i++) child(Integer.toString(i), layers[i]);
    }

    @Override
    public Tensor forward(Tensor h) {
        Tensor f = h;
        for (Layer l : layers) f = l.forward(f);
        // y = h + f(h)
        return h.add(f);
    }
}
