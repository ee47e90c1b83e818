package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The engine: accumulation, shared subexpressions, stop-gradient, no-grad scopes, released graphs. */
class AutogradTest {

    @Test
    void aSharedSubexpressionReceivesTheSumOfBothPaths() {
        // L = (x^2) * (x^2) = x^4 ; dL/dx = 4 x^3 = 32 at x = 2
        Tensor x = Tensor.of(new double[] {2}, 1).requiresGrad(true);
        Tensor s = x.square();
        s.mul(s).sum().backward();
        assertThat(x.grad()).containsExactly(32);
    }

    @Test
    void leafGradientsAccumulateUntilZeroed() {
        Tensor x = Tensor.of(new double[] {3}, 1).requiresGrad(true);
        x.mul(2).sum().backward();
        x.mul(2).sum().backward();
        assertThat(x.grad()).containsExactly(4);
        x.zeroGrad();
        assertThat(x.grad()).containsExactly(0);
    }

    @Test
    void detachIsTheStopGradient() {
        // L = x * sg[x]: forward x^2, backward dL/dx = sg[x] = x (not 2x)
        Tensor x = Tensor.of(new double[] {5}, 1).requiresGrad(true);
        Tensor l = x.mul(x.detach()).sum();
        assertThat(l.item()).isEqualTo(25);
        l.backward();
        assertThat(x.grad()).containsExactly(5);
        // the straight-through form z + sg[q - z] has the value of q and the gradient of z
        Tensor z = Tensor.of(new double[] {1.5}, 1).requiresGrad(true);
        Tensor q = Tensor.of(new double[] {2.0}, 1).requiresGrad(true);
        Tensor st = z.add(q.sub(z).detach());
        assertThat(st.item()).isEqualTo(2.0);
        st.mul(3).sum().backward();
        assertThat(z.grad()).containsExactly(3);
        assertThat(q.grad()).isNull();
    }

    @Test
    void noGradScopeRecordsNothingAndNests() {
        Tensor x = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        try (GradMode.Scope outer = GradMode.off()) {
            try (GradMode.Scope inner = GradMode.off()) {
                assertThat(x.exp().requiresGrad()).isFalse();
            }
            assertThat(GradMode.enabled()).isFalse();
        }
        assertThat(GradMode.enabled()).isTrue();
        assertThat(x.exp().requiresGrad()).isTrue();
    }

    @Test
    void intermediateGradientsAreKeptOnlyWhenRetained() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor h = x.mul(3).retainGrad();
        Tensor k = h.exp();
        k.sum().backward();
        assertThat(h.grad()).containsExactly(Math.exp(3), Math.exp(6));
        assertThat(k.grad()).isNull();
    }

    @Test
    void aReleasedGraphCannotBeUsedTwice() {
        Tensor x = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        Tensor h = x.exp();
        h.sum().backward();
        assertThatThrownBy(() -> h.sum().backward()).isInstanceOf(IllegalStateException.class).hasMessageContaining("released");
    }

    @Test
    void backwardNeedsAScalarOrAnExplicitGradient() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        assertThatThrownBy(() -> x.mul(2).backward()).isInstanceOf(ShapeException.class).hasMessageContaining("[2]");
        Tensor y = x.mul(2);
        y.backward(new double[] {1, 10});
        assertThat(x.grad()).containsExactly(2, 20);
        assertThatThrownBy(() -> Tensor.of(new double[] {1}, 1).backward()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDeepChainDoesNotOverflowTheStack() {
        Tensor x = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) y = y.add(0.0);
        y.sum().backward();
        assertThat(x.grad()).containsExactly(1);
    }
}
