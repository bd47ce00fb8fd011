package dev.fathom.spi;

import dev.fathom.DType;

/**
 * The kernel layer a compute backend implements. Every method works on {@link View}s: strided
 * windows on storages this backend allocated. Output views are always contiguous and freshly
 * allocated by the caller unless a method says otherwise; input views may have any strides,
 * including 0 (broadcast). The tensor layer has checked shapes and dtypes before calling, so a
 * backend validates only what it alone can know.
 *
 * <p>The set is small on purpose: the tensor layer composes everything else (and every backward)
 * from these primitives. The {@code default} methods are composites a fast backend may override.
 *
 * <p>A new backend is one {@link BackendProvider}, one class implementing this interface, and one
 * test class extending the TCK's {@code BackendConformanceTest}; see docs/ARCHITECTURE.md.
 */
public interface Backend {
  /** Short name, e.g. {@code "scalar"}, {@code "simd"}, {@code "cuda"}. */
  String name();

  /** The device type this backend serves ({@code "cpu"}, {@code "cuda"}). */
  String deviceType();

  // ---- storage ------------------------------------------------------------------------------

  /** A zero-filled storage of {@code size} elements. */
  Storage allocate(DType dtype, int size);

  /**
   * A storage holding the elements of a host array ({@code float[]} for FLOAT32 and so on, see
   * {@link HeapStorage}). A CPU backend may keep the array itself; the caller gives it up.
   */
  Storage fromHost(DType dtype, Object array);

  /** Copies the elements of {@code src} in row-major order into the host array {@code dst}. */
  void toHost(View src, Object dst);

  // ---- elementwise --------------------------------------------------------------------------

  /** Sets every element of {@code out} to {@code value} converted to its dtype. */
  void fill(View out, double value);

  /** {@code out[i] = (out.dtype) src[i]}: strided copy with cast; shapes are equal. */
  void copy(View src, View out);

  /** {@code out = op(x)}; shapes are equal. */
  void unary(UnaryOp op, View x, View out, double p1, double p2);

  /**
   * {@code out = a op b}; {@code a} and {@code b} have one dtype and were expanded to
   * {@code out}'s shape (stride 0 where broadcast). Comparisons write BOOL.
   */
  void binary(BinaryOp op, View a, View b, View out);

  /** {@code out = a op scalar}, computed in {@code a}'s dtype (or in double for integer POW). */
  void binaryScalar(BinaryOp op, View a, double scalar, View out);

  /** {@code out = cond ? a : b}; cond is BOOL, all expanded to {@code out}'s shape. */
  void where(View cond, View a, View b, View out);

  /**
   * {@code out = op(a, b, c; value)} (see {@link TernaryOp}); all of one dtype and expanded to
   * {@code out}'s shape. The default composes binary primitives through a temporary; a fast
   * backend does it in one pass.
   */
  default void ternary(TernaryOp op, View a, View b, View c, View out, double value) {
    View tmp = View.contiguous(allocate(out.dtype(), out.numel()), out.shape());
    switch (op) {
      case ADDCMUL -> binary(BinaryOp.MUL, b, c, tmp);
      case ADDCDIV -> binary(BinaryOp.DIV, b, c, tmp);
      case LERP -> binary(BinaryOp.SUB, b, a, tmp);
    }
    binaryScalar(BinaryOp.MUL, tmp, value, tmp);
    binary(BinaryOp.ADD, a, tmp, out);
  }

  // ---- reductions ---------------------------------------------------------------------------

  /**
   * Reduces {@code x} over {@code dims} (sorted, distinct) into {@code out}, whose shape is
   * {@code x}'s with those dims set to 1. ARGMAX/ARGMIN take exactly one dim and write INT64.
   */
  void reduce(ReduceOp op, View x, int[] dims, View out);

  /** Inclusive prefix sum along {@code dim}; shapes are equal. */
  void cumsum(View x, int dim, View out);

  // ---- linear algebra -----------------------------------------------------------------------

  /**
   * Batched matrix product {@code out[b] = a[b] @ b[b]} with {@code a: [B, M, K]},
   * {@code b: [B, K, N]}, {@code out: [B, M, N]}. Transposed operands arrive as strides;
   * a broadcast batch has batch stride 0.
   */
  void matmul(View a, View b, View out);

