/**
 * The loops under the ops: where the teaching code ends and the performance code begins.
 *
 * <p><b>A student can stop at {@code tensor/}.</b> Every op there states its forward and its derivative as a formula
 * and computes them with plain loops or with one call into this package whose meaning is the formula beside it
 * ({@code Gemm.multiply(dA, dY, B.t(), true)} is {@code dA += dY B^T}). Nothing here changes what an op computes:
 * every fast path is proven equal to a readable reference by tests, and every kernel adds in an order that does not
 * depend on the number of threads ({@link dev.autoencoders.kernels.SumOrder}), so a seed gives the same bits on any
 * machine with the same instruction set and on any number of threads.
 *
 * <p>The map, by what a reader comes for:
 * <pre>
 * threading      Parallelism     the thread count (a global setting) and the team of workers that runs the parts
 *                Loops           how an op's elementwise or row-wise loop is split: cost classes and their thresholds
 *                AxisSum         the sum along one axis (tensor's sum), in the loop shape that suits the axis
 *                Masked, VectorMasked    ReLU's backward with a lane mask instead of a coin-toss branch
 *
 * matrix product Gemm            the entry point; {@code reference} is the definition, {@code multiply} takes Matrix views
 *                Matrix          a (possibly transposed) view of part of an array
 *                GemmBackend, Precision  which kernel runs: the Vector API or plain Java; double or float32 operands
 *                GemmView, GemmKernel, Orientation   one problem as strided matrices; which of C or C^T is cheaper
 *                SumOrder        the order of every sum, the reason for bit-identical results
 *                ScalarGemm      plain Java, used without the incubator module; both precisions in one class
 *                VectorGemm, DoubleTiles     the double micro-kernels (8 x 16 or 6 x 16 tiles, RegisterFile)
 *                VectorGemmFloat the float32 micro-kernels
 *                Packing, VectorGather, RegisterFile    copying operands into the panels the micro-kernels read
 *
 * convolution    ConvKernels     the entry point and the choice of path; {@code reference*} (Im2col + Gemm) is the definition
 *                ConvGeometry    the sizes of one convolution
 *                GatherConv      GEMMs whose unfolded operand is gathered while packing     PixelCNN, vq-vae's wide layers
 *                ImplicitConv, VectorImplicitGemm(Float)   implicit GEMMs on padded images        conv-ae, vq-vae's decoder
 *                ImplicitConvAdjoint   the strided input gradient as implicit GEMMs, phase by phase    conv-ae; vq-vae's 32 <-> 64 (float32, AVX-512)
 *                GatherConvAdjoint   the strided input gradient as gathered GEMMs, phase by phase   vq-vae's decoder 16 -> 64
 *                DirectConv, VectorDirectConv   stride 1, at most 4 output channels      vq-vae's last layer
 *                PaddedPlanes, VisibleTaps   zero-bordered copies of images; the taps a mask keeps
 *
 * look-up        LookupConv, VectorRows   the convolution of an embedded code map as table look-ups   PixelCNN's first layer
 * pooling        MaxPoolKernels  max pooling's scan, and a branch-free path for 2 x 2 windows
 * </pre>
 * Each fast path is kept because it was measured faster than the reference (and than the other paths) at the
 * layer named in the right column; the measurements, and those behind every constant in this package, are in
 * docs/performance.md ("Convolution routes", "Kernel choices"), not in the comments, which state what holds and why.
 *
 * <p><b>One package, not sub-packages.</b> The kernels share package-private types ({@code GemmView},
 * {@code GemmKernel}, {@code PaddedPlanes}, {@code VisibleTaps}, {@code Packing}); sub-packages would make them public
 * API. The map above groups them instead.
 *
 * <p><b>Double and float32 copies of the GEMM kernels</b> ({@code VectorGemm}/{@code DoubleTiles} and
 * {@code VectorGemmFloat}, {@code VectorImplicitGemm} and {@code VectorImplicitGemmFloat}) are kept side by side and
 * written by hand, not generated one from the other as EJML generates its float classes: beyond the element type
 * they differ in the vector species and lane counts, in where the rounding to float happens (once per value, while
 * packing) and in how a float block sum is added to the double result. What keeps them honest is a test, not a
 * generator: the two GEMM kernels are compared bit for bit with the one plain-Java kernel that implements
 * {@code SumOrder} in both precisions ({@code GemmProperties.bothMicroTilesMatchTheScalarBackend},
 * {@code scalarBackendIsBitIdenticalToVectorBackend}), and both pairs with the reference within their rounding bounds
 * ({@code GemmProperties}, {@code ImplicitConvProperties.equalsReferenceInBothPrecisions}).
 */
package dev.autoencoders.kernels;
