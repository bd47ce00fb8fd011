package dev.fathom.backend.cuda;

import dev.fathom.DType;
import dev.fathom.spi.BinaryOp;
import dev.fathom.spi.Conv2dParams;
import dev.fathom.spi.ReduceOp;
import dev.fathom.spi.Shapes;
import dev.fathom.spi.View;

/**
 * 2-d convolution (NCHW input, OIHW weight) and its two gradients as im2col + batched GEMM
 * (conv.cu, gemm.cu), over chunks of images whose column buffer fits the workspace limit. One GEMM
 * launch covers every (image, group) pair of a chunk. A 1x1 convolution with stride 1 and no
 * padding needs no columns: the input is already the GEMM operand. The weight gradient runs one
 * GEMM per image (so the launch has enough blocks), then sums over images in double.
 *
 * <p>Integer dtypes are computed in float64 and converted back, as the scalar reference computes
 * them in double.
 */
final class ConvOps {
  private static final String MODULE = "conv";
  /** Largest column buffer, in bytes ({@code -Dfathom.cuda.convWorkspaceBytes}, default 512 MiB). */
  private static long workspaceBytes() {
    return Long.getLong("fathom.cuda.convWorkspaceBytes", 512L << 20);
  }

  private final CudaBackend backend;
  private final Gpu gpu;
  private final GemmOps gemm;

  ConvOps(CudaBackend backend, GemmOps gemm) {
    this.backend = backend;
    this.gpu = backend.gpu();
    this.gemm = gemm;
  }

  /** The sizes of one convolution, read from the input-side, weight and output-side shapes. */
  private record Geom(int n, int c, int h, int w, int oc, int oh, int ow, int kh, int kw, int groups, Conv2dParams p) {
    static Geom of(String op, int[] in, int[] weight, int[] out, Conv2dParams p) {
      int groups = p.groups();
      if (in.length != 4 || weight.length != 4 || out.length != 4 || in[1] % groups != 0 || weight[0] % groups != 0
          || weight[1] != in[1] / groups || out[1] != weight[0] || out[0] != in[0])
        throw new IllegalArgumentException(op + ": inconsistent shapes input " + Shapes.str(in) + ", weight " + Shapes.str(weight)
            + ", output " + Shapes.str(out) + " for groups=" + groups);
      return new Geom(in[0], in[1], in[2], in[3], out[1], out[2], out[3], weight[2], weight[3], groups, p);
    }

    int cg() { return c / groups; }

    int ocg() { return oc / groups; }

    int plane() { return oh * ow; }

    int ck() { return c * kh * kw; }

    int ckg() { return cg() * kh * kw; }

    /** True when the input itself is the column matrix. */
    boolean pointwise() {
      return kh == 1 && kw == 1 && p.strideH() == 1 && p.strideW() == 1 && p.padH() == 0 && p.padW() == 0 && oh == h && ow == w;
    }

    /** Images per chunk so the column buffer stays under the workspace limit. */
    int chunk(int elementBytes) {
      long perImage = (long) ck() * plane() * elementBytes;
      return (int) Math.max(1, Math.min(n, workspaceBytes() / Math.max(1, perImage)));
    }

    int[] packed(int images) {
      return new int[] {images, c, h, w, oh, ow, kh, kw, p.strideH(), p.strideW(), p.padH(), p.padW(), p.dilationH(), p.dilationW()};
    }
  }

  private static String suffix(DType t) {
    return t == DType.FLOAT32 ? "_f32" : "_f64";
  }

  private void im2col(Geom g, DType t, long x, int xOffset, int images, long col) {
    long total = (long) images * g.ck() * g.plane();
    gpu.launch1d(MODULE, "im2col" + suffix(t), total, 256,
        new Args().ints(g.packed(images)).ptr(x + (long) xOffset * t.byteSize()).ptr(col));
  }

