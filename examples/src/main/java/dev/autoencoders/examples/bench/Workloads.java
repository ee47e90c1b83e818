package dev.autoencoders.examples.bench;

import dev.autoencoders.ae.ConvAutoEncoder;
import dev.autoencoders.ae.DeepAutoEncoder;
import dev.autoencoders.nn.Activation;
import dev.autoencoders.ae.SparseAutoEncoder;
import dev.autoencoders.nn.Losses;
import dev.autoencoders.nn.Reduction;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import dev.autoencoders.vae.BernoulliLikelihood;
import dev.autoencoders.vae.Vae;
import dev.autoencoders.vq.PixelCnn;
import dev.autoencoders.vq.VqVae;
import java.util.LinkedHashMap;
import java.util.Map;

/** The six reference workloads, in the order of torch_bench.py, each built from the project's own model class. */
final class Workloads {
    private Workloads() {}

    static final Map<String, Workload> ALL = new LinkedHashMap<>();

    private static void add(Workload w) {
        ALL.put(w.name(), w);
    }

    static {
        // Hinton & Salakhutdinov's 784-1000-500-250-30 and mirror, ReLU, sigmoid out, MSE
        add(new Workload("deep-ae", 128, 1e-3, 2_837_314, rng -> {
            DeepAutoEncoder m = new DeepAutoEncoder(DeepAutoEncoder.Config.mnist(Activation.Kind.RELU), rng);
            return new Workload.Built(m, x -> Losses.mse(m.forward((Tensor) x), (Tensor) x, Reduction.MEAN));
        }, rng -> Tensor.rand(rng, 128, 784)));
        // pytorch/examples VAE 784-400-20: BCE summed over pixels + KL, averaged over the batch
        add(new Workload("vae", 128, 1e-3, 652_824, rng -> {
            Vae m = new Vae(Vae.Config.mnist(20, new BernoulliLikelihood()), rng);
            Rng noise = rng.fork();
            return new Workload.Built(m, x -> m.elbo((Tensor) x, noise).negElbo());
        }, rng -> Tensor.rand(rng, 128, 784)));
        // post 003: 10x10 crops, 100 sigmoid hidden units, KL sparsity rho 0.01 beta 5
        add(new Workload("sparse-ae", 32, 1e-3, 20_200, rng -> {
            SparseAutoEncoder m = new SparseAutoEncoder(SparseAutoEncoder.Config.post003(), rng);
            return new Workload.Built(m, x -> m.cost((Tensor) x).total());
        }, rng -> Tensor.rand(rng, 32, 100)));
        // post 003's ConvAutoEncoder, Fashion-MNIST in [-1, 1]
        add(new Workload("conv-ae", 32, 3e-3, 5_729, rng -> {
            ConvAutoEncoder m = new ConvAutoEncoder(ConvAutoEncoder.Decoder.CONV_TRANSPOSE, rng);
            return new Workload.Built(m, x -> Losses.mse(m.forward((Tensor) x), (Tensor) x, Reduction.MEAN));
        }, rng -> Tensor.uniform(rng, -1, 1, 32, 1, 28, 28)));
    
        // keras-io vq_vae shape: 28x28 -> 7x7x16, K = 128 codes, beta 0.25
        add(new Workload("vq-vae", 64, 1e-3, 49_937, rng -> {
            VqVae m = new VqVae(VqVae.Config.mnist(), rng);
            return new Workload.Built(m, x -> m.loss(m.forward((Tensor) x), (Tensor) x));
        }, rng -> Tensor.rand(rng, 64, 1, 28, 28)));
        // keras-io vq_vae prior: PixelCNN over the 7x7 grid of K = 128 codes
        add(new Workload("pixelcnn-prior", 128, 1e-3, 975_872, rng -> {
            PixelCnn m = new PixelCnn(PixelCnn.Config.twin(128), rng);
            return new Workload.Built(m, c -> m.loss((int[]) c, 128, 7, 7));
        }, rng -> {
            int[] codes = new int[128 * 7 * 7];
            for (int i = 0; i < codes.length; i++) codes[i] = rng.nextInt(128);
            return codes;
        }));
    }
}
