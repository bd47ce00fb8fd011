package dev.fathom.backend.cpu;

import static dev.fathom.backend.cpu.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fathom.DType;
import dev.fathom.spi.Conv2dParams;
import dev.fathom.spi.View;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * conv2d against its definition by formula over random small geometries, the two gradients
 * against the adjoint identities {@code <conv(x,w), g> = <x, dX(g,w)> = <w, dW(x,g)>}, and
 * transposed convolution (the SPI default) against its scatter definition.
 */
class ConvTest {
  private record Case(int n, int c, int h, int w, int oc, int kh, int kw, Conv2dParams p) {
    int oh() { return Conv2dParams.outSize(h, kh, p.strideH(), p.padH(), p.dilationH()); }

    int ow() { return Conv2dParams.outSize(w, kw, p.strideW(), p.padW(), p.dilationW()); }

    static Case random(Random rnd) {
      while (true) {
        int groups = 1 + rnd.nextInt(3);
        Conv2dParams p = new Conv2dParams(1 + rnd.nextInt(3), 1 + rnd.nextInt(2), rnd.nextInt(3), rnd.nextInt(2),
            1 + rnd.nextInt(2), 1 + rnd.nextInt(3), groups, 0, 0);
        Case c = new Case(1 + rnd.nextInt(2), groups * (1 + rnd.nextInt(2)), 3 + rnd.nextInt(6), 3 + rnd.nextInt(6),
            groups * (1 + rnd.nextInt(3)), 1 + rnd.nextInt(3), 1 + rnd.nextInt(3), p);
        if (c.oh() > 0 && c.ow() > 0) return c;
      }
    }
  }

  /** out[n,o,y,x] = bias[o] + sum over group inputs and taps of in[n, g*icg+i, y*s-p+ky*d, x*s-p+kx*d] * w[o,i,ky,kx]. */
  private static double[] naive(View in, View w, View bias, Case k) {
    Conv2dParams p = k.p;
    int icg = k.c / p.groups(), ocg = k.oc / p.groups();
    double[] out = new double[k.n * k.oc * k.oh() * k.ow()];
    int o = 0;
    for (int n = 0; n < k.n; n++)
      for (int oc = 0; oc < k.oc; oc++)
        for (int y = 0; y < k.oh(); y++)
          for (int x = 0; x < k.ow(); x++, o++) {
            double s = bias == null ? 0 : at(bias, oc);
            for (int i = 0; i < icg; i++)
              for (int ky = 0; ky < k.kh; ky++)
                for (int kx = 0; kx < k.kw; kx++) {
                  int iy = y * p.strideH() - p.padH() + ky * p.dilationH(), ix = x * p.strideW() - p.padW() + kx * p.dilationW();
                  if (iy < 0 || iy >= k.h || ix < 0 || ix >= k.w) continue;
                  s += at(in, n, (oc / ocg) * icg + i, iy, ix) * at(w, oc, i, ky, kx);
                }
            out[o] = s;
          }
    return out;
  }

  @Test
  void forwardMatchesTheDefinitionOverRandomGeometries() {
    Random rnd = new Random(7);
    for (int t = 0; t < 40; t++) {
      Case k = Case.random(rnd);
      View x = scrambled(random(DType.FLOAT64, rnd, k.n, k.c, k.h, k.w));
      View w = random(DType.FLOAT64, rnd, k.oc, k.c / k.p.groups(), k.kh, k.kw);
      View bias = t % 2 == 0 ? random(DType.FLOAT64, rnd, k.oc) : null;
      View out = zeros(DType.FLOAT64, k.n, k.oc, k.oh(), k.ow());
      CPU.conv2d(x, w, bias, out, k.p);
      double[] expected = naive(x, w, bias, k), got = values(out);
      for (int i = 0; i < got.length; i++) assertThat(got[i]).as("%s at %d", k, i).isCloseTo(expected[i], within(1e-12));
    }
  }

  @Test
  void float32ForwardMatchesTheDefinition() {
    Random rnd = new Random(8);
    Case k = new Case(2, 4, 9, 7, 6, 3, 3, new Conv2dParams(2, 1, 1, 1, 1, 2, 2, 0, 0));
    View x = random(DType.FLOAT32, rnd, k.n, k.c, k.h, k.w), w = random(DType.FLOAT32, rnd, k.oc, 2, 3, 3);
    View bias = random(DType.FLOAT32, rnd, k.oc), out = zeros(DType.FLOAT32, k.n, k.oc, k.oh(), k.ow());
    CPU.conv2d(x, w, bias, out, k.p);
    double[] expected = naive(x, w, bias, k), got = values(out);
    for (int i = 0; i < got.length; i++) assertThat(got[i]).isCloseTo(expected[i], within(1e-5));
  }

