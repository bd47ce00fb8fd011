package dev.fathom.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.DType;
import dev.fathom.spi.Backend;
import dev.fathom.spi.Backends;
import dev.fathom.spi.Conv2dParams;
import dev.fathom.spi.Distribution;
import dev.fathom.spi.View;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the TCK does not reach: large and odd GEMMs on both kernel families (SIMT and TF32), the
 * chunked convolution path, Philox equality with the CPU, and out-of-memory recovery. Compares
 * against the scalar reference backend at the backend level. Skipped without a GPU.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CudaBackendGpuTest {
  private CudaBackend gpu;
  private Backend cpu;

  @BeforeAll
  void open() {
    GpuRequired.assumeGpu();
    gpu = new CudaBackend(0);
    cpu = Backends.create("cpu", "scalar");
  }

  @AfterAll
  void close() {
    if (gpu != null) gpu.close();
  }

  private static float[] random(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
    return v;
  }

  private static View on(Backend b, float[] v, int... shape) {
    return View.contiguous(b.fromHost(DType.FLOAT32, v.clone()), shape);
  }

  private static float[] host(Backend b, View v) {
    float[] out = new float[v.numel()];
    b.toHost(v, out);
    return out;
  }

  private static void assertClose(float[] actual, float[] expected, double tol, String what) {
    double scale = 0;
    for (float e : expected) scale = Math.max(scale, Math.abs(e));
    for (int i = 0; i < expected.length; i++)
      assertThat((double) Math.abs(actual[i] - expected[i])).as("%s element %d: %s vs %s", what, i, actual[i], expected[i])
          .isLessThanOrEqualTo(tol * Math.max(1, scale));
  }

  /** {@code [1, m, k] x [1, k, n]} with B given transposed when {@code bTransposed}. */
  private float[][] matmulBoth(Backend g, int m, int k, int n, boolean bTransposed) {
    Random r = new Random(m * 31L + k * 7L + n);
    float[] a = random(r, m * k), b = random(r, k * n);
    float[][] res = new float[2][];
    Backend[] bs = {g, cpu};
    for (int i = 0; i < 2; i++) {
      View av = on(bs[i], a, 1, m, k);
      View bv = bTransposed
          ? on(bs[i], b, 1, n, k).restride(new int[] {1, k, n}, new int[] {n * k, 1, k}, 0)
          : on(bs[i], b, 1, k, n);
      View out = View.contiguous(bs[i].allocate(DType.FLOAT32, m * n), new int[] {1, m, n});
      bs[i].matmul(av, bv, out);
      res[i] = host(bs[i], out);
    }
    return res;
  }

  @Test
  void simt_gemm_of_odd_sizes_matches_the_reference() {
    for (boolean t : new boolean[] {false, true}) {
      float[][] r = matmulBoth(gpu, 257, 129, 191, t);
      assertClose(r[0], r[1], 1e-5, "sgemm 257x129x191 transposedB=" + t);
    }
  }

  @Test
  void tf32_gemm_matches_the_reference_to_tf32_precision() {
    System.setProperty("fathom.cuda.tf32", "true");
    try (CudaBackend tf32 = new CudaBackend(0)) {
      assertThat(tf32.tf32()).isTrue();
      for (boolean t : new boolean[] {false, true}) {
        float[][] r = matmulBoth(tf32, 300, 200, 170, t);
        assertClose(r[0], r[1], 2e-2, "tf32 300x200x170 transposedB=" + t);
      }
    } finally {
      System.clearProperty("fathom.cuda.tf32");
    }
  }

  @Test
  void chunked_convolution_and_its_gradients_match_the_reference() {
    System.setProperty("fathom.cuda.convWorkspaceBytes", String.valueOf(64 * 1024));
    try {
      Conv2dParams p = new Conv2dParams(2, 1, 1, 2, 2, 1, 2, 0, 0);
      int[] xs = {5, 4, 11, 9}, ws = {6, 2, 3, 3};
      int oh = Conv2dParams.outSize(11, 3, 2, 1, 2), ow = Conv2dParams.outSize(9, 3, 1, 2, 1);
      int[] os = {5, 6, oh, ow};
      Random r = new Random(3);
      float[] x = random(r, 5 * 4 * 11 * 9), w = random(r, 6 * 2 * 9), go = random(r, 5 * 6 * oh * ow);
      float[][] fwd = new float[2][], bin = new float[2][], bw = new float[2][];
      Backend[] bs = {gpu, cpu};
      for (int i = 0; i < 2; i++) {
        Backend b = bs[i];
        View out = View.contiguous(b.allocate(DType.FLOAT32, 5 * 6 * oh * ow), os);
        b.conv2d(on(b, x, xs), on(b, w, ws), null, out, p);
        fwd[i] = host(b, out);
        View gi = View.contiguous(b.allocate(DType.FLOAT32, x.length), xs);
        b.conv2dBackwardInput(on(b, go, os), on(b, w, ws), gi, p);
        bin[i] = host(b, gi);
        View gw = View.contiguous(b.allocate(DType.FLOAT32, w.length), ws);
        b.conv2dBackwardWeight(on(b, x, xs), on(b, go, os), gw, p);
        bw[i] = host(b, gw);
      }
      assertClose(fwd[0], fwd[1], 1e-5, "conv2d forward");
      assertClose(bin[0], bin[1], 1e-5, "conv2d backward input");
      assertClose(bw[0], bw[1], 1e-5, "conv2d backward weight");
    } finally {
      System.clearProperty("fathom.cuda.convWorkspaceBytes");
    }
  }

  @Test
  void philox_fills_equal_the_cpu_backend_up_to_the_last_bit_of_normals() {
    int n = 1001;
    for (Distribution d : Distribution.values()) {
      for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
        double[] got = new double[n], want = new double[n];
        View g = View.contiguous(gpu.allocate(t, n), new int[] {n});
        gpu.random(g, d, 0.3, 2.0, 0x1234_5678_9ABCL, 77);
        View gd = View.contiguous(gpu.allocate(DType.FLOAT64, n), new int[] {n});
        gpu.copy(g, gd);
        gpu.toHost(gd, got);
        View c = View.contiguous(cpu.allocate(t, n), new int[] {n});
        cpu.random(c, d, 0.3, 2.0, 0x1234_5678_9ABCL, 77);
        View cd = View.contiguous(cpu.allocate(DType.FLOAT64, n), new int[] {n});
        cpu.copy(c, cd);
        cpu.toHost(cd, want);
        // Box-Muller's log and cos may differ in the last bit between libdevice and the JDK.
        double rel = d != Distribution.NORMAL ? 0 : t == DType.FLOAT32 ? 0x1p-23 : 1e-14;
        for (int i = 0; i < n; i++)
          assertThat(got[i]).as("%s %s element %d", d, t, i).isCloseTo(want[i], org.assertj.core.data.Offset.offset(rel * Math.max(1, Math.abs(want[i]))));
      }
    }
  }

  @Test
  void out_of_memory_is_a_clear_exception_and_the_backend_stays_usable() {
    List<View> held = new ArrayList<>();
    assertThatThrownBy(() -> {
      for (int i = 0; i < 64; i++) held.add(View.contiguous(gpu.allocate(DType.FLOAT64, Integer.MAX_VALUE - 8), new int[] {Integer.MAX_VALUE - 8}));
    }).isInstanceOf(CudaOutOfMemoryException.class).hasMessageContaining("CUDA out of memory");
    for (View v : held) CudaBackend.storage(v).release();
    held.clear();
    gpu.emptyCache();
    float[][] r = matmulBoth(gpu, 64, 64, 64, false);
    assertClose(r[0], r[1], 1e-5, "matmul after out-of-memory");
  }
}