  void forward(View x, View w, View bias, View out, Conv2dParams p) {
    Geom g = Geom.of("conv2d", x.shape(), w.shape(), out.shape(), p);
    if (!x.dtype().isFloatingPoint()) {
      viaFloat64(out, o -> forward(backend.asDense(x, DType.FLOAT64), backend.asDense(w, DType.FLOAT64),
          bias == null ? null : backend.asDense(bias, DType.FLOAT64), o, p));
      return;
    }
    if (out.numel() == 0) return;
    DType t = x.dtype();
    View xc = backend.dense(x), wc = backend.dense(w), oc = backend.dense(out);
    long xa = backend.address(xc), wa = backend.address(wc), oa = backend.address(oc);
    int P = g.plane(), CK = g.ck(), CKg = g.ckg(), OCg = g.ocg();
    GemmOps.Operand a = new GemmOps.Operand(wa, wc.offset(), CKg, 1, 0, OCg * CKg);
    if (g.c == 0 || g.kh == 0 || g.kw == 0) {
      backend.fill(oc, 0);
    } else if (g.pointwise()) {
      GemmOps.Operand b = new GemmOps.Operand(xa, xc.offset(), P, 1, CK * P, CKg * P);
      GemmOps.Operand c = new GemmOps.Operand(oa, oc.offset(), P, 1, g.oc * P, OCg * P);
      gemm.gemm(t, OCg, P, CKg, g.n, g.groups, a, b, c, false);
    } else {
      int chunk = g.chunk(t.byteSize());
      CudaStorage col = backend.temp(t, chunk * CK * P);
      try {
        for (int n0 = 0; n0 < g.n; n0 += chunk) {
          int images = Math.min(chunk, g.n - n0);
          im2col(g, t, xa, xc.offset() + n0 * g.c * g.h * g.w, images, col.address());
          GemmOps.Operand b = new GemmOps.Operand(col.address(), 0, P, 1, CK * P, CKg * P);
          GemmOps.Operand c = new GemmOps.Operand(oa, oc.offset() + n0 * g.oc * P, P, 1, g.oc * P, OCg * P);
          gemm.gemm(t, OCg, P, CKg, images, g.groups, a, b, c, false);
        }
      } finally {
        col.release();
      }
    }
    if (bias != null) {
      View bb = bias.restride(oc.shape(), new int[] {0, bias.strides()[0], 0, 0}, bias.offset());
      backend.binary(BinaryOp.ADD, oc, bb, oc);
    }
    backend.finishDense(oc, out);
    backend.releaseIfTemp(xc, x);
    backend.releaseIfTemp(wc, w);
  }

  void backwardInput(View gradOut, View w, View gradIn, Conv2dParams p) {
    Geom g = Geom.of("conv2d backward input", gradIn.shape(), w.shape(), gradOut.shape(), p);
    if (!gradOut.dtype().isFloatingPoint()) {
      viaFloat64(gradIn, o -> backwardInput(backend.asDense(gradOut, DType.FLOAT64), backend.asDense(w, DType.FLOAT64), o, p));
      return;
    }
    if (gradIn.numel() == 0) return;
    DType t = gradOut.dtype();
    View gc = backend.dense(gradOut), wc = backend.dense(w), ic = backend.dense(gradIn);
    long ga = backend.address(gc), wa = backend.address(wc), ia = backend.address(ic);
    int P = g.plane(), CK = g.ck(), CKg = g.ckg(), OCg = g.ocg();
    // A = W[g] transposed: element (ck, oc) at oc*CKg + ck.
    GemmOps.Operand a = new GemmOps.Operand(wa, wc.offset(), 1, CKg, 0, OCg * CKg);
    if (g.oc == 0 || P == 0) {
      backend.fill(ic, 0);
    } else if (g.pointwise()) {
      GemmOps.Operand b = new GemmOps.Operand(ga, gc.offset(), P, 1, g.oc * P, OCg * P);
      GemmOps.Operand c = new GemmOps.Operand(ia, ic.offset(), P, 1, CK * P, CKg * P);
      gemm.gemm(t, CKg, P, OCg, g.n, g.groups, a, b, c, false);
    } else {
      int chunk = g.chunk(t.byteSize());
      CudaStorage col = backend.temp(t, chunk * CK * P);
      try {
        for (int n0 = 0; n0 < g.n; n0 += chunk) {
          int images = Math.min(chunk, g.n - n0);
          GemmOps.Operand b = new GemmOps.Operand(ga, gc.offset() + n0 * g.oc * P, P, 1, g.oc * P, OCg * P);
          GemmOps.Operand c = new GemmOps.Operand(col.address(), 0, P, 1, CK * P, CKg * P);
          gemm.gemm(t, CKg, P, OCg, images, g.groups, a, b, c, false);
          long dst = ia + (long) (ic.offset() + n0 * g.c * g.h * g.w) * t.byteSize();
          long total = (long) images * g.c * g.h * g.w;
          gpu.launch1d(MODULE, "col2im" + suffix(t), total, 256, new Args().ints(g.packed(images)).ptr(col.address()).ptr(dst));
        }
      } finally {
        col.release();
      }
    }
    backend.finishDense(ic, gradIn);
    backend.releaseIfTemp(gc, gradOut);
    backend.releaseIfTemp(wc, w);
  }