  // ---- convolution and pooling (NCHW) -------------------------------------------------------

  /** {@code out = conv2d(x, w) + bias}; bias is null or {@code [outC]}. */
  void conv2d(View x, View w, View bias, View out, Conv2dParams p);

  /** Gradient of conv2d with respect to its input, written into {@code gradIn} (overwritten). */
  void conv2dBackwardInput(View gradOut, View w, View gradIn, Conv2dParams p);

  /** Gradient of conv2d with respect to its weight, written into {@code gradW} (overwritten). */
  void conv2dBackwardWeight(View x, View gradOut, View gradW, Conv2dParams p);

  /**
   * Transposed convolution: {@code w} is {@code [inC, outC/groups, kH, kW]}. The default runs the
   * input gradient of a convolution whose input is {@code out}, then adds the bias.
   */
  default void convTranspose2d(View x, View w, View bias, View out, Conv2dParams p) {
    conv2dBackwardInput(x, w, out, p);
    if (bias != null) {
      int[] s = out.shape();
      View b = bias.restride(s, new int[] {0, bias.strides()[0], 0, 0}, bias.offset());
      binary(BinaryOp.ADD, out, b, out);
    }
  }

  /** Max pooling; {@code indices} (INT64, same shape as out) gets the argmax as {@code h*W+w} in the input plane. */
  void maxPool2d(View x, View out, View indices, Pool2dParams p);

  /** Scatters {@code gradOut} to the recorded {@code indices}; {@code gradIn} is overwritten. */
  void maxPool2dBackward(View gradOut, View indices, View gradIn, Pool2dParams p);

  void avgPool2d(View x, View out, Pool2dParams p);

  /** {@code gradIn} is overwritten. */
  void avgPool2dBackward(View gradOut, View gradIn, Pool2dParams p);

  // ---- indexing -----------------------------------------------------------------------------

  /**
   * {@code out[i][j][k] = x[index[i][j][k]][j][k]} for dim 0, and so on ({@code torch.gather});
   * index is INT64 with out's shape. Indices were range-checked by the caller.
   */
  void gather(View x, int dim, View index, View out);

  /** {@code out[index[i][j][k]][j][k] += src[i][j][k]} for dim 0 ({@code Tensor.scatter_add_}); accumulates into out. */
  void scatterAdd(View src, int dim, View index, View out);

  /** {@code out} = the slices of {@code x} along {@code dim} at the INT64 {@code index} (1-d). */
  void indexSelect(View x, int dim, View index, View out);

  // ---- random -------------------------------------------------------------------------------

  /**
   * Fills {@code out} from the Philox4x32-10 stream of {@code seed} starting at block
   * {@code offset}, exactly as {@link Philox} defines, so every backend draws the same numbers.
   */
  void random(View out, Distribution dist, double a, double b, long seed, long offset);

  // ---- composites ---------------------------------------------------------------------------

  /**
   * Softmax (or log-softmax) along {@code dim}. The default composes max, subtract, exp, sum and
   * divide (or log-subtract) from the primitives above.
   */
  default void softmax(View x, int dim, boolean log, View out) {
    int[] rshape = x.shape().clone();
    rshape[dim] = 1;
    View max = View.contiguous(allocate(x.dtype(), Shapes.numel(rshape)), rshape);
    reduce(ReduceOp.MAX, x, new int[] {dim}, max);
    View maxB = max.restride(x.shape(), Shapes.expandStrides(rshape, max.strides(), x.shape()), 0);
    binary(BinaryOp.SUB, x, maxB, out);
    View e = log ? View.contiguous(allocate(x.dtype(), x.numel()), x.shape()) : out;
    unary(UnaryOp.EXP, out, e, 0, 0);
    View sum = View.contiguous(allocate(x.dtype(), Shapes.numel(rshape)), rshape);
    reduce(ReduceOp.SUM, e, new int[] {dim}, sum);
    View sumB = sum.restride(x.shape(), Shapes.expandStrides(rshape, sum.strides(), x.shape()), 0);
    if (log) {
      unary(UnaryOp.LOG, sum, sum, 0, 0);
      binary(BinaryOp.SUB, out, sumB, out);
    } else {
      binary(BinaryOp.DIV, e, sumB, out);
    }
  }
}
