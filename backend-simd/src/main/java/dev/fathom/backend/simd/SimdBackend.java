package dev.fathom.backend.simd;

import dev.fathom.DType;
import dev.fathom.backend.cpu.ScalarBackend;
import dev.fathom.spi.BinaryOp;
import dev.fathom.spi.Conv2dParams;
import dev.fathom.spi.HeapStorage;
import dev.fathom.spi.Parallel;
import dev.fathom.spi.Pool2dParams;
import dev.fathom.spi.ReduceOp;
import dev.fathom.spi.TernaryOp;
import dev.fathom.spi.UnaryOp;
import dev.fathom.spi.View;
import java.util.Arrays;

/**
 * The default CPU backend: the {@link ScalarBackend} with its hot FLOAT32 primitives replaced by
 * JDK Vector API kernels — packed GEMM ({@link Sgemm}) for matmul, im2col + GEMM for convolution
 * ({@link ConvKernels}), elementwise fast paths for same-shape, scalar and row/column broadcast
 * operands ({@link FloatKernels}), row/column reductions and a fused softmax
 * ({@link FloatReductions}), and pooling ({@link FloatPooling}) — all split over the shared pool
 * when large enough. Everything else, and every call whose views or dtypes a kernel does not
 * handle, goes to the reference implementation, which also reports bad input.
 *
 * <p>Needs {@code --add-modules jdk.incubator.vector}; {@link SimdBackendProvider} checks for it.
 *
 * <pre>{@code
 * Backend simd = new SimdBackend();
 * View a = View.contiguous(simd.allocate(DType.FLOAT32, 512 * 512), new int[] {1, 512, 512});
 * View c = View.contiguous(simd.allocate(DType.FLOAT32, 512 * 512), new int[] {1, 512, 512});
 * simd.matmul(a, a, c); // [1, 512, 512] x [1, 512, 512]
 * }</pre>
 */
public class SimdBackend extends ScalarBackend {
  /** Elements per parallel chunk of an elementwise op. */
  private static final int GRAIN = 1 << 16;

  @Override
  public String name() {
    return "simd";
  }

  // ---- checks -------------------------------------------------------------------------------

  private static boolean f32(View... views) {
    for (View v : views) if (v.dtype() != DType.FLOAT32 || !(v.storage() instanceof HeapStorage)) return false;
    return true;
  }

  /** True when every element of {@code v} lies inside its storage. */
  private static boolean inBounds(View v) {
    if (v.numel() == 0) return true;
    long lo = v.offset(), hi = v.offset();
    for (int d = 0; d < v.dim(); d++) {
      long span = (long) (v.shape()[d] - 1) * v.strides()[d];
      if (span < 0) lo += span;
      else hi += span;
    }
    return lo >= 0 && hi < v.storage().size();
  }

  private static boolean usable(View... views) {
    for (View v : views) if (!inBounds(v)) return false;
    return true;
  }

  private static boolean denseOut(View out) {
    return out.isContiguous() && inBounds(out);
  }

  /** The elements of {@code v} as a row-major float array starting at index 0 (copied if they are not). */
  /** {@code v} as a contiguous float view from offset 0 (itself when it already is one). */
  private View denseView(View v) {
    return v.isContiguous() && v.offset() == 0 ? v : View.contiguous(HeapStorage.wrap(DType.FLOAT32, dense(v)), v.shape());
  }

  private float[] dense(View v) {
    if (v.isContiguous() && v.offset() == 0) return v.heap().floats();
    float[] d = new float[v.numel()];
    copy(v, View.contiguous(HeapStorage.wrap(DType.FLOAT32, d), v.shape()));
    return d;
  }

  // ---- elementwise --------------------------------------------------------------------------

  /** One segment of an elementwise op: {@code len} elements of output row {@code row} from column {@code col}. */
  @FunctionalInterface
  private interface RowBody {
    void run(int row, int col, int len);
  }

  private static void rows(RowLayout l, int numel, RowBody body) {
    int cols = l.cols;
    Parallel.forRange(numel, GRAIN, (from, to) -> {
      int r = from / cols, c = from % cols;
      for (int p = from; p < to; r++, c = 0) {
        int len = Math.min(cols - c, to - p);
        body.run(r, c, len);
        p += len;
      }
    });
  }

  private static float[] gather(float[] src, int off, int stride, int len) {
    float[] d = new float[len];
    for (int i = 0; i < len; i++) d[i] = src[off + i * stride];
    return d;
  }

