package dev.fathom.backend.simd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.spi.Parallel;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Sgemm against a double-precision triple loop; tolerance 1e-5 relative to the sum of |terms|. */
class SgemmTest {
  private static float[] random(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = r.nextFloat() * 2 - 1;
    return a;
  }

  /** Checks C = A B (+ C0 when accumulating) for A and B stored transposed or not. */
  private static void check(int m, int n, int k, boolean ta, boolean tb, boolean accumulate, boolean parallel) {
    Random r = new Random(31L * m + 7L * n + k);
    float[] a = random(r, m * k), b = random(r, k * n);
    int ldc = n + 3;
    float[] c = random(r, m * ldc + 5), c0 = c.clone();
    int aRs = ta ? 1 : k, aCs = ta ? m : 1, bRs = tb ? 1 : n, bCs = tb ? k : 1;
    if (parallel) Sgemm.gemmParallel(m, n, k, a, 0, aRs, aCs, b, 0, bRs, bCs, c, 2, ldc, accumulate);
    else Sgemm.gemm(m, n, k, a, 0, aRs, aCs, b, 0, bRs, bCs, c, 2, ldc, accumulate);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = accumulate ? c0[2 + i * ldc + j] : 0, mag = Math.abs(s);
        for (int p = 0; p < k; p++) {
          double t = (double) a[i * aRs + p * aCs] * b[p * bRs + j * bCs];
          s += t;
          mag += Math.abs(t);
        }
        assertThat((double) c[2 + i * ldc + j]).as("C[%d,%d] of %dx%dx%d", i, j, m, n, k).isCloseTo(s, org.assertj.core.data.Offset.offset(1e-5 * mag + 1e-6));
      }
    }
    for (int j = n; j < ldc && m > 0; j++) assertThat(c[2 + j]).as("padding column %d untouched", j).isEqualTo(c0[2 + j]);
    assertThat(c[0]).isEqualTo(c0[0]);
    assertThat(c[c.length - 1]).isEqualTo(c0[c.length - 1]);
  }

  @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4}")
  @CsvSource({
      "1,1,1,false,false", "3,17,5,false,false", "17,3,33,true,false", "6,32,512,false,true", "7,33,513,true,true",
      "100,70,600,false,false", "13,1000,3,false,true", "1000,13,17,true,false", "150,2100,20,false,false",
      "64,576,3136,false,true", "1,300,300,false,false", "300,1,300,true,true",
      "5,7,100,false,true", "64,27,1024,false,true", "3,9,17,false,true", "2,500,40,false,true"})
  void matchesTripleLoopForEveryTransposeCombination(int m, int n, int k, boolean ta, boolean tb) {
    check(m, n, k, ta, tb, false, false);
  }

  @ParameterizedTest(name = "{0}x{1}x{2}")
  @CsvSource({"5,7,3", "20,40,700", "145,66,9"})
  void accumulatesIntoExistingOutput(int m, int n, int k) {
    check(m, n, k, false, false, true, false);
  }

  @ParameterizedTest(name = "{0}x{1}x{2} threads")
  @CsvSource({"200,300,100,false,false", "300,130,90,true,true", "7,2000,100,false,true"})
  void parallelSplitMatchesTripleLoop(int m, int n, int k, boolean ta, boolean tb) {
    int before = Parallel.numThreads();
    Parallel.setNumThreads(2);
    try {
      check(m, n, k, ta, tb, false, true);
    } finally {
      Parallel.setNumThreads(before);
    }
  }

  @Test
  void emptyInnerDimensionGivesZerosOrLeavesAccumulator() {
    float[] c = {5, 5, 5, 5};
    Sgemm.gemm(2, 2, 0, new float[0], 0, 0, 1, new float[0], 0, 2, 1, c, 0, 2, true);
    assertThat(c).containsExactly(5, 5, 5, 5);
    Sgemm.gemm(2, 2, 0, new float[0], 0, 0, 1, new float[0], 0, 2, 1, c, 0, 2, false);
    assertThat(c).containsExactly(0, 0, 0, 0);
  }
}