  void backwardWeight(View x, View gradOut, View gradW, Conv2dParams p) {
    Geom g = Geom.of("conv2d backward weight", x.shape(), gradW.shape(), gradOut.shape(), p);
    if (!x.dtype().isFloatingPoint()) {
      viaFloat64(gradW, o -> backwardWeight(backend.asDense(x, DType.FLOAT64), backend.asDense(gradOut, DType.FLOAT64), o, p));
      return;
    }
    if (gradW.numel() == 0) return;
    DType t = x.dtype();
    int P = g.plane(), CK = g.ck(), CKg = g.ckg(), OCg = g.ocg();
    if (g.n == 0 || P == 0) {
      backend.fill(gradW, 0);
      return;
    }
    View xc = backend.dense(x), gc = backend.dense(gradOut), wOut = backend.dense(gradW);
    long xa = backend.address(xc), ga = backend.address(gc);
    int perImage = g.oc * CKg;
    int chunk = g.pointwise() ? g.n : g.chunk(t.byteSize());
    CudaStorage col = g.pointwise() ? null : backend.temp(t, chunk * CK * P);
    CudaStorage ws = backend.temp(t, Math.min(chunk, g.n) * perImage);
    try {
      for (int n0 = 0; n0 < g.n; n0 += chunk) {
        int images = Math.min(chunk, g.n - n0);
        GemmOps.Operand b;
        if (col == null) {
          b = new GemmOps.Operand(xa, xc.offset() + n0 * g.c * P, 1, P, CK * P, CKg * P);
        } else {
          im2col(g, t, xa, xc.offset() + n0 * g.c * g.h * g.w, images, col.address());
          b = new GemmOps.Operand(col.address(), 0, 1, P, CK * P, CKg * P);
        }
        GemmOps.Operand a = new GemmOps.Operand(ga, gc.offset() + n0 * g.oc * P, P, 1, g.oc * P, OCg * P);
        GemmOps.Operand c = new GemmOps.Operand(ws.address(), 0, CKg, 1, perImage, OCg * CKg);
        gemm.gemm(t, OCg, CKg, P, images, g.groups, a, b, c, false);
        View partial = View.contiguous(ws, new int[] {images, perImage});
        View target = wOut.restride(new int[] {1, perImage}, new int[] {perImage, 1}, wOut.offset());
        if (n0 == 0) {
          backend.reduce(ReduceOp.SUM, partial, new int[] {0}, target);
        } else {
          CudaStorage sum = backend.temp(t, perImage);
          View s = View.contiguous(sum, new int[] {1, perImage});
          backend.reduce(ReduceOp.SUM, partial, new int[] {0}, s);
          backend.binary(BinaryOp.ADD, target, s, target);
          sum.release();
        }
      }
    } finally {
      if (col != null) col.release();
      ws.release();
    }
    backend.finishDense(wOut, gradW);
    backend.releaseIfTemp(xc, x);
    backend.releaseIfTemp(gc, gradOut);
  }

  /** Runs {@code body} into a float64 buffer of {@code out}'s shape, then converts into {@code out}. */
  private void viaFloat64(View out, java.util.function.Consumer<View> body) {
    CudaStorage tmp = backend.temp(DType.FLOAT64, out.numel());
    try {
      View o = View.contiguous(tmp, out.shape());
      body.accept(o);
      backend.copy(o, out);
    } finally {
      tmp.release();
    }
  }
}
