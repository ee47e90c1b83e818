package dev.autoencoders.vq;

import dev.autoencoders.data.Datasets;
import dev.autoencoders.data.Splits;
import dev.autoencoders.io.Safetensors;
import dev.autoencoders.optim.Adam;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.GradMode;
import dev.autoencoders.tensor.Reshaping;
import dev.autoencoders.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An experiment, not a test: trains our VQ-VAE from the PyTorch twin's initial weights, in the twin's batch order,
 * and prints the test reconstruction MSE. It separates the two reasons two runs can differ: the implementation (which
 * this replay keeps apart) and the random draws (which it shares). The 24-step version runs in CI as
 * {@code VqVaeTest.trainsStepForStepAsThePyTorchTwin}; the whole 10-epoch run takes minutes, so it is a main:
 * <pre>
 * /usr/bin/python3 tools/pytorch/vq_vae.py --seeds 2 --float64 --save-replay DIR
 * java --add-modules jdk.incubator.vector -cp examples/target/autoencoders.jar:models-vq/target/test-classes \
 *     dev.autoencoders.vq.TwinReplay DIR/replay_seed0.safetensors
 * </pre>
 * Plain codebook, Adam 1e-3, batch 64, mnist-10k in [0, 1], float64; one epoch per permutation in the file.
 * With a second argument {@code ema}: the EMA codebook (decay 0.99, epsilon 1e-5, no restarts, so no random draw
 * enters the run), from a file written by {@code vq_vae.py --codebook ema --float64 --save-replay DIR}; its
 * statistics start as the twin's do, one assignment per code at its initial vector.
 */
public final class TwinReplay {
    private TwinReplay() {}

    public static void main(String[] args) {
        boolean ema = args.length == 2 && args[1].equals("ema");
        if (args.length != 1 && !ema) {
            System.err.println("usage: TwinReplay replay_seed<N>.safetensors [ema] (written by tools/pytorch/vq_vae.py [--codebook ema] --save-replay DIR)");
            System.exit(2);
        }
        Map<String, Tensor> f = Safetensors.read(Path.of(args[0])).tensors();
        // 1. The twin's initial weights and its permutations of the training set, one per epoch
        VqVae vq = new VqVae(VqVae.Config.mnist(ema ? VectorQuantizer.Config.ema(128, 16) : VectorQuantizer.Config.plain(128, 16)), new Rng(0));
        Map<String, Tensor> init = new LinkedHashMap<>(TwinFixtures.under(f, "init"));
        if (ema) {
            // N_k = 1, m_k = e_k: the EMA statistics the twin starts from
            init.put("codebook.cluster_size", Tensor.ones(128));
            init.put("codebook.embed_avg", init.get("codebook.weight"));
        }
        vq.loadStateDict(init, args[0]);
        Tensor perms = f.get("perms");
        if (perms == null || perms.shape().length != 2) {
            throw new IllegalArgumentException(args[0] + ": no 2-D tensor 'perms' (one permutation of the training set per epoch); write it with vq_vae.py --save-replay");
        }
        Splits data = Datasets.load("mnist-10k");
        Tensor train = data.train().images();
        Tensor test = data.test().images();
        Adam adam = new Adam(vq.parameters(), 1e-3);
        Rng noRestarts = new Rng(0); // the maintenance draws only for restarts, and there are none
        // 2. Train in the twin's order: batches of 64 along each permutation
        for (int e = 0; e < perms.dim(0); e++) {
            int[] perm = TwinFixtures.ints(perms.slice(0, e, e + 1));
            double sum = 0;
            int steps = 0;
            for (int i = 0; i < perm.length; i += 64) {
                Tensor x = Reshaping.indexSelect(train, Arrays.copyOfRange(perm, i, Math.min(i + 64, perm.length)));
                VqVae.Output out = vq.forward(x);
                if (ema) vq.codebook.update(out.quantization(), noRestarts);
                Tensor loss = vq.loss(out, x);
                adam.zeroGrad();
                loss.backward();
                adam.step();
                sum += loss.item();
                steps++;
            }
            System.out.printf("epoch %d: mean loss %.6f%n", e + 1, sum / steps);
        }
        // 3. Test reconstruction MSE and code usage, as the twin computes them
        double sse = 0;
        int[] codes = new int[test.dim(0) * 49];
        try (GradMode.Scope s = GradMode.off()) {
            for (int i = 0; i < test.dim(0); i += 500) {
                Tensor x = test.slice(0, i, Math.min(i + 500, test.dim(0)));
                VqVae.Output out = vq.forward(x);
                double[] r = out.reconstruction().data(), t = x.data();
                for (int j = 0; j < r.length; j++) sse += (r[j] - t[j]) * (r[j] - t[j]);
                System.arraycopy(out.quantization().codes(), 0, codes, i * 49, x.dim(0) * 49);
            }
        }
        long[] counts = CodeUsage.counts(codes, 128);
        System.out.printf("test_recon_mse %.5f  codebook_perplexity %.2f  codes_used %d%n",
                sse / test.numel(), CodeUsage.perplexity(counts), CodeUsage.used(counts));
    }
}
