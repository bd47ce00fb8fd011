package dev.fathom.backend.cuda.bench;

import dev.fathom.DType;
import dev.fathom.backend.cuda.CudaBackend;
import dev.fathom.spi.Conv2dParams;
import dev.fathom.spi.Distribution;
import dev.fathom.spi.View;

/**
 * GPU timings for the targets, printed as {@code key=value} lines (milliseconds) that
 * {@code backend-cuda/bench_torch.py} reads to set them beside PyTorch's on the same GPU:
 * SGEMM 4096 (FP32 SIMT kernel, and TF32 tensor cores) and conv2d forward + backward-input +
 * backward-weight on x [64, 64, 56, 56], w [64, 64, 3, 3], padding 1 (FP32 and TF32).
 * Each number is the median of 5 timed repetitions of 10 iterations after 3 warm-up iterations.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp ... dev.fathom.backend.cuda.bench.GpuBench > fathom.txt
 * python3 backend-cuda/bench_torch.py fathom.txt
 * </pre>
 */
public final class GpuBench {
  private GpuBench() {}

  private static View randn(CudaBackend b, int... shape) {
    int n = 1;
    for (int s : shape) n *= s;
    View v = View.contiguous(b.allocate(DType.FLOAT32, n), shape);
    b.random(v, Distribution.NORMAL, 0, 1, 42, 0);
    return v;
  }

  private static View empty(CudaBackend b, int... shape) {
    int n = 1;
    for (int s : shape) n *= s;
    return View.contiguous(b.allocate(DType.FLOAT32, n), shape);
  }

  /** Median milliseconds per iteration of {@code op}. */
  private static double time(CudaBackend b, Runnable op) {
    for (int i = 0; i < 3; i++) op.run();
    b.synchronize();
    double[] reps = new double[5];
    for (int r = 0; r < reps.length; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 10; i++) op.run();
      b.synchronize();
      reps[r] = (System.nanoTime() - t0) / 1e6 / 10;
    }
    java.util.Arrays.sort(reps);
    return reps[reps.length / 2];
  }

  private static void bench(CudaBackend b, String suffix) {
    int n = 4096;
    View a = randn(b, 1, n, n), bm = randn(b, 1, n, n), c = empty(b, 1, n, n);
    double mm = time(b, () -> b.matmul(a, bm, c));
    System.out.printf("sgemm4096_%s_ms=%.4f%n", suffix, mm);
    System.out.printf("# sgemm4096_%s_tflops=%.2f%n", suffix, 2.0 * n * n * n / (mm * 1e-3) / 1e12);

    Conv2dParams p = Conv2dParams.of(1, 1, 1, 1);
    View x = randn(b, 64, 64, 56, 56), w = randn(b, 64, 64, 3, 3), y = empty(b, 64, 64, 56, 56);
    View gy = randn(b, 64, 64, 56, 56), gx = empty(b, 64, 64, 56, 56), gw = empty(b, 64, 64, 3, 3);
    double fwd = time(b, () -> b.conv2d(x, w, null, y, p));
    double all = time(b, () -> {
      b.conv2d(x, w, null, y, p);
      b.conv2dBackwardInput(gy, w, gx, p);
      b.conv2dBackwardWeight(x, gy, gw, p);
    });
    System.out.printf("conv_fwd_%s_ms=%.4f%n", suffix, fwd);
    System.out.printf("conv_fwdbwd_%s_ms=%.4f%n", suffix, all);
  }

  public static void main(String[] args) {
    try (CudaBackend fp32 = new CudaBackend(0)) {
      System.out.println("# device: " + fp32.deviceName());
      bench(fp32, "fp32");
    }
    System.setProperty("fathom.cuda.tf32", "true");
    try (CudaBackend tf32 = new CudaBackend(0)) {
      bench(tf32, "tf32");
    }
  }
}
