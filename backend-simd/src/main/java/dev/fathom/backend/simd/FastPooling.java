package dev.fathom.backend.simd;

import dev.fathom.DType;
import dev.fathom.spi.HeapStorage;
import dev.fathom.spi.Parallel;
import dev.fathom.spi.Pool2dParams;
import dev.fathom.spi.View;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float max pooling on contiguous NCHW views without data-dependent branches: the running maximum
 * and its index are updated by selects, so random data (ReLU outputs full of ties and zeros) costs
 * few branch mispredictions. A 2x2, stride-2 kernel (the course CNN's {@code MaxPool2d(2)}) gathers
 * the four corners of {@code V} windows at a time through a map of window corners and picks the
 * winners with vector compares and blends. Other windows (any kernel, stride, padding, dilation)
 * compute each output row's interior columns, whose windows lie inside the input columns, {@code V}
 * at a time (each window element loaded for all lanes: contiguously at stride 1, gathered through a
 * map of {@code i * strideW} otherwise; measured faster here than two loads and a lane permute at
 * stride 2), and the border columns with a scalar loop of selects. The gradient zeroes each plane and scatters. Semantics are the scalar reference's: padding is -inf, NaN wins and
 * the last NaN's index is recorded, ties keep the first index, and indices are {@code h*W+w} in the
 * input plane.
 *
 * <p>{@link #maxPool2d} and {@link #maxPool2dBackward} return false for views they do not handle
 * (another dtype, non-heap storage, non-contiguous or offset views); the caller then runs its
 * general path.
 *
 * <pre>{@code
 * // x [64, 16, 28, 28] -> out [64, 16, 14, 14], idx INT64 [64, 16, 14, 14]
 * boolean done = FastPooling.maxPool2d(x, out, idx, new Pool2dParams(2, 2, 2, 2, 0, 0, 1, 1, false, true, 0));
 * }</pre>
 */
final class FastPooling {
  /** Input elements per parallel task. */
  private static final int GRAIN = 1 << 16;
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> IS = S.withLanes(int.class);
  private static final VectorSpecies<Long> LS = S.withLanes(long.class);
  private static final int V = S.length();
  private static final int LONG_PARTS = V / LS.length();

  private FastPooling() {}

  private static boolean denseF32(View v) {
    return v.dtype() == DType.FLOAT32 && v.storage() instanceof HeapStorage && v.isContiguous() && v.offset() >= 0
        && v.offset() + v.numel() <= v.storage().size();
  }

  private static boolean denseI64(View v) {
    return v.dtype() == DType.INT64 && v.storage() instanceof HeapStorage && v.isContiguous() && v.offset() >= 0
        && v.offset() + v.numel() <= v.storage().size();
  }

  private static boolean pair(View in, View out) {
    return in.dim() == 4 && out.dim() == 4 && in.shape()[0] == out.shape()[0] && in.shape()[1] == out.shape()[1];
  }

  /** True for a 2x2 window, stride 2, no padding or dilation, whose output covers only whole windows. */
  private static boolean twoByTwo(Pool2dParams p, int h, int w, int oh, int ow) {
    return p.kernelH() == 2 && p.kernelW() == 2 && p.strideH() == 2 && p.strideW() == 2 && p.padH() == 0 && p.padW() == 0
        && p.dilationH() == 1 && p.dilationW() == 1 && 2 * oh <= h && 2 * ow <= w;
  }

  private static int grain(long inputPerPlane) {
    return (int) Math.max(1, GRAIN / Math.max(1, inputPerPlane));
  }

  /** Max pooling of {@code x} into {@code out} and (when not null) {@code indices}; false when the views are not handled. */
  static boolean maxPool2d(View x, View out, View indices, Pool2dParams p) {
    if (!(pair(x, out) && denseF32(x) && denseF32(out) && (indices == null || (denseI64(indices) && Arrays.equals(indices.shape(), out.shape())))))
      return false;
    int[] s = x.shape();
    int planes = s[0] * s[1], h = s[2], w = s[3], oh = out.shape()[2], ow = out.shape()[3];
    if (out.numel() == 0) return true;
    float[] xs = x.heap().floats(), os = out.heap().floats();
    long[] is = indices == null ? null : indices.heap().longs();
    int xo = x.offset(), oo = out.offset(), io = indices == null ? 0 : indices.offset();
    boolean fast = twoByTwo(p, h, w, oh, ow);
    int[] map = fast ? corners(w, oh, ow) : lanes(p.strideW());
    Parallel.forRange(planes, grain((long) h * w), (from, to) -> {
      for (int t = from; t < to; t++) {
        int xb = xo + t * h * w, ob = t * oh * ow;
        if (fast) plane2x2(xs, xb, w, os, oo + ob, is, io + ob, map);
        else plane(xs, xb, h, w, os, oo + ob, is, io + ob, oh, ow, p, map);
      }
    });
    return true;
  }

  /** Input offsets of a plane's 2x2 windows' top-left corners, in output order (oh * ow ints, cheap beside the planes). */
  private static int[] corners(int w, int oh, int ow) {
    int[] at = new int[oh * ow];
    for (int y = 0; y < oh; y++)
      for (int j = 0; j < ow; j++) at[y * ow + j] = 2 * y * w + 2 * j;
    return at;
  }

  /**
   * One plane of 2x2 stride-2 pooling, {@code V} windows at a time: the four corners are gathered
   * through the window map, each row's pair resolved first (the right value wins when greater or
   * NaN), then the bottom pair against the top one — the same winner as visiting the window in
   * row-major order. {@code idx} may be null.
   */
  private static void plane2x2(float[] x, int xb, int w, float[] out, int ob, long[] idx, int ib, int[] map) {
    int n = map.length, k = 0;
    for (; k <= n - V; k += V) {
      FloatVector a = FloatVector.fromArray(S, x, xb, map, k), b = FloatVector.fromArray(S, x, xb + 1, map, k);
      FloatVector d = FloatVector.fromArray(S, x, xb + w, map, k), e = FloatVector.fromArray(S, x, xb + w + 1, map, k);
      VectorMask<Float> right = b.compare(VectorOperators.GT, a).or(b.test(VectorOperators.IS_NAN));
      VectorMask<Float> rightBelow = e.compare(VectorOperators.GT, d).or(e.test(VectorOperators.IS_NAN));
      FloatVector top = a.blend(b, right), bottom = d.blend(e, rightBelow);
      VectorMask<Float> below = bottom.compare(VectorOperators.GT, top).or(bottom.test(VectorOperators.IS_NAN));
      top.blend(bottom, below).intoArray(out, ob + k);
      if (idx != null) {
        IntVector topAt = IntVector.zero(IS).blend(1, right.cast(IS));
        IntVector bottomAt = IntVector.broadcast(IS, w).blend(w + 1, rightBelow.cast(IS));
        IntVector at = topAt.blend(bottomAt, below.cast(IS)).add(IntVector.fromArray(IS, map, k));
        for (int part = 0; part < LONG_PARTS; part++)
          ((LongVector) at.convertShape(VectorOperators.I2L, LS, part)).intoArray(idx, ib + k + part * LS.length());
      }
    }
    for (; k < n; k++) {
      int c = xb + map[k];
      float a = x[c], b = x[c + 1], d = x[c + w], e = x[c + w + 1];
      float best = a;
      int at = 0;
      if (b > best || b != b) {
        best = b;
        at = 1;
      }
      if (d > best || d != d) {
        best = d;
        at = w;
      }
      if (e > best || e != e) {
        best = e;
        at = w + 1;
      }
      out[ob + k] = best;
      if (idx != null) idx[ib + k] = map[k] + at;
    }
  }

  /** Gather map of {@code V} output columns: lane {@code i} reads input column {@code i * stride} past the block's first. */
  private static int[] lanes(int stride) {
    int[] m = new int[V];
    for (int i = 0; i < V; i++) m[i] = i * stride;
    return m;
  }

  /**
   * One plane of general max pooling (windows clipped to the input, as padding is -inf). Each
   * output row's interior columns, whose windows lie wholly inside the input columns, are computed
   * {@code V} at a time (the last block overlaps the one before rather than running a tail); the
   * border columns, rows whose windows have no input row, and planes whose interior is narrower
   * than a vector go through {@link #window}.
   */
  private static void plane(float[] x, int xb, int h, int w, float[] out, int ob, long[] idx, int ib, int oh, int ow,
                            Pool2dParams p, int[] lanes) {
    int kh = p.kernelH(), kw = p.kernelW(), sh = p.strideH(), sw = p.strideW(), ph = p.padH(), pw = p.padW();
    int dh = p.dilationH(), dw = p.dilationW();
    // Interior columns [jLo, jHi): j * sw - pw >= 0 and j * sw - pw + (kw - 1) * dw <= w - 1.
    int jLo = Math.min(ow, (pw + sw - 1) / sw);
    int last = w - 1 - (kw - 1) * dw + pw;
    int jHi = last < 0 ? 0 : Math.min(ow, last / sw + 1);
    boolean vector = jHi - jLo >= V;
    for (int y = 0; y < oh; y++) {
      int y0 = y * sh - ph;
      int y1 = Math.min(y0 + (kh - 1) * dh + 1, h);
      while (y0 < 0) y0 += dh;
      int o = ob + y * ow;
      if (!vector || y0 >= y1) {
        for (int j = 0; j < ow; j++) window(x, xb, w, out, o, idx, ib + y * ow, j, y0, y1, kw, sw, pw, dh, dw);
        continue;
      }
      for (int j = 0; j < jLo; j++) window(x, xb, w, out, o, idx, ib + y * ow, j, y0, y1, kw, sw, pw, dh, dw);
      for (int j = jLo; j < jHi; j += V) {
        int b = Math.min(j, jHi - V);
        block(x, xb, w, out, o + b, idx, idx == null ? 0 : ib + y * ow + b, b * sw - pw, y0, y1, kw, sw, dh, dw, lanes);
      }
      for (int j = jHi; j < ow; j++) window(x, xb, w, out, o, idx, ib + y * ow, j, y0, y1, kw, sw, pw, dh, dw);
    }
  }

  /**
   * {@code V} interior windows of one output row, their first input column {@code x0 + i * sw}:
   * each window element is loaded for all lanes (contiguously at stride 1, else gathered), taken
   * where greater or NaN (row-major order, so ties keep the first and the last NaN wins), and the
   * winner's in-plane offset is kept per lane less the lane's column step, added back at the end.
   */
  private static void block(float[] x, int xb, int w, float[] out, int o, long[] idx, int io, int x0, int y0, int y1,
                            int kw, int sw, int dh, int dw, int[] lanes) {
    int first = y0 * w + x0;
    FloatVector best = sw == 1 ? FloatVector.fromArray(S, x, xb + first) : FloatVector.fromArray(S, x, xb + first, lanes, 0);
    IntVector at = IntVector.broadcast(IS, first);
    for (int iy = y0; iy < y1; iy += dh) {
      for (int kx = iy == y0 ? 1 : 0; kx < kw; kx++) {
        int t = iy * w + x0 + kx * dw;
        FloatVector v = sw == 1 ? FloatVector.fromArray(S, x, xb + t) : FloatVector.fromArray(S, x, xb + t, lanes, 0);
        VectorMask<Float> take = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
        best = best.blend(v, take);
        if (idx != null) at = at.blend(t, take.cast(IS));
      }
    }
    best.intoArray(out, o);
    if (idx != null) {
      at = at.add(IntVector.fromArray(IS, lanes, 0));
      for (int part = 0; part < LONG_PARTS; part++)
        ((LongVector) at.convertShape(VectorOperators.I2L, LS, part)).intoArray(idx, io + part * LS.length());
    }
  }

  /** Output column {@code j} of one output row whose window rows are {@code [y0, y1)} (step dh), scalar. */
  private static void window(float[] x, int xb, int w, float[] out, int o, long[] idx, int io, int j, int y0, int y1,
                             int kw, int sw, int pw, int dh, int dw) {
    int x0 = j * sw - pw;
    int x1 = Math.min(x0 + (kw - 1) * dw + 1, w);
    while (x0 < 0) x0 += dw;
    float best = Float.NEGATIVE_INFINITY;
    int at = y0 * w + x0;
    for (int iy = y0; iy < y1; iy += dh) {
      int row = xb + iy * w;
      for (int ix = x0; ix < x1; ix += dw) {
        float v = x[row + ix];
        boolean take = v > best || v != v;
        best = take ? v : best;
        at = take ? iy * w + ix : at;
      }
    }
    out[o + j] = best;
    if (idx != null) idx[io + j] = at;
  }

  /**
   * The gradient of max pooling: {@code gradIn} is overwritten with {@code gradOut} summed at the
   * recorded {@code indices} (each plane zeroed, then scattered; measured faster here than writing
   * each element once through gathers); false when the views are not handled. An index outside the
   * input plane throws {@link IndexOutOfBoundsException}.
   */
  static boolean maxPool2dBackward(View gradOut, View indices, View gradIn, Pool2dParams p) {
    if (!(pair(gradIn, gradOut) && denseF32(gradOut) && denseF32(gradIn) && denseI64(indices) && Arrays.equals(indices.shape(), gradOut.shape())))
      return false;
    int[] s = gradIn.shape();
    int planes = s[0] * s[1], h = s[2], w = s[3], oh = gradOut.shape()[2], ow = gradOut.shape()[3];
    if (gradIn.numel() == 0) return true;
    float[] g = gradOut.heap().floats(), gi = gradIn.heap().floats();
    long[] idx = indices.heap().longs();
    int go = gradOut.offset(), io = indices.offset(), gio = gradIn.offset();
    int inPlane = h * w, outPlane = oh * ow;
    Parallel.forRange(planes, grain(inPlane), (from, to) -> {
      for (int t = from; t < to; t++) {
        int ob = t * outPlane;
        scatterPlane(g, go + ob, idx, io + ob, outPlane, gi, gio + t * inPlane, inPlane);
      }
    });
    return true;
  }

  private static void scatterPlane(float[] g, int gb, long[] idx, int ib, int outPlane, float[] gi, int pb, int inPlane) {
    for (int i = 0; i < outPlane; i++) {
      long at = idx[ib + i];
      if (at < 0 || at >= inPlane)
        throw new IndexOutOfBoundsException("maxPool2dBackward: index " + at + " is outside the input plane of " + inPlane + " elements");
    }
    Arrays.fill(gi, pb, pb + inPlane, 0f);
    for (int i = 0; i < outPlane; i++) gi[pb + (int) idx[ib + i]] += g[gb + i];
  }
}
