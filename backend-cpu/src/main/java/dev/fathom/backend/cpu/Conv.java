package dev.fathom.backend.cpu;

import dev.fathom.spi.Conv2dParams;
import dev.fathom.spi.Parallel;
import dev.fathom.spi.Shapes;
import dev.fathom.spi.View;

/**
 * Direct 2-d convolution (NCHW input, OIHW weight) with stride, padding, dilation and groups, and
 * its two gradients, computed in double on row-major copies. For a fixed weight tap the loop over
 * output columns reads one input row at a fixed stride, so the innermost loop is a strided axpy
 * (or dot product) over contiguous output memory. The input and output sizes always come from the
 * views' shapes, so a transposed convolution's output padding needs no special case.
 */
final class Conv {
  private Conv() {}

  /** The sizes of one convolution, read from the input-side and output-side shapes. */
  private record Geometry(int n, int c, int h, int w, int oc, int oh, int ow, int kh, int kw, int groups, Conv2dParams p) {
    int icg() { return c / groups; }

    int ocg() { return oc / groups; }

    /** First output column whose input column {@code ow*sw + dx} is inside the row. */
    int owLo(int dx) { return Math.max(0, Math.ceilDiv(-dx, p.strideW())); }

    /** One past the last such column. */
    int owHi(int dx) { return Math.min(ow, Math.floorDiv(w - 1 - dx, p.strideW()) + 1); }

    /** Input row of output row {@code y} at tap {@code ky}, or -1 when it falls in the padding. */
    int inRow(int y, int ky) {
      int r = y * p.strideH() - p.padH() + ky * p.dilationH();
      return r >= 0 && r < h ? r : -1;
    }

    int dx(int kx) { return kx * p.dilationW() - p.padW(); }
  }

  private static Geometry geometry(String op, int[] in, int[] weight, int[] out, Conv2dParams p) {
    int groups = p.groups();
    if (in.length != 4 || weight.length != 4 || out.length != 4 || in[1] % groups != 0 || weight[0] % groups != 0
        || weight[1] != in[1] / groups || out[1] != weight[0] || out[0] != in[0])
      throw new IllegalArgumentException(op + ": inconsistent shapes input " + Shapes.str(in) + ", weight " + Shapes.str(weight)
          + ", output " + Shapes.str(out) + " for groups=" + groups);
    return new Geometry(in[0], in[1], in[2], in[3], out[1], out[2], out[3], weight[2], weight[3], groups, p);
  }

  private static int grain(long workPerItem) {
    return (int) Math.max(1, Elementwise.GRAIN / Math.max(1, workPerItem));
  }

  static void forward(View x, View w, View bias, View out, Conv2dParams p) {
    Geometry g = geometry("conv2d", x.shape(), w.shape(), out.shape(), p);
    double[] xd = Dense.doubles(x), wd = Dense.doubles(w), bd = bias == null ? null : Dense.doubles(bias);
    double[] od = new double[out.numel()];
    int icg = g.icg(), ocg = g.ocg(), plane = g.oh * g.ow, sw = p.strideW();
    Parallel.forRange(g.n * g.oc, grain((long) icg * g.kh * g.kw * plane), (from, to) -> {
      for (int t = from; t < to; t++) {
        int n = t / g.oc, oc = t % g.oc, ob = t * plane;
        if (bd != null) java.util.Arrays.fill(od, ob, ob + plane, bd[oc]);
        for (int icl = 0; icl < icg; icl++) {
          int xb = (n * g.c + (oc / ocg) * icg + icl) * g.h * g.w;
          int wb = (oc * icg + icl) * g.kh * g.kw;
          for (int ky = 0; ky < g.kh; ky++) {
            for (int kx = 0; kx < g.kw; kx++) {
              double wv = wd[wb + ky * g.kw + kx];
              int dx = g.dx(kx), lo = g.owLo(dx), hi = g.owHi(dx);
              for (int y = 0; y < g.oh; y++) {
                int iy = g.inRow(y, ky);
                if (iy < 0) continue;
                int xr = xb + iy * g.w + dx, orow = ob + y * g.ow;
                for (int ox = lo; ox < hi; ox++) od[orow + ox] += wv * xd[xr + ox * sw];
              }
            }
          }
        }
      }
    });
    Dense.store(od, out);
  }

  /** {@code gradIn} is {@code [N, C, H, W]}; its H and W decide the geometry (output padding included). */
  static void backwardInput(View gradOut, View w, View gradIn, Conv2dParams p) {
    Geometry g = geometry("conv2d backward input", gradIn.shape(), w.shape(), gradOut.shape(), p);
    double[] gd = Dense.doubles(gradOut), wd = Dense.doubles(w);
    double[] id = new double[gradIn.numel()];
    int icg = g.icg(), ocg = g.ocg(), plane = g.oh * g.ow, sw = p.strideW();
    Parallel.forRange(g.n * g.c, grain((long) ocg * g.kh * g.kw * plane), (from, to) -> {
      for (int t = from; t < to; t++) {
        int n = t / g.c, ic = t % g.c, ib = t * g.h * g.w, grp = ic / icg, icl = ic % icg;
        for (int ocl = 0; ocl < ocg; ocl++) {
          int oc = grp * ocg + ocl;
          int gb = (n * g.oc + oc) * plane;
          int wb = (oc * icg + icl) * g.kh * g.kw;
          for (int ky = 0; ky < g.kh; ky++) {
            for (int kx = 0; kx < g.kw; kx++) {
              double wv = wd[wb + ky * g.kw + kx];
              int dx = g.dx(kx), lo = g.owLo(dx), hi = g.owHi(dx);
              for (int y = 0; y < g.oh; y++) {
                int iy = g.inRow(y, ky);
                if (iy < 0) continue;
                int ir = ib + iy * g.w + dx, grow = gb + y * g.ow;
                for (int ox = lo; ox < hi; ox++) id[ir + ox * sw] += wv * gd[grow + ox];
              }
            }
          }
        }
      }
    });
    Dense.store(id, gradIn);
  }

  static void backwardWeight(View x, View gradOut, View gradW, Conv2dParams p) {
    Geometry g = geometry("conv2d backward weight", x.shape(), gradW.shape(), gradOut.shape(), p);
    double[] xd = Dense.doubles(x), gd = Dense.doubles(gradOut);
    double[] wd = new double[gradW.numel()];
    int icg = g.icg(), ocg = g.ocg(), plane = g.oh * g.ow, sw = p.strideW();
    Parallel.forRange(g.oc * icg, grain((long) g.n * g.kh * g.kw * plane), (from, to) -> {
      for (int t = from; t < to; t++) {
        int oc = t / icg, icl = t % icg, ic = (oc / ocg) * icg + icl;
        for (int ky = 0; ky < g.kh; ky++) {
          for (int kx = 0; kx < g.kw; kx++) {
            int dx = g.dx(kx), lo = g.owLo(dx), hi = g.owHi(dx);
            double acc = 0;
            for (int n = 0; n < g.n; n++) {
              int xb = (n * g.c + ic) * g.h * g.w, gb = (n * g.oc + oc) * plane;
              for (int y = 0; y < g.oh; y++) {
                int iy = g.inRow(y, ky);
                if (iy < 0) continue;
                int xr = xb + iy * g.w + dx, grow = gb + y * g.ow;
                for (int ox = lo; ox < hi; ox++) acc += gd[grow + ox] * xd[xr + ox * sw];
              }
            }
            wd[t * g.kh * g.kw + ky * g.kw + kx] = acc;
          }
        }
      }
    });
    Dense.store(wd, gradW);
  }
}
