package dev.autoencoders.examples.bench;

import dev.autoencoders.nn.Module;
import dev.autoencoders.random.Rng;
import dev.autoencoders.tensor.Tensor;
import java.util.function.Function;

/**
 * One reference workload of {@code autoencoders bench}, the twin of an entry of {@code shared/bench/torch_bench.py}:
 * the project's model, its training loss on a batch, and the twin's batch size, Adam learning rate and parameter
 * count (checked when the workload is built, so the two sides train the same net).
 *
 * @param name   the twin's name, e.g. {@code deep-ae}
 * @param batch  examples per step
 * @param lr     Adam's learning rate
 * @param params the twin's parameter count
 * @param build  the model and its loss, from a seeded generator
 * @param data   one random batch of the right shape (a Tensor of images, or codes)
 */
record Workload(String name, int batch, double lr, long params, Function<Rng, Built> build, Function<Rng, Object> data) {

    /** A built workload: the model and the loss of a batch made by {@link #data}. */
    record Built(Module model, Function<Object, Tensor> loss) {}
}
