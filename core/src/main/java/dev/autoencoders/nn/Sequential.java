package dev.autoencoders.nn;

import dev.autoencoders.tensor.Tensor;
import java.util.List;

/** Layers applied in order, {@code y = f_n(...f_1(f_0(x)))}; named {@code "0", "1", ...} as PyTorch's nn.Sequential. */
public final class Sequential extends Layer {
    private final List<Layer> layers;

    public Sequential(Layer... layers) {
        this.layers = List.of(layers);
        for (int i = 0; i < layers.length; i++) child(Integer.toString(i), layers[i]);
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Layer l : layers) x = l.forward(x);
        return x;
    }

    /** The i-th layer. */
    public Layer get(int i) {
        return layers.get(i);
    }

    public int size() {
        return layers.size();
    }
}
