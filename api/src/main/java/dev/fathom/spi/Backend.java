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

  /**
   * Max pooling; {@code indices} (INT64, same shape as out) gets the argmax as {@code h*W+w} in the
   * input plane, or is null when no gradient is needed (the tensor layer passes null under no-grad).
   */
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

  // ---- batch normalisation (per channel = dim 1) ---------------------------------------------

  /**
   * Per-channel statistics of {@code x} {@code [N, C, *]} (channel = dim 1, any number of trailing
   * dims, none included, as BatchNorm1d's {@code [N, C]}): {@code mean[c]} and the biased variance
   * {@code var[c] = mean((x - mean[c])^2)} over the {@code M = numel / C} elements of channel c.
   * {@code mean} and {@code var} are contiguous {@code [C]} views of x's dtype, overwritten; x may be
   * any strided view. The default reduces, subtracts the mean and reduces the squares (two passes,
   * so the variance does not lose digits to cancellation).
   */
  default void batchNormStats(View x, View mean, View var) {
    int m = x.numel() / Math.max(1, x.shape()[1]);
    View centered = View.contiguous(allocate(x.dtype(), x.numel()), x.shape());
    int[] dims = nonChannelDims(x.dim());
    reduce(ReduceOp.SUM, x, dims, channelOut(mean, x.dim()));
    binaryScalar(BinaryOp.DIV, mean, m, mean);
    binary(BinaryOp.SUB, x, perChannel(mean, x.shape()), centered);
    unary(UnaryOp.SQUARE, centered, centered, 0, 0);
    reduce(ReduceOp.SUM, centered, dims, channelOut(var, x.dim()));
    binaryScalar(BinaryOp.DIV, var, m, var);
  }

  /**
   * Batch-norm's normalisation of {@code x} {@code [N, C, *]}:
   * {@code out = (x - mean[c]) / sqrt(var[c] + eps) * weight[c] + bias[c]}. {@code mean},
   * {@code var}, {@code weight} and {@code bias} are {@code [C]} views of x's dtype (any strides);
   * {@code weight} and {@code bias} may be null (meaning 1 and 0). {@code out} is contiguous with
   * x's shape. The default folds the per-channel terms into {@code scale = weight / sqrt(var + eps)}
   * and {@code shift = bias - mean * scale} and runs one ADDCMUL.
   */
  default void batchNormForward(View x, View mean, View var, View weight, View bias, double eps, View out) {
    int c = x.shape()[1];
    View scale = View.contiguous(allocate(x.dtype(), c), new int[] {c});
    binaryScalar(BinaryOp.ADD, var, eps, scale);
    unary(UnaryOp.RSQRT, scale, scale, 0, 0);
    if (weight != null) binary(BinaryOp.MUL, scale, weight, scale);
    View shift = View.contiguous(allocate(x.dtype(), c), new int[] {c});
    binary(BinaryOp.MUL, mean, scale, shift);
    unary(UnaryOp.NEG, shift, shift, 0, 0);
    if (bias != null) binary(BinaryOp.ADD, shift, bias, shift);
    ternary(TernaryOp.ADDCMUL, perChannel(shift, x.shape()), x, perChannel(scale, x.shape()), out, 1);
  }

  /**
   * The backward of {@link #batchNormForward} for the upstream gradient {@code gradOut} (x's
   * shape, any strides), with {@code invstd = 1 / sqrt(var + eps)} and {@code M = numel / C}:
   * <ul>
   *   <li>{@code gradBias[c] = sum(gradOut)} over channel c;
   *   <li>{@code gradWeight[c] = sum(gradOut * (x - mean[c])) * invstd[c]};
   *   <li>{@code gradIn = gradOut * invstd * weight} when {@code training} is false (mean and var
   *       are constants, as running statistics), and when it is true (they are x's own batch
   *       statistics, from {@link #batchNormStats}) {@code gradIn = (gradOut - sum(gradOut) / M
   *       - (x - mean) * invstd^2 * sum(gradOut * (x - mean)) / M) * invstd * weight}.
   * </ul>
   * {@code mean}, {@code var}, {@code weight} are {@code [C]} views as for the forward
   * ({@code weight} null means 1). The outputs {@code gradIn} (contiguous, x's shape),
   * {@code gradWeight} and {@code gradBias} (contiguous {@code [C]}) are overwritten; each may be
   * null when it is not wanted. The default composes reductions and broadcast elementwise ops.
   */
  default void batchNormBackward(View gradOut, View x, View mean, View var, View weight, double eps, boolean training,
      View gradIn, View gradWeight, View gradBias) {
    int[] shape = x.shape();
    int c = shape[1], m = x.numel() / Math.max(1, c);
    int[] dims = nonChannelDims(x.dim());
    int[] cs = {c};
    View invstd = View.contiguous(allocate(x.dtype(), c), cs);
    binaryScalar(BinaryOp.ADD, var, eps, invstd);
    unary(UnaryOp.RSQRT, invstd, invstd, 0, 0);
    boolean sums = gradWeight != null || gradBias != null || (training && gradIn != null);
    View sumG = null, dot = null, centered = null;
    if (sums) {
      sumG = View.contiguous(allocate(x.dtype(), c), cs);
      reduce(ReduceOp.SUM, gradOut, dims, channelOut(sumG, x.dim()));
      centered = View.contiguous(allocate(x.dtype(), x.numel()), shape);
      binary(BinaryOp.SUB, x, perChannel(mean, shape), centered);
      View prod = View.contiguous(allocate(x.dtype(), x.numel()), shape);
      binary(BinaryOp.MUL, gradOut, centered, prod);
      dot = View.contiguous(allocate(x.dtype(), c), cs);
      reduce(ReduceOp.SUM, prod, dims, channelOut(dot, x.dim()));
    }
    if (gradBias != null) copy(sumG, gradBias);
    if (gradWeight != null) binary(BinaryOp.MUL, dot, invstd, gradWeight);
    if (gradIn == null) return;
    View a = View.contiguous(allocate(x.dtype(), c), cs);
    if (weight != null) binary(BinaryOp.MUL, invstd, weight, a);
    else copy(invstd, a);
    if (!training) {
      binary(BinaryOp.MUL, gradOut, perChannel(a, shape), gradIn);
      return;
    }
    View k = View.contiguous(allocate(x.dtype(), c), cs);
    binary(BinaryOp.MUL, dot, invstd, k);
    binary(BinaryOp.MUL, k, invstd, k);
    binaryScalar(BinaryOp.DIV, k, m, k);
    binaryScalar(BinaryOp.DIV, sumG, m, sumG);
    binary(BinaryOp.MUL, centered, perChannel(k, shape), gradIn);
    binary(BinaryOp.SUB, gradOut, gradIn, gradIn);
    binary(BinaryOp.SUB, gradIn, perChannel(sumG, shape), gradIn);
    binary(BinaryOp.MUL, gradIn, perChannel(a, shape), gradIn);
  }

  /** Every dim of a rank-{@code rank} tensor but the channel dim 1. */
  private static int[] nonChannelDims(int rank) {
    int[] dims = new int[rank - 1];
    dims[0] = 0;
    for (int i = 2; i < rank; i++) dims[i - 1] = i;
    return dims;
  }

  /** A contiguous {@code [C]} view seen as the {@code [1, C, 1, ...]} output of a reduction over the other dims. */
  private static View channelOut(View v, int rank) {
    int[] s = new int[rank];
    java.util.Arrays.fill(s, 1);
    s[1] = v.shape()[0];
    return v.restride(s, Shapes.contiguousStrides(s), v.offset());
  }

  /** A {@code [C]} view broadcast along every dim of {@code shape} but dim 1. */
  private static View perChannel(View v, int[] shape) {
    int[] st = new int[shape.length];
    st[1] = shape[1] == 1 ? 0 : v.strides()[0];
    return v.restride(shape, st, v.offset());
  }

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
