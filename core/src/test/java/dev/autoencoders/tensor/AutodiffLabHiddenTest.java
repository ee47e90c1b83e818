package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The instructor's test of the autodiff lab (hidden: a student copy leaves it out; 'lab grade --submission' adds it
 * back): backward through graphs the student's tests never build, against derivatives written out by hand.
 */
class AutodiffLabHiddenTest {

    @Test
    @Tag("lab-autodiff")
    void aDiamondGraphAndAChainOfSigmoidsBackpropagateAsTheirFormulas() {
        double[] xs = {-1.7, 0.3, 2.2};
        // L = sum sigmoid(x) softplus(x): dL/dx = s(1 - s) sp + s s, with s = sigmoid(x), sp = softplus(x)
        Tensor x = Tensor.of(xs.clone(), 3).requiresGrad(true);
        x.sigmoid().mul(x.softplus()).sum().backward();
        // L = sum sigmoid(sigmoid(x)): dL/dx = s2(1 - s2) s(1 - s), s2 = sigmoid(s)
        Tensor u = Tensor.of(xs.clone(), 3).requiresGrad(true);
        u.sigmoid().sigmoid().sum().backward();
        for (int i = 0; i < 3; i++) {
            double s = 1 / (1 + Math.exp(-xs[i])), sp = Math.log1p(Math.exp(xs[i])), s2 = 1 / (1 + Math.exp(-s));
            assertThat(x.grad()[i]).isCloseTo(s * (1 - s) * sp + s * s, within(1e-14));
            assertThat(u.grad()[i]).isCloseTo(s2 * (1 - s2) * s * (1 - s), within(1e-14));
        }
        // L = sum (A B) (A B): dA = 2 (A B) B^T, dB = 2 A^T (A B), with A (1, 2) and B (2, 1) by hand
        Tensor a = Tensor.of(new double[] {3, -2}, 1, 2).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {0.5, 4}, 2, 1).requiresGrad(true);
        Tensor ab = a.matmul(b); // 1.5 - 8 = -6.5
        ab.mul(ab).sum().backward();
        assertThat(a.grad()).containsExactly(2 * -6.5 * 0.5, 2 * -6.5 * 4);
        assertThat(b.grad()).containsExactly(2 * 3 * -6.5, 2 * -2 * -6.5);
    }
}