  private static boolean unitOrZero(int stride) {
    return stride == 0 || stride == 1;
  }

  @Override
  public void fill(View out, double value) {
    if (f32(out) && denseOut(out)) Arrays.fill(out.heap().floats(), out.offset(), out.offset() + out.numel(), (float) value);
    else super.fill(out, value);
  }

  @Override
  public void copy(View src, View out) {
    if (src.dtype() == out.dtype() && src.storage() instanceof HeapStorage && out.storage() instanceof HeapStorage && Arrays.equals(src.shape(), out.shape())
        && denseOut(out) && inBounds(src)) {
      if (src.isContiguous()) {
        System.arraycopy(src.heap().array(), src.offset(), out.heap().array(), out.offset(), src.numel());
        return;
      }
      if (f32(src)) {
        RowLayout l = RowLayout.of(out.shape(), src);
        float[] s = src.heap().floats(), o = out.heap().floats();
        int cs = l.colStride(0), oOff = out.offset();
        rows(l, out.numel(), (r, c, len) -> {
          int si = l.rowOffset(0, r) + c * cs, oi = oOff + r * l.cols + c;
          if (cs == 1) System.arraycopy(s, si, o, oi, len);
          else if (cs == 0) Arrays.fill(o, oi, oi + len, s[si]);
          else for (int i = 0; i < len; i++) o[oi + i] = s[si + i * cs];
        });
        return;
      }
    }
    super.copy(src, out);
  }

  @Override
  public void unary(UnaryOp op, View x, View out, double p1, double p2) {
    if (op == UnaryOp.SIGN && Masks.unary(op, x, out)) return;
    if (FloatKernels.supports(op) && flatLike(out, out) && flatLike(x, out)) {
      float[] xv = x.heap().floats(), o = out.heap().floats();
      int xo = x.offset(), oo = out.offset(), n = out.numel();
      if (n <= GRAIN) FloatKernels.unary(op, xv, xo, o, oo, n, p1, p2);
      else Parallel.forRange(n, GRAIN, (from, to) -> FloatKernels.unary(op, xv, xo + from, o, oo + from, to - from, p1, p2));
      return;
    }
    if (!(FloatKernels.supports(op) && f32(x, out) && Arrays.equals(x.shape(), out.shape()) && denseOut(out) && inBounds(x))) {
      super.unary(op, x, out, p1, p2);
      return;
    }
    RowLayout l = RowLayout.of(out.shape(), x);
    float[] xs = x.heap().floats(), o = out.heap().floats();
    int cs = l.colStride(0), oOff = out.offset();
    rows(l, out.numel(), (r, c, len) -> {
      int xi = l.rowOffset(0, r) + c * cs, oi = oOff + r * l.cols + c;
      if (cs == 1) FloatKernels.unary(op, xs, xi, o, oi, len, p1, p2);
      else if (cs == 0) FloatKernels.unary(op, gather(xs, xi, 0, len), 0, o, oi, len, p1, p2);
      else FloatKernels.unary(op, gather(xs, xi, cs, len), 0, o, oi, len, p1, p2);
    });
  }

  private static boolean isF32(View v) {
    return v.dtype() == DType.FLOAT32 && v.storage() instanceof HeapStorage;
  }

  /** True when {@code v} is FLOAT32, row-major with {@code out}'s shape, and inside its storage. */
  private static boolean flatLike(View v, View out) {
    return isF32(v) && v.isContiguous() && v.offset() >= 0 && v.offset() + out.numel() <= v.storage().size()
        && (v.shape() == out.shape() || Arrays.equals(v.shape(), out.shape()));
  }

