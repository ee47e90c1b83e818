package dev.autoencoders.kernels.bench;

import dev.autoencoders.kernels.ConvGeometry;
import dev.autoencoders.nn.MaskedConv2d;

/** The convolutions of the reference workloads (shared/bench/torch_bench.py), with their batch sizes. */
public enum ConvShape {
    /** conv-ae encoder: Conv 1->16 k3 s3 p1 on 28x28, batch 32. */
    CONVAE_ENC1(32, 1, 28, 16, 3, 3, 1, null),
    /** conv-ae decoder: ConvT 16->8 k5 s3 p1, 5x5 -> 15x15, as the convolution 8@15x15 -> 16@5x5 it is the adjoint of. */
    CONVAE_DEC2(32, 8, 15, 16, 5, 3, 1, null),
    /** vq-vae encoder: Conv 1->32 k3 s2 p1, 28x28 -> 14x14, batch 64. */
    VQVAE_ENC1(64, 1, 28, 32, 3, 2, 1, null),
    /** vq-vae encoder: Conv 32->64 k3 s2 p1, 14x14 -> 7x7, batch 64. */
    VQVAE_ENC2(64, 32, 14, 64, 3, 2, 1, null),
    /** vq-vae decoder: ConvT 16->64 k3 s2 p1 op1, 7x7 -> 14x14, as the convolution 64@14x14 -> 16@7x7 it is the adjoint of. */
    VQVAE_DEC1(64, 64, 14, 16, 3, 2, 1, null),
    /** vq-vae decoder: ConvT 64->32 k3 s2 p1 op1, 14x14 -> 28x28, as the convolution 32@28x28 -> 64@14x14. */
    VQVAE_DEC2(64, 32, 28, 64, 3, 2, 1, null),
    /** vq-vae decoder: Conv 32->1 k3 p1 on 28x28, batch 64. */
    VQVAE_DEC3(64, 32, 28, 1, 3, 1, 1, null),
    /** PixelCNN prior: mask-A Conv 128->128 k7 p3 on the 7x7 code grid, batch 128 (24 of 49 taps). */
    PIXELCNN_MASK_A(128, 128, 7, 128, 7, 1, 3, taps(MaskedConv2d.Type.A, 7)),
    /** PixelCNN prior: 1x1 Conv 128->64 in a residual block, batch 128. */
    PIXELCNN_1X1(128, 128, 7, 64, 1, 1, 0, null);

    final int n, c, size, o, k, stride, pad;
    final boolean[] taps;

    ConvShape(int n, int c, int size, int o, int k, int stride, int pad, boolean[] taps) {
        this.n = n;
        this.c = c;
        this.size = size;
        this.o = o;
        this.k = k;
        this.stride = stride;
        this.pad = pad;
        this.taps = taps;
    }

    private static boolean[] taps(MaskedConv2d.Type type, int k) {
        double[] m = MaskedConv2d.mask(type, 1, 1, k).data();
        boolean[] t = new boolean[k * k];
        for (int i = 0; i < t.length; i++) t[i] = m[i] != 0;
        return t;
    }

    ConvGeometry geometry() {
        return ConvGeometry.of(n, c, size, size, o, k, stride, pad, taps);
    }

    /** Floating-point operations of one forward (and of each of the two backward products): {@code 2 n o OH OW c T}. */
    double flops() {
        ConvGeometry g = geometry();
        return 2.0 * g.n() * g.o() * g.outPlane() * g.c() * g.visibleTaps();
    }
}
