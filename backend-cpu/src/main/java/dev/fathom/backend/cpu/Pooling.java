package dev.fathom.backend.cpu;

import dev.fathom.spi.Parallel;
import dev.fathom.spi.Pool2dParams;
import dev.fathom.spi.View;

/**
 * 2-d max and average pooling (NCHW) and their gradients, computed in double on row-major copies,
 * one input plane per task. Output sizes come from the output views. The window rules are
 * PyTorch's: max pooling pads with -inf, lets NaN win, and records {@code h*W+w} in the input
 * plane; average pooling clips the window to input-plus-padding for the divisor when
 * count_include_pad, to the input otherwise, unless divisor_override is set. Average pooling has
 * no dilation (as in PyTorch); the dilation fields are not read there.
 */
final class Pooling {
  private Pooling() {}

  static void maxPool2d(View x, View out, View indices, Pool2dParams p) {
    int[] s = x.shape();
    int planes = s[0] * s[1], h = s[2], w = s[3], oh = out.shape()[2], ow = out.shape()[3];
    double[] xd = Dense.doubles(x), od = new double[out.numel()];
    long[] idx = new long[out.numel()];
    int work = oh * ow * p.kernelH() * p.kernelW();
    Parallel.forRange(planes, Math.max(1, Elementwise.GRAIN / Math.max(1, work)), (from, to) -> {
      for (int t = from; t < to; t++) {
        int xb = t * h * w, ob = t * oh * ow;
        for (int y = 0; y < oh; y++) {
          int y0 = y * p.strideH() - p.padH();
          int y1 = Math.min(y0 + (p.kernelH() - 1) * p.dilationH() + 1, h);
          while (y0 < 0) y0 += p.dilationH();
          for (int xo = 0; xo < ow; xo++) {
            int x0 = xo * p.strideW() - p.padW();
            int x1 = Math.min(x0 + (p.kernelW() - 1) * p.dilationW() + 1, w);
            while (x0 < 0) x0 += p.dilationW();
            double best = Double.NEGATIVE_INFINITY;
            int at = y0 * w + x0;
            for (int iy = y0; iy < y1; iy += p.dilationH()) {
              for (int ix = x0; ix < x1; ix += p.dilationW()) {
                double v = xd[xb + iy * w + ix];
                if (v > best || Double.isNaN(v)) {
                  best = v;
                  at = iy * w + ix;
                }
              }
            }
            od[ob + y * ow + xo] = best;
            idx[ob + y * ow + xo] = at;
          }
        }
      }
    });
    Dense.store(od, out);
    if (indices != null) Elementwise.copy(longView(idx, out.shape()), indices);
  }

  static void maxPool2dBackward(View gradOut, View indices, View gradIn, Pool2dParams p) {
    int[] s = gradIn.shape();
    int planes = s[0] * s[1], inPlane = s[2] * s[3], outPlane = gradOut.shape()[2] * gradOut.shape()[3];
    double[] gd = Dense.doubles(gradOut), id = new double[gradIn.numel()];
    long[] idx = Dense.longs(indices);
    Parallel.forRange(planes, Math.max(1, Elementwise.GRAIN / Math.max(1, outPlane)), (from, to) -> {
      for (int t = from; t < to; t++) {
        int ib = t * inPlane, ob = t * outPlane;
        for (int i = 0; i < outPlane; i++) id[ib + (int) idx[ob + i]] += gd[ob + i];
      }
    });
    Dense.store(id, gradIn);
  }

  /** One window of average pooling: clipped bounds and the divisor, as PyTorch's avg_pool2d. */
  private record Window(int y0, int y1, int x0, int x1, int divisor) {
    static Window of(int y, int xo, int h, int w, Pool2dParams p) {
      int y0 = y * p.strideH() - p.padH(), x0 = xo * p.strideW() - p.padW();
      int y1 = Math.min(y0 + p.kernelH(), h + p.padH()), x1 = Math.min(x0 + p.kernelW(), w + p.padW());
      int padded = (y1 - y0) * (x1 - x0);
      y0 = Math.max(y0, 0);
      x0 = Math.max(x0, 0);
      y1 = Math.min(y1, h);
      x1 = Math.min(x1, w);
      int divisor = p.divisorOverride() != 0 ? p.divisorOverride()
          : p.countIncludePad() ? padded : (y1 - y0) * (x1 - x0);
      return new Window(y0, y1, x0, x1, divisor);
    }

    boolean empty() { return y0 >= y1 || x0 >= x1; }
  }

  static void avgPool2d(View x, View out, Pool2dParams p) {
    int[] s = x.shape();
    int planes = s[0] * s[1], h = s[2], w = s[3], oh = out.shape()[2], ow = out.shape()[3];
    double[] xd = Dense.doubles(x), od = new double[out.numel()];
    int work = oh * ow * p.kernelH() * p.kernelW();
    Parallel.forRange(planes, Math.max(1, Elementwise.GRAIN / Math.max(1, work)), (from, to) -> {
      for (int t = from; t < to; t++) {
        int xb = t * h * w, ob = t * oh * ow;
        for (int y = 0; y < oh; y++) {
          for (int xo = 0; xo < ow; xo++) {
            Window win = Window.of(y, xo, h, w, p);
            if (win.empty()) continue;
            double sum = 0;
            for (int iy = win.y0; iy < win.y1; iy++)
              for (int ix = win.x0; ix < win.x1; ix++) sum += xd[xb + iy * w + ix];
            od[ob + y * ow + xo] = sum / win.divisor;
          }
        }
      }
    });
    Dense.store(od, out);
  }

  static void avgPool2dBackward(View gradOut, View gradIn, Pool2dParams p) {
    int[] s = gradIn.shape();
    int planes = s[0] * s[1], h = s[2], w = s[3], oh = gradOut.shape()[2], ow = gradOut.shape()[3];
    double[] gd = Dense.doubles(gradOut), id = new double[gradIn.numel()];
    int work = oh * ow * p.kernelH() * p.kernelW();
    Parallel.forRange(planes, Math.max(1, Elementwise.GRAIN / Math.max(1, work)), (from, to) -> {
      for (int t = from; t < to; t++) {
        int ib = t * h * w, ob = t * oh * ow;
        for (int y = 0; y < oh; y++) {
          for (int xo = 0; xo < ow; xo++) {
            Window win = Window.of(y, xo, h, w, p);
            if (win.empty()) continue;
            double g = gd[ob + y * ow + xo] / win.divisor;
            for (int iy = win.y0; iy < win.y1; iy++)
              for (int ix = win.x0; ix < win.x1; ix++) id[ib + iy * w + ix] += g;
          }
        }
      }
    });
    Dense.store(id, gradIn);
  }

  private static View longView(long[] data, int[] shape) {
    return View.contiguous(dev.fathom.spi.HeapStorage.wrap(dev.fathom.DType.INT64, data), shape);
  }
}