  @Test
  void gradientsSatisfyTheAdjointIdentities() {
    Random rnd = new Random(9);
    for (int t = 0; t < 40; t++) {
      Case k = Case.random(rnd);
      View x = random(DType.FLOAT64, rnd, k.n, k.c, k.h, k.w);
      View w = random(DType.FLOAT64, rnd, k.oc, k.c / k.p.groups(), k.kh, k.kw);
      View g = scrambled(random(DType.FLOAT64, rnd, k.n, k.oc, k.oh(), k.ow()));
      View y = zeros(DType.FLOAT64, k.n, k.oc, k.oh(), k.ow());
      View dx = f64(x.shape(), new double[x.numel()]);
      View dw = f64(w.shape(), new double[w.numel()]);
      CPU.fill(dx, 5); // overwritten, not accumulated
      CPU.fill(dw, 5);
      CPU.conv2d(x, w, null, y, k.p);
      CPU.conv2dBackwardInput(g, w, dx, k.p);
      CPU.conv2dBackwardWeight(x, g, dw, k.p);
      double lhs = dot(y, g);
      assertThat(dot(x, dx)).as("%s input gradient", k).isCloseTo(lhs, within(1e-10));
      assertThat(dot(w, dw)).as("%s weight gradient", k).isCloseTo(lhs, within(1e-10));
    }
  }

  @Test
  void backwardInputOfAOneByOneKernelIsTheTransposedChannelMix() {
    // w[o, i] = [[1, 2], [3, 4]]; dX[i] = sum_o w[o, i] * g[o]
    View w = f64(shape(2, 2, 1, 1), 1, 2, 3, 4);
    View g = f64(shape(1, 2, 1, 2), 1, 10, 100, 1000);
    View dx = zeros(DType.FLOAT64, 1, 2, 1, 2);
    CPU.conv2dBackwardInput(g, w, dx, Conv2dParams.of(1, 0, 1, 1));
    assertThat(values(dx)).containsExactly(301, 3010, 402, 4020);
  }

  @Test
  void transposedConvolutionWithOutputPaddingMatchesTheScatterDefinition() {
    Random rnd = new Random(10);
    int n = 2, inC = 4, h = 3, wd = 4, groups = 2, outCg = 3, kh = 3, kw = 2;
    Conv2dParams p = new Conv2dParams(2, 3, 1, 0, 2, 1, groups, 1, 2);
    int oh = Conv2dParams.transposedOutSize(h, kh, 2, 1, 2, 1), ow = Conv2dParams.transposedOutSize(wd, kw, 3, 0, 1, 2);
    View x = random(DType.FLOAT64, rnd, n, inC, h, wd), w = random(DType.FLOAT64, rnd, inC, outCg, kh, kw);
    View bias = random(DType.FLOAT64, rnd, groups * outCg);
    View out = zeros(DType.FLOAT64, n, groups * outCg, oh, ow);
    CPU.convTranspose2d(x, w, bias, out, p);

    double[] expected = new double[out.numel()];
    int icg = inC / groups;
    for (int b = 0; b < n; b++)
      for (int o = 0; o < groups * outCg; o++)
        for (int i = 0; i < oh * ow; i++) expected[(b * groups * outCg + o) * oh * ow + i] = at(bias, o);
    for (int b = 0; b < n; b++)
      for (int ic = 0; ic < inC; ic++)
        for (int iy = 0; iy < h; iy++)
          for (int ix = 0; ix < wd; ix++)
            for (int ol = 0; ol < outCg; ol++)
              for (int ky = 0; ky < kh; ky++)
                for (int kx = 0; kx < kw; kx++) {
                  int y = iy * 2 - 1 + ky * 2, xx = ix * 3 + kx;
                  if (y < 0 || y >= oh || xx < 0 || xx >= ow) continue;
                  int oc = (ic / icg) * outCg + ol;
                  expected[((b * groups * outCg + oc) * oh + y) * ow + xx] += at(x, b, ic, iy, ix) * at(w, ic, ol, ky, kx);
                }
    double[] got = values(out);
    for (int i = 0; i < got.length; i++) assertThat(got[i]).isCloseTo(expected[i], within(1e-12));
  }
}
