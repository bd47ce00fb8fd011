package dev.fathom.backend.cuda;

import dev.fathom.DType;
import dev.fathom.spi.BinaryOp;
import dev.fathom.spi.UnaryOp;
import dev.fathom.spi.View;

/**
 * Fill, copy with cast, unary, binary, binary-with-scalar and where (elementwise.cu). Each launch
 * walks the output's shape with every operand's strides ({@link Iter}); the compute domain is
 * chosen here as the scalar reference backend chooses it: double when the input is floating,
 * long otherwise (and double for an integer tensor with a scalar that is no integer, or integer
 * POW into a floating output). Contiguous float32 copies and binary ops take vectorised paths.
 */
final class ElementwiseOps {
  private static final String MODULE = "elementwise";
  private static final int THREADS = 256;

  private final CudaBackend backend;
  private final Gpu gpu;

  ElementwiseOps(CudaBackend backend) {
    this.backend = backend;
    this.gpu = backend.gpu();
  }

  private static int[][] strides(View... views) {
    int[][] s = new int[views.length][];
    for (int i = 0; i < views.length; i++) s[i] = views[i].strides();
    return s;
  }

  private static int[] offsets(View... views) {
    int[] o = new int[views.length];
    for (int i = 0; i < views.length; i++) o[i] = views[i].offset();
    return o;
  }

  private static int dt(View v) {
    return v.dtype().ordinal();
  }

  void fill(View out, double value) {
    long o = backend.address(out);
    Iter.forEach(out.shape(), strides(out), offsets(out), it ->
        gpu.launch1d(MODULE, "ew_fill", it.n(), THREADS, new Args().ints(it.packed()).ptr(o).i32(dt(out)).f64(value).i64(0).i32(0)));
  }

  void copy(View src, View out) {
    long o = backend.address(out), s = backend.address(src);
    if (src.dtype() == DType.FLOAT32 && out.dtype() == DType.FLOAT32 && src.isContiguous() && out.isContiguous()) {
      long so = s + 4L * src.offset(), oo = o + 4L * out.offset();
      if (so % 16 == 0 && oo % 16 == 0) {
        int n = out.numel();
        if (n > 0) gpu.launch1d(MODULE, "ew_copy_f32_contig", Math.max(1, n / 4), THREADS, new Args().ptr(oo).ptr(so).i32(n));
        return;
      }
    }
    int dom = src.dtype().isFloatingPoint() ? 0 : 1;
    Iter.forEach(out.shape(), strides(out, src), offsets(out, src), it ->
        gpu.launch1d(MODULE, "ew_copy", it.n(), THREADS, new Args().ints(it.packed()).ptr(o).i32(dt(out)).ptr(s).i32(dt(src)).i32(dom)));
  }

  void unary(UnaryOp op, View x, View out, double p1, double p2) {
    int dom = x.dtype().isFloatingPoint() ? 0 : 1;
    if (dom == 1 && !definedOnIntegers(op))
      throw new IllegalArgumentException("unary " + op + " is not defined for dtype " + x.dtype() + " (promote to a floating dtype first)");
    long o = backend.address(out), s = backend.address(x);
    Iter.forEach(out.shape(), strides(out, x), offsets(out, x), it ->
        gpu.launch1d(MODULE, "ew_unary", it.n(), THREADS,
            new Args().ints(it.packed()).ptr(o).i32(dt(out)).ptr(s).i32(dt(x)).i32(op.ordinal()).i32(dom).f64(p1).f64(p2)));
  }

  static boolean definedOnIntegers(UnaryOp op) {
    return switch (op) {
      case NEG, ABS, SIGN, SQUARE, RELU, CLAMP, FLOOR, CEIL, ROUND, TRUNC, LOGICAL_NOT, ISNAN -> true;
      default -> false;
    };
  }

  private static void checkIntegral(BinaryOp op, DType dtype) {
    if (op == BinaryOp.DIV || op == BinaryOp.ATAN2)
      throw new IllegalArgumentException("binary " + op + " is not defined for dtype " + dtype + " (promote to a floating dtype first)");
  }

  void binary(BinaryOp op, View a, View b, View out) {
    int dom = a.dtype().isFloatingPoint() ? 0 : 1;
    if (dom == 1) checkIntegral(op, a.dtype());
    long o = backend.address(out), pa = backend.address(a), pb = backend.address(b);
    if (dom == 1 && op == BinaryOp.REMAINDER) backend.expectKernelErrors();
    if (a.dtype() == DType.FLOAT32 && out.dtype() == DType.FLOAT32 && a.isContiguous() && b.isContiguous() && out.isContiguous()
        && !hasBroadcast(a) && !hasBroadcast(b)) {
      int n = out.numel();
      if (n > 0)
        gpu.launch1d(MODULE, "ew_binary_f32_contig", n, THREADS,
            new Args().ptr(o + 4L * out.offset()).ptr(pa + 4L * a.offset()).ptr(pb + 4L * b.offset()).i32(n).i32(op.ordinal()));
      return;
    }
    long err = gpu.errorWord();
    Iter.forEach(out.shape(), strides(out, a, b), offsets(out, a, b), it ->
        gpu.launch1d(MODULE, "ew_binary", it.n(), THREADS,
            new Args().ints(it.packed()).ptr(o).i32(dt(out)).ptr(pa).ptr(pb).i32(dt(a)).i32(op.ordinal()).i32(dom).ptr(err)));
  }

  /** True when a dim of size > 1 has stride 0 (an expanded view is not dense even if "contiguous"). */
  private static boolean hasBroadcast(View v) {
    for (int d = 0; d < v.dim(); d++) if (v.strides()[d] == 0 && v.shape()[d] > 1) return true;
    return false;
  }

  /**
   * {@code out = a op scalar}: the scalar is converted to a's dtype first (FLOAT32 rounds it to
   * float, as PyTorch); an integer {@code a} with a non-integral scalar, or integer POW into a
   * floating output, is computed in double.
   */
  void binaryScalar(BinaryOp op, View a, double scalar, View out) {
    DType t = a.dtype();
    boolean integralScalar = scalar == Math.rint(scalar) && Math.abs(scalar) < 0x1p63;
    boolean inLongs = !t.isFloatingPoint() && integralScalar && !(op == BinaryOp.POW && out.dtype().isFloatingPoint());
    if (inLongs) checkIntegral(op, t);
    if (inLongs && op == BinaryOp.REMAINDER) backend.expectKernelErrors();
    double s = t == DType.FLOAT32 ? (float) scalar : scalar;
    long o = backend.address(out), pa = backend.address(a), err = gpu.errorWord();
    int dom = inLongs ? 1 : 0;
    Iter.forEach(out.shape(), strides(out, a), offsets(out, a), it ->
        gpu.launch1d(MODULE, "ew_binary_scalar", it.n(), THREADS,
            new Args().ints(it.packed()).ptr(o).i32(dt(out)).ptr(pa).i32(dt(a)).i32(op.ordinal()).i32(dom).f64(s).i64((long) scalar).ptr(err)));
  }

  void where(View cond, View a, View b, View out) {
    int dom = a.dtype().isFloatingPoint() ? 0 : 1;
    long o = backend.address(out), pc = backend.address(cond), pa = backend.address(a), pb = backend.address(b);
    Iter.forEach(out.shape(), strides(out, cond, a, b), offsets(out, cond, a, b), it ->
        gpu.launch1d(MODULE, "ew_where", it.n(), THREADS,
            new Args().ints(it.packed()).ptr(o).i32(dt(out)).ptr(pc).i32(dt(cond)).ptr(pa).ptr(pb).i32(dt(a)).i32(dom)));
  }
}
