package dev.autoencoders.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoencoders.tensor.Tensor;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Files written from PyTorch (torch 1.13, {@code tools/safetensors_torch_check.py fixtures}, official layout)
 * load here with the exact values. The expected values were printed by the same script
 * ({@code expected}) from torch's own tensors, widened to float64.
 */
class SafetensorsTorchInteropTest {

    /** torch.manual_seed(0); nn.Linear(4, 3).weight, row-major [3, 4]. */
    private static final double[] LINEAR_WEIGHT = {
        -0.003743410110473633, 0.26822179555892944, -0.4115225672721863, -0.3679695129394531,
        -0.19257718324661255, 0.13407868146896362, -0.009906589984893799, 0.39644473791122437,
        -0.04437202215194702, 0.1323062777519226, -0.15110653638839722, -0.09828269481658936};
    /** nn.Linear(4, 3).bias [3]. */
    private static final double[] LINEAR_BIAS = {-0.4776742458343506, -0.33114105463027954, -0.20611155033111572};

    private static Path resource(String name) {
        try {
            return Path.of(SafetensorsTorchInteropTest.class.getResource("/safetensors/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void linearF32FromTorch() {
        SafetensorsContent c = Safetensors.read(resource("linear_f32.safetensors"));
        // official layout: same dtype, so sorted by name
        assertThat(c.tensors().keySet()).containsExactly("bias", "weight");
        assertThat(c.dtypes()).containsOnly(Map.entry("bias", SafetensorsDtype.F32), Map.entry("weight", SafetensorsDtype.F32));
        assertThat(c.metadata()).containsExactly(Map.entry("format", "pt"));
        assertThat(c.tensors().get("weight").shape()).containsExactly(3, 4);
        assertThat(c.tensors().get("weight").data()).containsExactly(LINEAR_WEIGHT);
        assertThat(c.tensors().get("bias").shape()).containsExactly(3);
        assertThat(c.tensors().get("bias").data()).containsExactly(LINEAR_BIAS);
        // every value is a float32 widened exactly
        for (double v : c.tensors().get("weight").data()) assertThat((double) (float) v).isEqualTo(v);
    }

    @Test
    void linearF64FromTorchEqualsTheF32Values() {
        SafetensorsContent c = Safetensors.read(resource("linear_f64.safetensors"));
        assertThat(c.dtypes().values()).containsOnly(SafetensorsDtype.F64);
        assertThat(c.tensors().get("weight").data()).containsExactly(LINEAR_WEIGHT);
        assertThat(c.tensors().get("bias").data()).containsExactly(LINEAR_BIAS);
        // and the model check of the loader accepts it
        Safetensors.checkAgainst(c.tensors(), Map.of("weight", new int[] {3, 4}, "bias", new int[] {3}), "linear_f64.safetensors");
    }

    @Test
    void batchNormStateDictWithAnInt64Counter() {
        SafetensorsContent c = Safetensors.read(resource("batchnorm_f32_i64.safetensors"));
        // official layout: I64 sorts before F32, then by name
        assertThat(c.tensors().keySet()).containsExactly("num_batches_tracked", "bias", "running_mean", "running_var", "weight");
        Tensor steps = c.tensors().get("num_batches_tracked");
        assertThat(steps.shape()).isEmpty();
        assertThat(steps.item()).isEqualTo(1.0);
        assertThat(c.dtypes().get("num_batches_tracked")).isEqualTo(SafetensorsDtype.I64);
        assertThat(c.tensors().get("running_mean").data())
                .containsExactly(0.06367272138595581, 0.07565295696258545, 0.0038738788571208715);
        assertThat(c.tensors().get("running_var").data())
                .containsExactly(1.0194947719573975, 1.0988287925720215, 0.9380061626434326);
        assertThat(c.tensors().get("weight").data()).containsExactly(1.0, 1.0, 1.0);
        assertThat(c.tensors().get("bias").data()).containsExactly(0.0, 0.0, 0.0);
    }

    @Test
    void halfAndBfloat16FromTorch() {
        // torch.tensor([1.0, -2.5, 0.1, 6.1e-5, 5.96e-8, -0.0, inf, 65504.0]).half() / .bfloat16()
        SafetensorsContent c = Safetensors.read(resource("halfs_f16_bf16.safetensors"));
        assertThat(c.dtypes()).containsOnly(Map.entry("h", SafetensorsDtype.F16), Map.entry("b", SafetensorsDtype.BF16));
        assertThat(c.tensors().get("h").data()).containsExactly(1.0, -2.5, 0.0999755859375, 6.097555160522461e-05,
                5.960464477539063e-08, -0.0, Double.POSITIVE_INFINITY, 65504.0);
        assertThat(c.tensors().get("b").data()).containsExactly(1.0, -2.5, 0.10009765625, 6.103515625e-05,
                5.960464477539063e-08, -0.0, Double.POSITIVE_INFINITY, 65536.0);
        // -0.0 keeps its sign
        assertThat(Double.doubleToRawLongBits(c.tensors().get("h").data()[5])).isEqualTo(Long.MIN_VALUE);
    }
}
