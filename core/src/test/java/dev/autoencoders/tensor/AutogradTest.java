package dev.autoencoders.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The engine: accumulation, shared subexpressions, stop-gradient, no-grad scopes, released graphs. */
class AutogradTest {

    @Test
    @Tag("lab-autodiff")
    void aSharedSubexpressionReceivesTheSumOfBothPaths() {
        // L = (x^2) * (x^2) = x^4 ; dL/dx = 4 x^3 = 32 at x = 2
        Tensor x = Tensor.of(new double[] {2}, 1).requiresGrad(true);
        Tensor s = x.square();
        s.mul(s).sum().backward();
        assertThat(x.grad()).containsExactly(32);
    }

    @Test
    @Tag("lab-autodiff")
    void leafGradientsAccumulateUntilZeroed() {
        Tensor x = Tensor.of(new double[] {3}, 1).requiresGrad(true);
        x.mul(2).sum().backward();
        x.mul(2).sum().backward();
        assertThat(x.grad()).containsExactly(4);
        x.zeroGrad();
        assertThat(x.grad()).containsExactly(0);
    }

    @Test
    void aClearedGradientIsOverwrittenByTheNextProductNotAddedTo() {
        // y = x W^T, L = sum(y): dW = x = [1, 2], dx = W = [3, 4]   (Matmul.linear writes dW with Tensor.writeGrad)
        Tensor w = Tensor.of(new double[] {3, 4}, 1, 2).requiresGrad(true);
        Tensor x = Tensor.of(new double[] {1, 2}, 1, 2).requiresGrad(true);
        Matmul.linear(x, w, null).sum().backward();
        Matmul.linear(x, w, null).sum().backward();
        double[] buffer = w.grad();
        assertThat(buffer).containsExactly(2, 4);
        assertThat(x.grad()).containsExactly(6, 8);
        // zeroGrad only marks the buffers: the next product overwrites them, the stale [2, 4] must not leak in
        w.zeroGrad();
        x.zeroGrad();
        Matmul.linear(x, w, null).sum().backward();
        assertThat(w.grad()).isSameAs(buffer).containsExactly(1, 2);
        assertThat(x.grad()).containsExactly(3, 4);
        // a weight used twice after zeroGrad: the first product writes, the second adds (dW = x + x2)
        Tensor x2 = Tensor.of(new double[] {10, 20}, 1, 2);
        w.zeroGrad();
        Matmul.linear(x, w, null).sum().add(Matmul.linear(x2, w, null).sum()).backward();
        assertThat(w.grad()).containsExactly(11, 22);
        // a cleared gradient that no backward step touches reads as zeros, and reading it has no side effect: the
        // buffer keeps its stale values until a backward step writes it (overwrites here)
        w.zeroGrad();
        x.mul(2).sum().backward();
        assertThat(w.grad()).containsExactly(0, 0).isNotSameAs(buffer);
        assertThat(w.grad()).containsExactly(0, 0);
        assertThat(buffer).containsExactly(11, 22);
        Matmul.linear(x, w, null).sum().backward();
        assertThat(w.grad()).isSameAs(buffer).containsExactly(1, 2);
    }

    @Test
    void aClearedGradientThatABackwardStepAddsIntoStartsFromZeros() {
        // y = 3 w (an elementwise step adds into the gradient): after zeroGrad the buffer is filled with zeros first
        Tensor w = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        w.mul(3).sum().backward();
        double[] buffer = w.grad();
        w.zeroGrad();
        w.mul(5).sum().backward();
        assertThat(w.grad()).isSameAs(buffer).containsExactly(5, 5);
        // accumulateGrad (the RBM's hand-made gradients) adds in the same way
        w.zeroGrad();
        w.accumulateGrad(new double[] {7, 8});
        assertThat(w.grad()).isSameAs(buffer).containsExactly(7, 8);
    }

    @Test
    void aBatchedProductOverwritesEverySliceOfAClearedGradient() {
        // a: (2, 1, 2), b: (2, 2, 1), L = sum(a @ b): dB[s] = a[s]^T, so dB = [1, 2, 3, 4] per batch entry
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4}, 2, 1, 2);
        Tensor b = Tensor.of(new double[] {5, 6, 7, 8}, 2, 2, 1).requiresGrad(true);
        Matmul.matmul(a, b).sum().backward();
        Matmul.matmul(a, b).sum().backward();
        assertThat(b.grad()).containsExactly(2, 4, 6, 8);
        b.zeroGrad();
        Matmul.matmul(a, b).sum().backward();
        assertThat(b.grad()).containsExactly(1, 2, 3, 4);
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
    @Tag("lab-autodiff")
    void aDeepChainDoesNotOverflowTheStack() {
        Tensor x = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) y = y.add(0.0);
        y.sum().backward();
        assertThat(x.grad()).containsExactly(1);
    }
}
