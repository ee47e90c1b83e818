package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Hand-computed values and derivatives of the pointwise ops (the second oracle beside the gradient checks). */
class PointwiseTest {

    private static double[] grad(java.util.function.UnaryOperator<Tensor> f, double... x) {
        Tensor t = Tensor.of(x.clone(), x.length).requiresGrad(true);
        f.apply(t).sum().backward();
        return t.grad();
    }

    @Test
    @Tag("lab-autodiff")
    void sigmoidAtZeroIsAHalfWithSlopeAQuarter() {
        Tensor y = Tensor.of(new double[] {0, 1000, -1000}, 3).sigmoid();
        assertThat(y.data()).containsExactly(0.5, 1.0, 0.0);
        assertThat(grad(Tensor::sigmoid, 0)[0]).isEqualTo(0.25);
    }

    @Test
    void expLogSqrtPowByHand() {
        assertThat(grad(Tensor::exp, 0, 1)).containsExactly(1.0, Math.E);
        assertThat(grad(Tensor::log, 2, 0.5)).containsExactly(0.5, 2.0);
        assertThat(grad(Tensor::sqrt, 4)).containsExactly(0.25);
        // d/dx x^3 = 3 x^2 = 12 at x = 2
        assertThat(grad(x -> x.pow(3), 2)[0]).isCloseTo(12.0, within(1e-12));
        assertThat(grad(Tensor::square, -3)).containsExactly(-6.0);
    }

    @Test
    @Tag("lab-autodiff")
    void tanhSoftplusByHand() {
        // tanh'(0) = 1; softplus(0) = ln 2, softplus'(0) = 1/2
        assertThat(grad(Tensor::tanh, 0)).containsExactly(1.0);
        assertThat(Tensor.of(new double[] {0}, 1).softplus().item()).isCloseTo(Math.log(2), within(1e-15));
        assertThat(grad(Tensor::softplus, 0)).containsExactly(0.5);
        // no overflow far out: softplus(800) = 800, softplus(-800) = e^-800 ~ 0
        assertThat(Tensor.of(new double[] {800, -800}, 2).softplus().data()).containsExactly(800.0, 0.0);
    }

    @Test
    void kinksFollowPyTorchConventions() {
        // relu'(0) = 0, |x|'(0) = 0, clamp passes the gradient at its ends
        assertThat(grad(Tensor::relu, -1, 0, 2)).containsExactly(0.0, 0.0, 1.0);
        assertThat(grad(Tensor::abs, -2, 0, 3)).containsExactly(-1.0, 0.0, 1.0);
        assertThat(grad(x -> x.clamp(0, 1), -0.5, 0, 0.5, 1, 1.5)).containsExactly(0.0, 1.0, 1.0, 1.0, 0.0);
        assertThat(grad(x -> x.leakyRelu(0.1), -1, 2)).containsExactly(0.1, 1.0);
    }

    @Test
    void reluWritesAFirstGradientAndAddsToALaterOne() {
        // L = sum(relu(x)) + sum(relu(x) * 3) + sum(x * 5): whichever backward step reaches x first writes, the others add
        Tensor x = Tensor.of(new double[] {-1, 2, 0.5}, 3).requiresGrad(true);
        x.relu().sum().add(x.relu().mul(3).sum()).add(x.mul(5).sum()).backward();
        assertThat(x.grad()).containsExactly(5, 9, 9);
        // a leaf's gradient accumulates over backward() calls: the second relu step adds to the first call's values
        x.relu().sum().backward();
        assertThat(x.grad()).containsExactly(5, 10, 10);
        x.zeroGrad();
        x.relu().sum().backward();
        assertThat(x.grad()).containsExactly(0, 1, 1);
    }
}
