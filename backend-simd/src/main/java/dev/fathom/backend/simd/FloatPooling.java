package dev.fathom.backend.simd;

import dev.fathom.spi.Parallel;
import dev.fathom.spi.Pool2dParams;

/**
 * Float 2-d average pooling and its gradient on contiguous NCHW arrays, one plane per task on the
 * shared pool, with PyTorch's window rules (those of the scalar reference): the window is clipped
 * to input-plus-padding for the divisor when count_include_pad, to the input otherwise, unless
 * divisor_override is set, and there is no dilation. (Max pooling is {@link FastPooling}'s.)
 *
 * <pre>{@code
 * FloatPooling.avgPool(x, 0, 64, 28, 28, out, 0, 14, 14, params); // 64 planes
 * }</pre>
 */
final class FloatPooling {
  private FloatPooling() {}

  private static int grain(long workPerPlane) {
    return (int) Math.max(1, FloatReductions.GRAIN / Math.max(1, workPerPlane));
  }

  /** Start, end and divisor of output position {@code o} along one axis, clipped as PyTorch clips. */
  private static int[] window(int o, int in, int k, int stride, int pad) {
    int a = o * stride - pad;
    int b = Math.min(a + k, in + pad);
    int padded = b - a;
    return new int[] {Math.max(a, 0), Math.min(b, in), padded};
  }

  private static int divisor(int[] wy, int[] wx, Pool2dParams p) {
    if (p.divisorOverride() != 0) return p.divisorOverride();
    return p.countIncludePad() ? wy[2] * wx[2] : (wy[1] - wy[0]) * (wx[1] - wx[0]);
  }

  static void avgPool(float[] x, int xOff, int planes, int h, int w, float[] out, int oOff, int oh, int ow, Pool2dParams p) {
    Parallel.forRange(planes, grain((long) oh * ow * p.kernelH() * p.kernelW()), (from, to) -> {
      for (int t = from; t < to; t++) {
        int xb = xOff + t * h * w, ob = oOff + t * oh * ow;
        for (int y = 0; y < oh; y++) {
          int[] wy = window(y, h, p.kernelH(), p.strideH(), p.padH());
          for (int xo = 0; xo < ow; xo++) {
            int[] wx = window(xo, w, p.kernelW(), p.strideW(), p.padW());
            if (wy[0] >= wy[1] || wx[0] >= wx[1]) {
              out[ob + y * ow + xo] = 0f;
              continue;
            }
            double sum = 0;
            for (int iy = wy[0]; iy < wy[1]; iy++)
              for (int ix = wx[0]; ix < wx[1]; ix++) sum += x[xb + iy * w + ix];
            out[ob + y * ow + xo] = (float) (sum / divisor(wy, wx, p));
          }
        }
      }
    });
  }

  static void avgPoolBackward(float[] gradOut, int gOff, int planes, int oh, int ow, float[] gradIn, int inOff, int h, int w,
                              Pool2dParams p) {
    Parallel.forRange(planes, grain((long) oh * ow * p.kernelH() * p.kernelW()), (from, to) -> {
      for (int t = from; t < to; t++) {
        int ib = inOff + t * h * w, ob = gOff + t * oh * ow;
        java.util.Arrays.fill(gradIn, ib, ib + h * w, 0f);
        for (int y = 0; y < oh; y++) {
          int[] wy = window(y, h, p.kernelH(), p.strideH(), p.padH());
          for (int xo = 0; xo < ow; xo++) {
            int[] wx = window(xo, w, p.kernelW(), p.strideW(), p.padW());
            if (wy[0] >= wy[1] || wx[0] >= wx[1]) continue;
            float g = (float) ((double) gradOut[ob + y * ow + xo] / divisor(wy, wx, p));
            for (int iy = wy[0]; iy < wy[1]; iy++)
              for (int ix = wx[0]; ix < wx[1]; ix++) gradIn[ib + iy * w + ix] += g;
          }
        }
      }
    });
  }
}
