package dev.autoencoders.tensor;

import dev.autoencoders.random.Rng;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An n-dimensional array of doubles, contiguous and row-major, that records the operations producing it
 * so that {@link #backward()} can compute gradients by reverse-mode automatic differentiation.
 *
 * <p>Each operation lives in one of the op classes of this package ({@link Pointwise}, {@link Broadcasting},
 * {@link Reductions}, {@link Reshaping}, {@link Matmul}, {@link Convolution}, {@link Pooling}); there its
 * forward computation and its hand-derived backward stand a few lines apart, with the derivative written as a
 * formula in the Javadoc. The instance methods here are one-line shortcuts to them, so that a loss reads as
 * in the paper: {@code x.sub(recon).pow(2).sum()}.
 *
 * <p>Gradients follow PyTorch's rules: leaves created with {@link #requiresGrad(boolean)} accumulate their
 * gradient over calls to {@code backward()} until {@link #zeroGrad()}; intermediate results keep theirs only
 * after {@link #retainGrad()}; the graph is released by {@code backward()}. {@link #detach()} is the
 * stop-gradient {@code sg[.]} of the VQ-VAE derivations.
 */
public final class Tensor {

    /** The backward step of one operation: adds {@code dL/d(input)} into the inputs' gradients given {@code dL/d(output)}. */
    @FunctionalInterface
    public interface Backward {
        void apply(double[] gradOutput);
    }

    /** A contribution to a gradient that writes every element: {@code g = c} when {@code accumulate} is false, else {@code g += c}. */
    @FunctionalInterface
    interface GradWrite {
        void into(double[] g, boolean accumulate);
    }

    /**
     * dL/d(tensor) and the one optimisation of its bookkeeping, in one place. The buffer is in one of three states:
     * none ({@code values == null}), holding the gradient, or cleared ({@code cleared}: kept for reuse, its contents
     * stale, standing for zeros). {@link #clear} marks instead of filling; a backward step that adds into the gradient
     * gets the buffer zero-filled first if it was cleared ({@link #forAdding}, the only fill); a step that writes every
     * element (a GEMM's whole output) overwrites a new or cleared buffer instead of adding to zeros ({@link #write}):
     * the fill and one read of the buffer saved, as PyTorch's {@code zero_grad(set_to_none=True)} saves them.
     */
    private static final class Gradient {
        private final int size;
        private double[] values;
        private boolean cleared;

        Gradient(int size) {
            this.size = size;
        }

        /** The gradient, without side effect: null for none, a new array of zeros when cleared, else the buffer. */
        double[] read() {
            if (values == null) return null;
            return cleared ? new double[size] : values;
        }

        /** The buffer to add a contribution into: allocated (zeros) on first use, zero-filled if cleared. */
        double[] forAdding() {
            if (values == null) {
                values = SweepBuffers.zeros(size);
            } else if (cleared) {
                Arrays.fill(values, 0.0);
            }
            cleared = false;
            return values;
        }

        /**
         * {@code g = c} when there is no gradient yet (none, or cleared), else {@code g += c}. The same values as adding
         * to zeros, but for the sign of a zero: {@code 0.0 + -0.0} is {@code 0.0}, an overwrite keeps {@code -0.0}.
         */
        void write(GradWrite contribution) {
            boolean accumulate = values != null && !cleared;
            if (values == null) values = SweepBuffers.any(size);
            cleared = false;
            contribution.into(values, accumulate);
        }

        void clear() {
            cleared = values != null;
        }
    }

    final double[] data;
    final int[] shape;
    /** dL/d(this); null until a backward step or {@link #accumulateGrad} first reaches this tensor. */
    private Gradient gradient;
    /**
     * For an embedded code map ({@link Reshaping#embedCodeMap}): the table and the codes it was looked up from, so that
     * a convolution of it can work from the table instead ({@link Convolution#maskedConv2d}). Null for other tensors.
     */
    CodeMap codeMap;

    /** {@code x[n, c, y, x] = table[codes[(n h + y) w + x], c]}: what a tensor computed by {@link Reshaping#embedCodeMap} holds. */
    record CodeMap(Tensor table, int[] codes, int n, int h, int w) {}
    boolean requiresGrad;
    boolean retainGrad;
    boolean released;
    private final String op;
    Tensor[] inputs;
    Backward backward;

    private Tensor(double[] data, int[] shape, String op) {
        this.data = data;
        this.shape = shape;
        this.op = op;
    }

    // ---------------------------------------------------------------- creation

    /**
     * Wraps {@code data} (not copied) as a tensor of the given shape.
     *
     * @throws ShapeException if {@code data.length} is not the product of the dimensions
     */
    public static Tensor of(double[] data, int... shape) {
        int[] s = shape.clone();
        if (Shape.numel(s) != data.length) {
            throw new ShapeException("Tensor.of: " + data.length + " values do not fill shape " + Arrays.toString(s));
        }
        return new Tensor(data, s, "leaf");
    }

    /** A tensor of rank 0 holding {@code value}. */
    public static Tensor scalar(double value) {
        return new Tensor(new double[] {value}, new int[0], "leaf");
    }

    public static Tensor zeros(int... shape) {
        return new Tensor(new double[Shape.numel(shape)], shape.clone(), "leaf");
    }

    public static Tensor ones(int... shape) {
        return full(1.0, shape);
    }

    public static Tensor full(double value, int... shape) {
        double[] d = new double[Shape.numel(shape)];
        Arrays.fill(d, value);
        return new Tensor(d, shape.clone(), "leaf");
    }

    /** Independent draws from U[lo, hi). */
    public static Tensor uniform(Rng rng, double lo, double hi, int... shape) {
        double[] d = new double[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = rng.uniform(lo, hi);
        return new Tensor(d, shape.clone(), "leaf");
    }

    /** Independent draws from U[0, 1). */
    public static Tensor rand(Rng rng, int... shape) {
        return uniform(rng, 0, 1, shape);
    }

    /** Independent draws from N(0, 1). */
    public static Tensor randn(Rng rng, int... shape) {
        double[] d = new double[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = rng.normal();
        return new Tensor(d, shape.clone(), "leaf");
    }

    /**
     * The result of operation {@code op} on {@code inputs}. It records the graph (call {@link #onBackward}) only
     * when recording is on and some input requires a gradient. Used by the op classes.
     */
    static Tensor result(String op, double[] data, int[] shape, Tensor... inputs) {
        Tensor t = new Tensor(data, shape, op);
        if (GradMode.enabled()) {
            for (Tensor in : inputs) {
                if (in != null && in.requiresGrad) {
                    t.requiresGrad = true;
                    t.inputs = inputs;
                    break;
                }
            }
        }
        return t;
    }

    /** Attaches the backward step to a result; a no-op when the result does not require a gradient. */
    Tensor onBackward(Backward b) {
        if (requiresGrad && inputs != null) backward = b;
        return this;
    }

    // ---------------------------------------------------------------- access

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i} (negative counts from the end). */
    public int dim(int i) {
        return shape[Shape.axis("dim", i, shape)];
    }

    public int numel() {
        return data.length;
    }

    /** The backing array, row-major, not a copy. Writing into it is how optimizers update parameters. */
    public double[] data() {
        return data;
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (data.length != 1) throw new ShapeException("item", "needs exactly one element", shape);
        return data[0];
    }

    /** The element at a multi-index. */
    public double get(int... index) {
        if (index.length != shape.length) {
            throw new ShapeException("get: index " + Arrays.toString(index) + " does not match shape " + Arrays.toString(shape));
        }
        int off = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new ShapeException("get: index " + Arrays.toString(index) + " out of bounds for shape " + Arrays.toString(shape));
            }
            off = off * shape[i] + index[i];
        }
        return data[off];
    }

    /** The name of the operation that produced this tensor ({@code "leaf"} for created tensors). */
    public String op() {
        return op;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Arrays.toString(shape));
        if (!"leaf".equals(op)) sb.append(" op=").append(op);
        if (requiresGrad) sb.append(" requiresGrad");
        sb.append(" [");
        for (int i = 0; i < Math.min(6, data.length); i++) sb.append(i > 0 ? ", " : "").append(data[i]);
        return sb.append(data.length > 6 ? ", ...]" : "]").toString();
    }

    // ---------------------------------------------------------------- autograd

    /** Marks a leaf as a variable whose gradient {@link #backward()} computes. Returns {@code this}. */
    public Tensor requiresGrad(boolean on) {
        if (inputs != null) throw new IllegalStateException("requiresGrad can only be set on a leaf, not on the result of " + op);
        requiresGrad = on;
        return this;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True for tensors not produced by a recorded operation. */
    public boolean isLeaf() {
        return inputs == null;
    }

    /** Keeps this intermediate result's gradient after {@link #backward()} (leaves always keep theirs). */
    public Tensor retainGrad() {
        retainGrad = true;
        return this;
    }

    /**
     * dL/d(this) after {@link #backward()}, same layout as {@link #data()}: {@code null} if none was computed, zeros
     * after {@link #zeroGrad()} until the next backward reaches this tensor. Reading has no side effect; the array is
     * the gradient's own buffer while it holds values (read it, do not write it).
     */
    public double[] grad() {
        return gradient == null ? null : gradient.read();
    }

    /** The gradient as a tensor of this shape (zeros if none was computed). */
    public Tensor gradTensor() {
        double[] g = grad();
        return Tensor.of(g == null ? new double[data.length] : g.clone(), shape);
    }

    /** Clears the accumulated gradient: {@link #grad()} reads zeros from now on (the buffer is kept, see {@link Gradient}). */
    public void zeroGrad() {
        if (gradient != null) gradient.clear();
    }

    /**
     * Drops an intermediate result's gradient once its backward step has used it, and returns its buffer (null if
     * none) for {@link SweepBuffers} to reuse: nothing else holds it (see {@link #grad()}).
     */
    double[] releaseGrad() {
        double[] buffer = gradient == null ? null : gradient.values;
        gradient = null;
        return buffer;
    }

    /**
     * Adds a hand-computed gradient, for updates derived outside the autodiff (the RBM's CD-k statistics),
     * so that an {@code Optimizer} applies them like any other gradient.
     */
    public void accumulateGrad(double[] g) {
        if (g.length != data.length) throw new ShapeException("accumulateGrad: " + g.length + " values for a tensor of shape " + Arrays.toString(shape));
        double[] buf = gradBuffer();
        for (int i = 0; i < g.length; i++) buf[i] += g[i];
    }

    /** The buffer a backward step adds its contribution into ({@code dL/d(this) += ...}). */
    double[] gradBuffer() {
        if (gradient == null) gradient = new Gradient(data.length);
        return gradient.forAdding();
    }

    /** A backward step's contribution that writes every element of dL/d(this) (a GEMM's whole output); see {@link Gradient#write}. */
    void writeGrad(GradWrite contribution) {
        if (gradient == null) gradient = new Gradient(data.length);
        gradient.write(contribution);
    }

    /**
     * The same values without a graph: gradients do not flow through the result. This is the stop-gradient
     * {@code sg[x]}: forward {@code sg[x] = x}, backward {@code d sg[x] / dx = 0}. Shares the data array.
     */
    public Tensor detach() {
        return new Tensor(data, shape, "detach");
    }

    /** Backpropagates from a one-element tensor (the loss): {@code dL/dL = 1}. */
    public void backward() {
        if (data.length != 1) {
            throw new ShapeException("backward", "needs a one-element loss; pass dL/d(output) for other shapes", shape);
        }
        backward(new double[] {1.0});
    }

    /**
     * Backpropagates {@code gradOutput = dL/d(this)} through the recorded graph, in reverse topological order,
     * adding into the gradients of every tensor that requires one. The graph is released afterwards
     * ({@link Autograd}).
     */
    public void backward(double[] gradOutput) {
        if (gradOutput.length != data.length) {
            throw new ShapeException("backward: gradient of " + gradOutput.length + " values for a tensor of shape " + Arrays.toString(shape));
        }
        if (!requiresGrad) throw new IllegalStateException("backward: this tensor does not require a gradient (no input has requiresGrad, or it was made under GradMode.off())");
        Autograd.backward(this, gradOutput);
    }

    /** The tensors this one was computed from (empty for leaves and after the graph is released). */
    public List<Tensor> inputs() {
        return inputs == null ? List.of() : Collections.unmodifiableList(Arrays.asList(inputs));
    }

    // ---------------------------------------------------------------- shortcuts to the ops

    public Tensor add(Tensor other) { return Broadcasting.add(this, other); }
    public Tensor sub(Tensor other) { return Broadcasting.sub(this, other); }
    public Tensor mul(Tensor other) { return Broadcasting.mul(this, other); }
    public Tensor div(Tensor other) { return Broadcasting.div(this, other); }
    public Tensor add(double c) { return Pointwise.addScalar(this, c); }
    public Tensor sub(double c) { return Pointwise.addScalar(this, -c); }
    public Tensor mul(double c) { return Pointwise.mulScalar(this, c); }
    public Tensor div(double c) { return Pointwise.mulScalar(this, 1.0 / c); }
    /** {@code c - x}. */
    public Tensor rsub(double c) { return Pointwise.addScalar(Pointwise.neg(this), c); }
    public Tensor neg() { return Pointwise.neg(this); }
    public Tensor exp() { return Pointwise.exp(this); }
    public Tensor log() { return Pointwise.log(this); }
    public Tensor sqrt() { return Pointwise.sqrt(this); }
    public Tensor pow(double p) { return Pointwise.pow(this, p); }
    public Tensor square() { return Pointwise.pow(this, 2); }
    public Tensor abs() { return Pointwise.abs(this); }
    public Tensor clamp(double lo, double hi) { return Pointwise.clamp(this, lo, hi); }
    public Tensor clampMin(double lo) { return Pointwise.clamp(this, lo, Double.POSITIVE_INFINITY); }
    public Tensor sigmoid() { return Pointwise.sigmoid(this); }
    public Tensor tanh() { return Pointwise.tanh(this); }
    public Tensor relu() { return Pointwise.relu(this); }
    public Tensor leakyRelu(double slope) { return Pointwise.leakyRelu(this, slope); }
    public Tensor softplus() { return Pointwise.softplus(this); }

    public Tensor matmul(Tensor other) { return Matmul.matmul(this, other); }
    /** The transpose of a 2-D tensor. */
    public Tensor t() { return Reshaping.transpose(this, 0, 1); }
    public Tensor transpose(int a, int b) { return Reshaping.transpose(this, a, b); }
    public Tensor permute(int... dims) { return Reshaping.permute(this, dims); }
    /** Same data, new shape; one dimension may be {@code -1} (inferred). */
    public Tensor reshape(int... newShape) { return Reshaping.reshape(this, newShape); }
    public Tensor slice(int axis, int start, int end) { return Reshaping.slice(this, axis, start, end); }

    public Tensor sum() { return Reductions.sumAll(this); }
    public Tensor mean() { return Reductions.meanAll(this); }
    public Tensor sum(int axis, boolean keepDim) { return Reductions.sum(this, axis, keepDim); }
    public Tensor mean(int axis, boolean keepDim) { return Reductions.mean(this, axis, keepDim); }
    public Tensor max(int axis, boolean keepDim) { return Reductions.max(this, axis, keepDim); }
    public Tensor logsumexp(int axis, boolean keepDim) { return Reductions.logsumexp(this, axis, keepDim); }
    public Tensor logSoftmax(int axis) { return Reductions.logSoftmax(this, axis); }
    public Tensor softmax(int axis) { return Reductions.logSoftmax(this, axis).exp(); }
    public int[] argmax(int axis) { return Reductions.argmax(this, axis); }
    public int[] argmin(int axis) { return Reductions.argmin(this, axis); }
}