  @Override
  public void binary(BinaryOp op, View a, View b, View out) {
    if (op.isComparison() && Masks.compare(op, a, b, out)) return;
    if (FloatKernels.supports(op) && flatLike(out, out) && flatLike(a, out) && flatLike(b, out)) {
      // Same-shape contiguous operands: one flat loop, no layout analysis (small ops stay cheap).
      float[] av = a.heap().floats(), bv = b.heap().floats(), o = out.heap().floats();
      int ao = a.offset(), bo = b.offset(), oo = out.offset(), n = out.numel();
      if (n <= GRAIN) FloatKernels.binary(op, av, ao, 1, bv, bo, 1, o, oo, n);
      else Parallel.forRange(n, GRAIN, (from, to) -> FloatKernels.binary(op, av, ao + from, 1, bv, bo + from, 1, o, oo + from, to - from));
      return;
    }
    if (!(FloatKernels.supports(op) && f32(a, b, out) && Arrays.equals(a.shape(), out.shape())
        && Arrays.equals(b.shape(), out.shape()) && denseOut(out) && usable(a, b))) {
      super.binary(op, a, b, out);
      return;
    }
    RowLayout l = RowLayout.of(out.shape(), a, b);
    float[] as = a.heap().floats(), bs = b.heap().floats(), o = out.heap().floats();
    int acs = l.colStride(0), bcs = l.colStride(1), oOff = out.offset();
    rows(l, out.numel(), (r, c, len) -> {
      int ai = l.rowOffset(0, r) + c * acs, bi = l.rowOffset(1, r) + c * bcs, oi = oOff + r * l.cols + c;
      float[] av = as, bv = bs;
      int ast = acs, bst = bcs;
      if (!unitOrZero(acs)) {
        av = gather(as, ai, acs, len);
        ai = 0;
        ast = 1;
      }
      if (!unitOrZero(bcs)) {
        bv = gather(bs, bi, bcs, len);
        bi = 0;
        bst = 1;
      }
      FloatKernels.binary(op, av, ai, ast, bv, bi, bst, o, oi, len);
    });
  }

  @Override
  public void ternary(TernaryOp op, View a, View b, View c, View out, double value) {
    float v = (float) value;
    if (flatLike(out, out) && flatLike(a, out) && flatLike(b, out) && flatLike(c, out)) {
      // Same-shape contiguous operands (optimizer updates, fused expressions): one flat pass.
      float[] av = a.heap().floats(), bv = b.heap().floats(), cv = c.heap().floats(), o = out.heap().floats();
      int ao = a.offset(), bo = b.offset(), co = c.offset(), oo = out.offset(), n = out.numel();
      if (n <= GRAIN) FloatKernels.ternary(op, av, ao, bv, bo, cv, co, o, oo, n, v);
      else Parallel.forRange(n, GRAIN, (from, to) -> FloatKernels.ternary(op, av, ao + from, bv, bo + from, cv, co + from, o, oo + from, to - from, v));
      return;
    }
    if (!(f32(a, b, c, out) && Arrays.equals(a.shape(), out.shape()) && Arrays.equals(b.shape(), out.shape())
        && Arrays.equals(c.shape(), out.shape()) && denseOut(out) && usable(a, b, c))) {
      super.ternary(op, a, b, c, out, value);
      return;
    }
    // Broadcast or strided operands: rows of the output; a row of an operand that is not
    // unit-stride (a broadcast scalar or column, a transpose) is expanded into a scratch row.
    RowLayout l = RowLayout.of(out.shape(), a, b, c);
    float[] as = a.heap().floats(), bs = b.heap().floats(), cs = c.heap().floats(), o = out.heap().floats();
    int acs = l.colStride(0), bcs = l.colStride(1), ccs = l.colStride(2), oOff = out.offset();
    rows(l, out.numel(), (r, col, len) -> {
      int ai = l.rowOffset(0, r) + col * acs, bi = l.rowOffset(1, r) + col * bcs, ci = l.rowOffset(2, r) + col * ccs;
      float[] av = as, bv = bs, cv = cs;
      if (acs != 1) {
        av = gather(as, ai, acs, len);
        ai = 0;
      }
      if (bcs != 1) {
        bv = gather(bs, bi, bcs, len);
        bi = 0;
      }
      if (ccs != 1 && op != TernaryOp.LERP) {
        cv = gather(cs, ci, ccs, len);
        ci = 0;
      }
      FloatKernels.ternary(op, av, ai, bv, bi, cv, ci, o, oOff + r * l.cols + col, len, v);
    });
  }

