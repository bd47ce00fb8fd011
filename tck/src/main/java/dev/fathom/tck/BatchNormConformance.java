package dev.fathom.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.DType;
import dev.fathom.Generator;
import dev.fathom.Tensor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The backend's per-channel batch-norm methods ({@code batchNormStats}, {@code batchNormForward},
 * {@code batchNormBackward}) called directly on views, against a double-precision reference written
 * out below, over shapes with C = 1, N = 1, no trailing dims ({@code [N, C]}), one-pixel and large
 * planes, contiguous and permuted inputs, strided per-channel vectors, FLOAT32 (1e-4 relative +
 * 1e-4 absolute: sums of thousands of floats) and FLOAT64 (1e-9); and {@link Tensor#batchNorm}'s
 * graph node and running statistics.
 */
public abstract class BatchNormConformance extends DifferentialConformance {
  private static final long[][] SHAPES = {
      {1, 1, 2}, {2, 1}, {5, 3}, {1, 3, 7}, {3, 2, 4, 5}, {2, 17, 3, 3}, {2, 5, 1, 1}, {3, 4, 2, 3, 2}, {4, 3, 40, 41}, {1, 2, 130, 130}};
  private static final double EPS = 1e-5;

  private static double tol(DType dtype) {
    return dtype == DType.FLOAT64 ? 1e-9 : 1e-4;
  }

  /** A random tensor of {@code shape} on the backend under test, contiguous or (when {@code permuted}) not. */
  private Tensor input(Random r, long[] shape, DType dtype, boolean permuted) {
    Tensor t = Tensor.randn(new Generator(r.nextLong()), shape).mul(1.5).add(0.7).to(dtype).to(device());
    if (permuted) t = t.transpose(0, 1).contiguous().transpose(0, 1);
    return t;
  }

  /** A random {@code [c]} vector with stride 2 (a step slice), or null when {@code absent}. */
  private Tensor channelVector(Random r, int c, DType dtype, boolean absent) {
    if (absent) return null;
    return Tensor.rand(new Generator(r.nextLong()), 2L * c).add(0.5).to(dtype).to(device()).slice(0, 0, 2L * c, 2);
  }

  private Tensor zeros(DType dtype, long... shape) {
    return Tensor.zeros(shape).to(dtype).to(device());
  }

  private static int planes(long[] shape) {
    int p = 1;
    for (int i = 2; i < shape.length; i++) p *= (int) shape[i];
    return p;
  }

  private static double[] values(Tensor t) {
    return t == null ? null : t.to(dev.fathom.Device.cpu()).toDoubleArray();
  }

  /** {mean, biased var} per channel of the row-major {@code x} seen as {@code [n, c, p]}, two passes in double. */
  private static double[][] referenceStats(double[] x, int n, int c, int p) {
    double[] mean = new double[c], var = new double[c];
    for (int ch = 0; ch < c; ch++) {
      double s = 0;
      for (int b = 0; b < n; b++) for (int i = 0; i < p; i++) s += x[(b * c + ch) * p + i];
      mean[ch] = s / (n * p);
      double s2 = 0;
      for (int b = 0; b < n; b++) {
        for (int i = 0; i < p; i++) {
          double d = x[(b * c + ch) * p + i] - mean[ch];
          s2 += d * d;
        }
      }
      var[ch] = s2 / (n * p);
    }
    return new double[][] {mean, var};
  }

  private static Tensor tensor(double[] v, long[] shape) {
    return Tensor.of(v, shape);
  }

  @Test
  void statsMatchTheTwoPassReference() {
    Random r = new Random(11);
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (long[] shape : SHAPES) {
        boolean permuted = r.nextBoolean();
        Tensor x = input(r, shape, dtype, permuted);
        int n = (int) shape[0], c = (int) shape[1], p = planes(shape);
        Tensor mean = zeros(dtype, c), var = zeros(dtype, c);
        backend.batchNormStats(x.view(), mean.view(), var.view());
        double[][] ref = referenceStats(values(x), n, c, p);
        String what = "stats " + dtype + " " + Arrays.toString(shape) + " permuted=" + permuted;
        TensorAssert.assertValuesClose(mean, tensor(ref[0], new long[] {c}), tol(dtype), tol(dtype), what + " mean");
        TensorAssert.assertValuesClose(var, tensor(ref[1], new long[] {c}), tol(dtype), tol(dtype), what + " var");
      }
    }
  }

  @Test
  void statsOfAChannelFarFromZeroKeepTheVariance() {
    // mean 1000, spread 1e-2: a one-pass sum of squares would cancel to noise in FLOAT32
    Tensor x = Tensor.randn(new Generator(3), 4, 2, 33, 33).mul(0.01).add(1000.0).to(device());
    Tensor mean = zeros(DType.FLOAT32, 2), var = zeros(DType.FLOAT32, 2);
    backend.batchNormStats(x.view(), mean.view(), var.view());
    double[][] ref = referenceStats(values(x), 4, 2, 33 * 33);
    TensorAssert.assertValuesClose(var, tensor(ref[1], new long[] {2}), 0.05, 0, "variance of [4, 2, 33, 33] around 1000");
  }

  @Test
  void forwardMatchesTheReferenceWithAndWithoutAffine() {
    Random r = new Random(12);
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (long[] shape : SHAPES) {
        int n = (int) shape[0], c = (int) shape[1], p = planes(shape);
        boolean permuted = r.nextBoolean(), noWeight = r.nextInt(3) == 0, noBias = r.nextInt(3) == 0;
        Tensor x = input(r, shape, dtype, permuted);
        Tensor mean = channelVector(r, c, dtype, false), var = channelVector(r, c, dtype, false);
        Tensor w = channelVector(r, c, dtype, noWeight), b = channelVector(r, c, dtype, noBias);
        Tensor out = zeros(dtype, shape);
        backend.batchNormForward(x.view(), mean.view(), var.view(), w == null ? null : w.view(), b == null ? null : b.view(), EPS, out.view());
        double[] xs = values(x), ms = values(mean), vs = values(var), ws = values(w), bs = values(b);
        double[] expected = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
          int ch = (i / p) % c;
          expected[i] = (xs[i] - ms[ch]) / Math.sqrt(vs[ch] + EPS) * (ws == null ? 1 : ws[ch]) + (bs == null ? 0 : bs[ch]);
        }
        TensorAssert.assertValuesClose(out, tensor(expected, shape), tol(dtype), tol(dtype),
            "forward " + dtype + " " + Arrays.toString(shape) + " permuted=" + permuted + " weight=" + !noWeight + " bias=" + !noBias);
      }
    }
  }

  @Test
  void backwardMatchesTheReferenceInTrainingAndEval() {
    Random r = new Random(13);
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (boolean training : new boolean[] {true, false}) {
        for (long[] shape : SHAPES) {
          int n = (int) shape[0], c = (int) shape[1], p = planes(shape);
          boolean permuted = r.nextBoolean(), noWeight = r.nextInt(3) == 0;
          Tensor x = input(r, shape, dtype, permuted), g = input(r, shape, dtype, !permuted);
          double[] xs = values(x), gs = values(g);
          Tensor mean, var;
          if (training) {
            double[][] st = referenceStats(xs, n, c, p);
            mean = tensor(st[0], new long[] {c}).to(dtype).to(device());
            var = tensor(st[1], new long[] {c}).to(dtype).to(device());
          } else {
            mean = channelVector(r, c, dtype, false);
            var = channelVector(r, c, dtype, false);
          }
          Tensor w = channelVector(r, c, dtype, noWeight);
          Tensor gx = zeros(dtype, shape), gw = zeros(dtype, c), gb = zeros(dtype, c);
          backend.batchNormBackward(g.view(), x.view(), mean.view(), var.view(), w == null ? null : w.view(), EPS, training, gx.view(), gw.view(), gb.view());
          double[] ms = values(mean), vs = values(var), ws = values(w);
          double[] sumG = new double[c], dot = new double[c];
          for (int i = 0; i < xs.length; i++) {
            int ch = (i / p) % c;
            sumG[ch] += gs[i];
            dot[ch] += gs[i] * (xs[i] - ms[ch]);
          }
          double m = (double) n * p;
          double[] eIn = new double[xs.length], eW = new double[c];
          for (int ch = 0; ch < c; ch++) eW[ch] = dot[ch] / Math.sqrt(vs[ch] + EPS);
          for (int i = 0; i < xs.length; i++) {
            int ch = (i / p) % c;
            double invstd = 1 / Math.sqrt(vs[ch] + EPS), a = invstd * (ws == null ? 1 : ws[ch]);
            eIn[i] = training ? (gs[i] - sumG[ch] / m - (xs[i] - ms[ch]) * invstd * invstd * dot[ch] / m) * a : gs[i] * a;
          }
          String what = "backward " + dtype + " training=" + training + " " + Arrays.toString(shape) + " weight=" + !noWeight;
          // gradIn in training is a difference of O(1) terms: allow the float error of the sums
          TensorAssert.assertValuesClose(gx, tensor(eIn, shape), tol(dtype), tol(dtype) * 10, what + " gradIn");
          TensorAssert.assertValuesClose(gw, tensor(eW, new long[] {c}), tol(dtype), tol(dtype) * m / 100, what + " gradWeight");
          TensorAssert.assertValuesClose(gb, tensor(sumG, new long[] {c}), tol(dtype), tol(dtype) * m / 100, what + " gradBias");
        }
      }
    }
  }

  @Test
  void backwardWritesOnlyTheRequestedGradients() {
    Random r = new Random(14);
    long[] shape = {3, 4, 5, 6};
    Tensor x = input(r, shape, DType.FLOAT32, false), g = input(r, shape, DType.FLOAT32, false);
    Tensor mean = channelVector(r, 4, DType.FLOAT32, false), var = channelVector(r, 4, DType.FLOAT32, false);
    Tensor gwAll = zeros(DType.FLOAT32, 4), gbAll = zeros(DType.FLOAT32, 4), gxAll = zeros(DType.FLOAT32, shape);
    backend.batchNormBackward(g.view(), x.view(), mean.view(), var.view(), null, EPS, true, gxAll.view(), gwAll.view(), gbAll.view());
    Tensor gw = zeros(DType.FLOAT32, 4);
    backend.batchNormBackward(g.view(), x.view(), mean.view(), var.view(), null, EPS, true, null, gw.view(), null);
    Tensor gx = zeros(DType.FLOAT32, shape);
    backend.batchNormBackward(g.view(), x.view(), mean.view(), var.view(), null, EPS, true, gx.view(), null, null);
    TensorAssert.assertClose(gw, gwAll, 1e-6, 1e-6, "gradWeight alone");
    TensorAssert.assertClose(gx, gxAll, 1e-6, 1e-6, "gradIn alone");
  }

  @Test
  void batchNormRecordsOneNativeBatchNormNode() {
    Tensor x = Tensor.randn(2, 3, 4, 4).to(device()).requiresGrad(true);
    Tensor w = Tensor.ones(3).to(device()).requiresGrad(true);
    Tensor y = Tensor.batchNorm(x, null, null, w, null, true, 0.1, EPS);
    assertThat(y.gradFn().name()).isEqualTo("NativeBatchNormBackward0");
    assertThat(y.gradFn().inputs()).containsExactly(x, w, null);
  }

  @Test
  void trainingUpdatesRunningStatsWithTheUnbiasedVariance() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 5, -1, 0, 4, 9}, 2, 2, 2).to(device());
    Tensor rm = Tensor.zeros(2).to(device()), rv = Tensor.ones(2).to(device());
    Tensor.batchNorm(x, rm, rv, null, null, true, 0.1, EPS);
    // channel 0: {1, 2, -1, 0}: mean 0.5, unbiased var 5/3; channel 1: {3, 5, 4, 9}: mean 5.25, unbiased var 20.75/3
    TensorAssert.assertValuesClose(rm, Tensor.of(new double[] {0.05, 0.525}), 1e-6, 1e-6, "running_mean");
    TensorAssert.assertValuesClose(rv, Tensor.of(new double[] {0.9 + 0.1 * 5 / 3.0, 0.9 + 0.1 * 20.75 / 3}), 1e-6, 1e-6, "running_var");
  }

  @Test
  void evalNormalisesWithTheRunningStatsAndLeavesThemAlone() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).to(device());
    Tensor rm = Tensor.of(new float[] {1, 2}).to(device()), rv = Tensor.of(new float[] {4, 1}).to(device());
    Tensor y = Tensor.batchNorm(x, rm, rv, null, Tensor.of(new float[] {0, 10}).to(device()), false, 0.1, 0);
    TensorAssert.assertValuesClose(y, Tensor.of(new double[] {0, 10, 1, 12}, 2, 2), 1e-6, 1e-6, "eval batch_norm");
    TensorAssert.assertValuesClose(rm, Tensor.of(new double[] {1, 2}), 0, 0, "running_mean untouched");
  }

  @Test
  void trainingWithOneValuePerChannelIsRejected() {
    Tensor x = Tensor.zeros(1, 3).to(device());
    assertThatThrownBy(() -> Tensor.batchNorm(x, null, null, null, null, true, 0.1, EPS))
        .hasMessageContaining("batch_norm: Expected more than 1 value per channel when training, got input size [1, 3]");
  }

  @Test
  void aWeightOfTheWrongSizeIsRejected() {
    Tensor x = Tensor.zeros(2, 3).to(device());
    assertThatThrownBy(() -> Tensor.batchNorm(x, null, null, Tensor.ones(4).to(device()), null, true, 0.1, EPS))
        .hasMessageContaining("batch_norm: weight should contain 3 elements not [4]");
  }
}