  @Override
  public void binaryScalar(BinaryOp op, View a, double scalar, View out) {
    if (op.isComparison() && Masks.compareScalar(op, a, scalar, out)) return;
    if (!(FloatKernels.supports(op) && f32(a, out) && Arrays.equals(a.shape(), out.shape()) && denseOut(out) && inBounds(a))) {
      super.binaryScalar(op, a, scalar, out);
      return;
    }
    RowLayout l = RowLayout.of(out.shape(), a);
    float[] as = a.heap().floats(), o = out.heap().floats(), s = {(float) scalar};
    int acs = l.colStride(0), oOff = out.offset();
    rows(l, out.numel(), (r, c, len) -> {
      int ai = l.rowOffset(0, r) + c * acs, oi = oOff + r * l.cols + c;
      if (unitOrZero(acs)) FloatKernels.binary(op, as, ai, acs, s, 0, 0, o, oi, len);
      else FloatKernels.binary(op, gather(as, ai, acs, len), 0, 1, s, 0, 0, o, oi, len);
    });
  }

  @Override
  public void where(View cond, View a, View b, View out) {
    if (!Masks.where(cond, a, b, out)) super.where(cond, a, b, out);
  }

  // ---- reductions ---------------------------------------------------------------------------

  /**
   * {@code x}'s shape folded to {@code [k0, r1, k1, r2]} (kept, reduced, kept, reduced) for the
   * reduced {@code dims}, or null when it does not fold to that form.
   */
  static int[] fold(int[] shape, int[] dims) {
    boolean[] red = new boolean[shape.length];
    for (int d : dims) {
      if (d < 0 || d >= shape.length || red[d]) return null;
      red[d] = true;
    }
    int[] groups = new int[shape.length + 2];
    boolean[] kinds = new boolean[shape.length + 2];
    int n = 0;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] == 1) continue;
      if (n > 0 && kinds[n - 1] == red[d]) groups[n - 1] *= shape[d];
      else {
        kinds[n] = red[d];
        groups[n++] = shape[d];
      }
    }
    int[] g = new int[n + 2];
    int m = 0;
    if (n == 0 || kinds[0]) g[m++] = 1;
    for (int i = 0; i < n; i++) g[m++] = groups[i];
    if (n > 0 && !kinds[n - 1]) g[m++] = 1;
    if (m == 1) return new int[] {1, 1, 1, 1};
    if (m == 2) return new int[] {g[0], 1, 1, g[1]};
    if (m == 4) return Arrays.copyOf(g, 4);
    return null;
  }

  @Override
  public void reduce(ReduceOp op, View x, int[] dims, View out) {
    int[] f = x.dtype() == DType.FLOAT32 && x.numel() > 0 && x.storage() instanceof HeapStorage && x.isContiguous() && inBounds(x) && denseOut(out) ? fold(x.shape(), dims) : null;
    if (f != null && out.numel() == f[0] * f[2]) {
      float[] xs = x.heap().floats();
      switch (op) {
        case SUM, MAX, MIN -> {
          if (out.dtype() == DType.FLOAT32 && out.storage() instanceof HeapStorage) {
            FloatReductions.reduce(op, xs, x.offset(), f[0], f[1], f[2], f[3], out.heap().floats(), out.offset());
            return;
          }
        }
        case ARGMAX, ARGMIN -> {
          if (dims.length == 1 && f[1] == 1 && f[2] == 1 && f[3] > 0 && out.dtype() == DType.INT64 && out.storage() instanceof HeapStorage) {
            FloatReductions.argRows(op == ReduceOp.ARGMAX, xs, x.offset(), f[0], f[3], out.heap().longs(), out.offset());
            return;
          }
        }
        default -> { }
      }
    }
    super.reduce(op, x, dims, out);
  }

  @Override
  public void softmax(View x, int dim, boolean log, View out) {
    int n = x.dim() == 0 ? 1 : x.shape()[dim];
    boolean last = x.dim() > 0 && dim == x.dim() - 1;
    if (last && n > 0 && f32(x, out) && x.isContiguous() && inBounds(x) && denseOut(out) && Arrays.equals(x.shape(), out.shape())) {
      FloatReductions.softmaxRows(x.heap().floats(), x.offset(), x.numel() / n, n, log, out.heap().floats(), out.offset());
      return;
    }
    super.softmax(x, dim, log, out);
  }

  // ---- batch normalisation (ChannelKernels) ------------------------------------------------

  /** A contiguous FLOAT32 heap input {@code [N, C, *]} for the channel kernels. */
  private static boolean channelInput(View x) {
    return f32(x) && x.dim() >= 2 && x.isContiguous() && inBounds(x);
  }

  /** A null or in-bounds FLOAT32 heap view. */
  private static boolean optional(View v) {
    return v == null || (f32(v) && inBounds(v));
  }

  @Override
  public void batchNormStats(View x, View mean, View var) {
    if (channelInput(x) && f32(mean, var) && denseOut(mean) && denseOut(var)) ChannelKernels.stats(x, mean, var);
    else super.batchNormStats(x, mean, var);
  }

  @Override
  public void batchNormForward(View x, View mean, View var, View weight, View bias, double eps, View out) {
    if (channelInput(x) && f32(mean, var, out) && usable(mean, var) && optional(weight) && optional(bias) && denseOut(out)) {
      ChannelKernels.forward(x, mean, var, weight, bias, eps, out);
    } else {
      super.batchNormForward(x, mean, var, weight, bias, eps, out);
    }
  }

  @Override
  public void batchNormBackward(View gradOut, View x, View mean, View var, View weight, double eps, boolean training,
      View gradIn, View gradWeight, View gradBias) {
    if (channelInput(x) && channelInput(gradOut) && f32(mean, var) && usable(mean, var) && optional(weight)
        && (gradIn == null || (f32(gradIn) && denseOut(gradIn))) && (gradWeight == null || (f32(gradWeight) && denseOut(gradWeight)))
        && (gradBias == null || (f32(gradBias) && denseOut(gradBias)))) {
      ChannelKernels.backward(gradOut, x, mean, var, weight, eps, training, gradIn, gradWeight, gradBias);
    } else {
      super.batchNormBackward(gradOut, x, mean, var, weight, eps, training, gradIn, gradWeight, gradBias);
    }
  }

  // ---- matmul -------------------------------------------------------------------------------

  @Override
  public void matmul(View a, View b, View out) {
    int[] as = a.shape(), bs = b.shape(), os = out.shape();
    boolean ok = f32(a, b, out) && as.length == 3 && bs.length == 3 && os.length == 3 && as[0] == os[0] && bs[0] == os[0]
        && as[1] == os[1] && bs[2] == os[2] && as[2] == bs[1] && denseOut(out) && usable(a, b);
    if (!ok) {
      super.matmul(a, b, out);
      return;
    }
    int batches = os[0], m = os[1], n = os[2], k = as[2];
    int[] ast = a.strides(), bst = b.strides();
    float[] av = a.heap().floats(), bv = b.heap().floats(), ov = out.heap().floats();
    int oOff = out.offset();
    long flops = 2L * m * n * k;
    if (batches >= Parallel.numThreads() && flops < 8 * Sgemm.PARALLEL_FLOPS) {
      Parallel.forRange(batches, (int) Math.max(1, Sgemm.PARALLEL_FLOPS / Math.max(1, flops)), (from, to) -> {
        for (int i = from; i < to; i++)
          Sgemm.gemm(m, n, k, av, a.offset() + i * ast[0], ast[1], ast[2], bv, b.offset() + i * bst[0], bst[1], bst[2], ov, oOff + i * m * n, n, false);
      });
    } else {
      for (int i = 0; i < batches; i++)
        Sgemm.gemmParallel(m, n, k, av, a.offset() + i * ast[0], ast[1], ast[2], bv, b.offset() + i * bst[0], bst[1], bst[2], ov, oOff + i * m * n, n, false);
    }
  }

  // ---- convolution --------------------------------------------------------------------------

  /** The geometry of a conv with input-side shape {@code in}, or null when the shapes do not fit together. */
  private static ConvGeometry geometry(int[] in, int[] w, int[] out, Conv2dParams p) {
    if (in.length != 4 || w.length != 4 || out.length != 4) return null;
    int groups = p.groups();
    if (in[1] % groups != 0 || w[0] % groups != 0 || w[1] != in[1] / groups || out[1] != w[0] || out[0] != in[0]) return null;
    return new ConvGeometry(in[0], in[1], in[2], in[3], w[0], w[2], w[3], p.strideH(), p.strideW(), p.padH(), p.padW(),
        p.dilationH(), p.dilationW(), groups, out[2], out[3]);
  }

  /** Runs {@code kernel} on {@code out}'s array, or on a scratch array copied into it when out has an offset. */
  private static void intoOut(View out, java.util.function.Consumer<float[]> kernel) {
    if (out.offset() == 0) {
      kernel.accept(out.heap().floats());
    } else {
      float[] tmp = new float[out.numel()];
      kernel.accept(tmp);
      System.arraycopy(tmp, 0, out.heap().floats(), out.offset(), tmp.length);
    }
  }

  @Override
  public void conv2d(View x, View w, View bias, View out, Conv2dParams p) {
    ConvGeometry g = geometry(x.shape(), w.shape(), out.shape(), p);
    boolean ok = g != null && f32(x, w, out) && denseOut(out) && usable(x, w)
        && (bias == null || (f32(bias) && bias.dim() == 1 && bias.shape()[0] == g.o() && inBounds(bias)));
    if (!ok || out.numel() == 0) {
      super.conv2d(x, w, bias, out, p);
      return;
    }
    float[] xs = dense(x), ws = dense(w), bs = bias == null ? null : dense(bias);
    intoOut(out, o -> ConvKernels.forward(g, xs, ws, bs, o));
  }

  @Override
  public void conv2dBackwardInput(View gradOut, View w, View gradIn, Conv2dParams p) {
    ConvGeometry g = geometry(gradIn.shape(), w.shape(), gradOut.shape(), p);
    if (g == null || !f32(gradOut, w, gradIn) || !denseOut(gradIn) || !usable(gradOut, w) || gradIn.numel() == 0 || gradOut.numel() == 0) {
      super.conv2dBackwardInput(gradOut, w, gradIn, p);
      return;
    }
    float[] go = dense(gradOut), ws = dense(w);
    intoOut(gradIn, gi -> ConvKernels.backwardInput(g, go, ws, gi));
  }

  @Override
  public void conv2dBackwardWeight(View x, View gradOut, View gradW, Conv2dParams p) {
    ConvGeometry g = geometry(x.shape(), gradW.shape(), gradOut.shape(), p);
    if (g == null || !f32(x, gradOut, gradW) || !denseOut(gradW) || !usable(x, gradOut) || gradW.numel() == 0
        || gradOut.numel() == 0) {
      super.conv2dBackwardWeight(x, gradOut, gradW, p);
      return;
    }
    float[] xs = dense(x), go = dense(gradOut);
    intoOut(gradW, gw -> ConvKernels.backwardWeight(g, xs, go, gw));
  }

  // ---- pooling ------------------------------------------------------------------------------

  private static boolean poolShapes(View in, View out) {
    return in.dim() == 4 && out.dim() == 4 && in.shape()[0] == out.shape()[0] && in.shape()[1] == out.shape()[1];
  }

  @Override
  public void maxPool2d(View x, View out, View indices, Pool2dParams p) {
    if (FastPooling.maxPool2d(x, out, indices, p)) return;
    // A strided or offset input: pool a contiguous copy; what the fast path still does not take
    // (another dtype, strided outputs) goes to the reference.
    if (f32(x) && poolShapes(x, out) && inBounds(x) && FastPooling.maxPool2d(denseView(x), out, indices, p)) return;
    super.maxPool2d(x, out, indices, p);
  }

  @Override
  public void maxPool2dBackward(View gradOut, View indices, View gradIn, Pool2dParams p) {
    if (FastPooling.maxPool2dBackward(gradOut, indices, gradIn, p)) return;
    if (f32(gradOut) && poolShapes(gradIn, gradOut) && inBounds(gradOut)
        && FastPooling.maxPool2dBackward(denseView(gradOut), indices, gradIn, p)) return;
    super.maxPool2dBackward(gradOut, indices, gradIn, p);
  }

  @Override
  public void avgPool2d(View x, View out, Pool2dParams p) {
    if (!(f32(x, out) && poolShapes(x, out) && denseOut(out) && inBounds(x))) {
      super.avgPool2d(x, out, p);
      return;
    }
    int[] s = x.shape();
    FloatPooling.avgPool(dense(x), 0, s[0] * s[1], s[2], s[3], out.heap().floats(), out.offset(), out.shape()[2], out.shape()[3], p);
  }

  @Override
  public void avgPool2dBackward(View gradOut, View gradIn, Pool2dParams p) {
    if (!(f32(gradOut, gradIn) && poolShapes(gradIn, gradOut) && denseOut(gradIn) && inBounds(gradOut))) {
      super.avgPool2dBackward(gradOut, gradIn, p);
      return;
    }
    int[] s = gradIn.shape(), os = gradOut.shape();
    FloatPooling.avgPoolBackward(dense(gradOut), 0, s[0] * s[1], os[2], os[3], gradIn.heap().floats(), gradIn.offset(), s[2], s[3], p);
  }
}
