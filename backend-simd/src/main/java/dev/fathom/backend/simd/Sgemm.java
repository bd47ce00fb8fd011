package dev.fathom.backend.simd;

import dev.fathom.spi.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix product {@code C[m, n] (+)= A[m, k] B[k, n]} on float arrays, BLIS style:
 * B is packed into panels {@link #NR} columns wide, A into panels {@link #MR} rows high, and a
 * register-blocked micro-kernel keeps a {@code MR x NR} tile of C in 12 vector accumulators while
 * it streams the two panels (one broadcast of A times two vectors of B per row and step of k).
 * Blocking by {@link #KC}, {@link #MC} and {@link #NC} keeps the B micro-panel in L1, the packed A
 * block in L2 and the packed B block in L3.
 *
 * <p>A and B are read through strides, so every transpose combination costs only the packing:
 * element {@code (i, p)} of A is {@code a[aOff + i*aRs + p*aCs]}. C is row-major with leading
 * dimension {@code ldc}.
 *
 * <pre>{@code
 * // C = A^T B for A stored [k, m] row-major
 * Sgemm.gemm(m, n, k, a, 0, 1, m, b, 0, n, 1, c, 0, n, false);
 * }</pre>
 */
final class Sgemm {
  /** The widest vector the CPU runs natively; a constant so C2 can compile the kernel to it. */
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int V = S.length();
  /** Rows of the register tile. */
  static final int MR = 6;
  /** Columns of the register tile: two vectors. */
  static final int NR = 2 * V;
  static final int KC = Integer.getInteger("fathom.simd.kc", 512);
  static final int MC = 24 * MR;
  static final int NC = Math.max(NR, (2048 / NR) * NR);
  /** Products below this many multiply-adds run as plain loops: packing would cost more. */
  private static final long SMALL = 2048;
  /** Products below this many flops run on the calling thread. */
  static final long PARALLEL_FLOPS = 1L << 20;

  private static final ThreadLocal<float[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new float[][] {new float[MC * KC], new float[KC * NC], new float[MR * NR]});

  private Sgemm() {}

  /**
   * {@code C = A B} (or {@code C += A B} when {@code accumulate}), split over the shared pool when
   * the product is large enough to pay for the handoff.
   */
  static void gemmParallel(int m, int n, int k, float[] a, int aOff, int aRs, int aCs,
                           float[] b, int bOff, int bRs, int bCs, float[] c, int cOff, int ldc, boolean accumulate) {
    int threads = Parallel.numThreads();
    if (threads == 1 || 2L * m * n * k < PARALLEL_FLOPS) {
      gemm(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
    } else if (n >= m) {
      int units = (n + NR - 1) / NR;
      Parallel.forRange(units, 1, (u0, u1) -> {
        int j0 = u0 * NR, j1 = Math.min(n, u1 * NR);
        gemm(m, j1 - j0, k, a, aOff, aRs, aCs, b, bOff + j0 * bCs, bRs, bCs, c, cOff + j0, ldc, accumulate);
      });
    } else {
      int units = (m + MR - 1) / MR;
      Parallel.forRange(units, 1, (u0, u1) -> {
        int i0 = u0 * MR, i1 = Math.min(m, u1 * MR);
        gemm(i1 - i0, n, k, a, aOff + i0 * aRs, aRs, aCs, b, bOff, bRs, bCs, c, cOff + i0 * ldc, ldc, accumulate);
      });
    }
  }

  /** {@code C (+)= A B} on the calling thread. */
  static void gemm(int m, int n, int k, float[] a, int aOff, int aRs, int aCs,
                   float[] b, int bOff, int bRs, int bCs, float[] c, int cOff, int ldc, boolean accumulate) {
    if (m == 0 || n == 0) return;
    if ((long) m * n * k <= SMALL || k == 0) {
      naive(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
      return;
    }
    if (aCs == 1 && bRs == 1 && (n < NR || m < MR)) {
      // A narrow product of two matrices that both run along k: dot products beat packing.
      dots(m, n, k, a, aOff, aRs, b, bOff, bCs, c, cOff, ldc, accumulate);
      return;
    }
    float[][] buf = BUFFERS.get();
    float[] ap = buf[0], bp = buf[1], tile = buf[2];
    int kStep = kStep(k);
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += kStep) {
        int kc = Math.min(kStep, k - pc);
        boolean load = accumulate || pc > 0;
        packB(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, bp, 0);
        for (int ic = 0; ic < m; ic += MC) {
          int mc = Math.min(MC, m - ic);
          packA(mc, kc, a, aOff + ic * aRs + pc * aCs, aRs, aCs, ap, 0);
          tiles(mc, nc, kc, ap, 0, bp, 0, c, cOff + ic * ldc + jc, ldc, load, tile);
        }
      }
    }
  }

  /** Depth of the K blocks of a product of depth {@code k}: equal blocks of at most {@link #KC}, no short last pass. */
  static int kStep(int k) {
    int blocks = Math.max(1, (k + KC - 1) / KC);
    return (k + blocks - 1) / blocks;
  }

  /** {@code x} rounded up to a multiple of {@code to}. */
  static int roundUp(int x, int to) {
    return (x + to - 1) / to * to;
  }

  /** The MR x NR tiles of {@code C[mc, nc] (+)= Ap Bp} for one K block of packed panels. */
  private static void tiles(int mc, int nc, int kc, float[] ap, int aBase, float[] bp, int bBase, float[] c, int cOff, int ldc,
                            boolean load, float[] tile) {
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      for (int ir = 0; ir < mc; ir += MR) {
        int mr = Math.min(MR, mc - ir);
        int cIdx = cOff + ir * ldc + jr;
        if (mr == MR && nr == NR) {
          kernel(kc, ap, aBase + ir * kc, bp, bBase + jr * kc, c, cIdx, ldc, load);
        } else {
          kernel(kc, ap, aBase + ir * kc, bp, bBase + jr * kc, tile, 0, NR, false);
          for (int r = 0; r < mr; r++) {
            int row = cIdx + r * ldc;
            for (int j = 0; j < nr; j++) c[row + j] = load ? c[row + j] + tile[r * NR + j] : tile[r * NR + j];
          }
        }
      }
    }
  }

  /**
   * Packs all of A {@code [m, k]} for {@link #gemmPacked}: K blocks of {@link #kStep} depth, the block
   * at depth {@code pc} at {@code dst[roundUp(m, MR) * pc ...]}, each as MR-row panels (zero-padded).
   */
  static void packAFull(int m, int k, float[] a, int aOff, int aRs, int aCs, float[] dst, int dOff) {
    int ks = kStep(k), mPad = roundUp(m, MR);
    for (int pc = 0; pc < k; pc += ks) packA(m, Math.min(ks, k - pc), a, aOff + pc * aCs, aRs, aCs, dst, dOff + mPad * pc);
  }

  /** Packs all of B {@code [k, n]} for {@link #gemmPacked}: K blocks as in {@link #packAFull}, each as NR-column panels. */
  static void packBFull(int k, int n, float[] b, int bOff, int bRs, int bCs, float[] dst, int dOff) {
    int ks = kStep(k), nPad = roundUp(n, NR);
    for (int pc = 0; pc < k; pc += ks) packB(Math.min(ks, k - pc), n, b, bOff + pc * bRs, bRs, bCs, dst, dOff + nPad * pc);
  }

  /**
   * {@code C (+)= A B} from operands packed by {@link #packAFull} and {@link #packBFull} (or in their
   * layout by the convolution's direct im2col packing), on the calling thread. Lanes of B's padding
   * columns may hold anything: they only reach discarded columns of the tile.
   */
  static void gemmPacked(int m, int n, int k, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc,
                         boolean accumulate) {
    if (m == 0 || n == 0) return;
    if (k == 0) {
      if (!accumulate) for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
      return;
    }
    float[] tile = BUFFERS.get()[2];
    int ks = kStep(k), mPad = roundUp(m, MR), nPad = roundUp(n, NR);
    for (int pc = 0; pc < k; pc += ks) {
      tiles(m, n, Math.min(ks, k - pc), ap, aOff + mPad * pc, bp, bOff + nPad * pc, c, cOff, ldc, accumulate || pc > 0, tile);
    }
  }

  /**
   * {@code C (+)= A B} with A read in place as row-major {@code a[aOff + i*lda + p]} (no packing: the
   * register tile broadcasts from six row streams) and B packed by {@link #packBFull}, on the
   * calling thread.
   */
  static void gemmRowsA(int m, int n, int k, float[] a, int aOff, int lda, float[] bp, int bOff, float[] c, int cOff, int ldc,
                        boolean accumulate) {
    if (m == 0 || n == 0 || k == 0) return;
    float[] tile = BUFFERS.get()[2];
    int ks = kStep(k), nPad = roundUp(n, NR);
    for (int pc = 0; pc < k; pc += ks) {
      int kc = Math.min(ks, k - pc), bBase = bOff + nPad * pc;
      boolean load = accumulate || pc > 0;
      for (int jr = 0; jr < n; jr += NR) {
        int nr = Math.min(NR, n - jr);
        for (int ir = 0; ir < m; ir += MR) {
          int mr = Math.min(MR, m - ir);
          int a0 = aOff + ir * lda + pc, last = mr - 1;
          int cIdx = cOff + ir * ldc + jr;
          if (mr == MR && nr == NR) {
            kernelRows(kc, a, a0, a0 + lda, a0 + 2 * lda, a0 + 3 * lda, a0 + 4 * lda, a0 + 5 * lda, bp, bBase + jr * kc, c, cIdx, ldc, load);
          } else {
            kernelRows(kc, a, a0, a0 + Math.min(1, last) * lda, a0 + Math.min(2, last) * lda, a0 + Math.min(3, last) * lda,
                a0 + Math.min(4, last) * lda, a0 + Math.min(5, last) * lda, bp, bBase + jr * kc, tile, 0, NR, false);
            for (int r = 0; r < mr; r++) {
              int row = cIdx + r * ldc;
              for (int j = 0; j < nr; j++) c[row + j] = load ? c[row + j] + tile[r * NR + j] : tile[r * NR + j];
            }
          }
        }
      }
    }
  }

  /** The register tile of {@link #gemmRowsA}: rows of A start at {@code r0..r5}. */
  static void kernelRows(int kc, float[] a, int r0, int r1, int r2, int r3, int r4, int r5, float[] bp, int bi,
                                 float[] c, int ci, int ldc, boolean load) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    for (int q = 0; q < kc; q++) {
      FloatVector b0 = FloatVector.fromArray(S, bp, bi);
      FloatVector b1 = FloatVector.fromArray(S, bp, bi + V);
      FloatVector x = FloatVector.broadcast(S, a[r0 + q]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[r1 + q]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[r2 + q]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[r3 + q]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[r4 + q]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[r5 + q]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      bi += NR;
    }
    store(c00, c01, c, ci, load);
    store(c10, c11, c, ci + ldc, load);
    store(c20, c21, c, ci + 2 * ldc, load);
    store(c30, c31, c, ci + 3 * ldc, load);
    store(c40, c41, c, ci + 4 * ldc, load);
    store(c50, c51, c, ci + 5 * ldc, load);
  }

  private static void naive(int m, int n, int k, float[] a, int aOff, int aRs, int aCs,
                            float[] b, int bOff, int bRs, int bCs, float[] c, int cOff, int ldc, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float s = 0f;
        int ai = aOff + i * aRs, bj = bOff + j * bCs;
        for (int p = 0; p < k; p++) s += a[ai + p * aCs] * b[bj + p * bRs];
        int ci = cOff + i * ldc + j;
        c[ci] = accumulate ? c[ci] + s : s;
      }
    }
  }

  /** {@code C[i, j] (+)= dot(A row i, B column j)} where both run contiguously along k; 2x2 blocks. */
  private static void dots(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float[] c, int cOff, int ldc, boolean accumulate) {
    for (int i = 0; i < m; i += 2) {
      int i1 = Math.min(i + 1, m - 1);
      int a0 = aOff + i * lda, a1 = aOff + i1 * lda;
      for (int j = 0; j < n; j += 2) {
        int j1 = Math.min(j + 1, n - 1);
        int b0 = bOff + j * ldb, b1 = bOff + j1 * ldb;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00;
        int p = 0;
        for (; p <= k - V; p += V) {
          FloatVector x0 = FloatVector.fromArray(S, a, a0 + p), x1 = FloatVector.fromArray(S, a, a1 + p);
          FloatVector y0 = FloatVector.fromArray(S, b, b0 + p), y1 = FloatVector.fromArray(S, b, b1 + p);
          s00 = x0.fma(y0, s00);
          s01 = x0.fma(y1, s01);
          s10 = x1.fma(y0, s10);
          s11 = x1.fma(y1, s11);
        }
        if (p < k) {
          VectorMask<Float> mask = S.indexInRange(p, k);
          FloatVector x0 = FloatVector.fromArray(S, a, a0 + p, mask), x1 = FloatVector.fromArray(S, a, a1 + p, mask);
          FloatVector y0 = FloatVector.fromArray(S, b, b0 + p, mask), y1 = FloatVector.fromArray(S, b, b1 + p, mask);
          s00 = x0.fma(y0, s00);
          s01 = x0.fma(y1, s01);
          s10 = x1.fma(y0, s10);
          s11 = x1.fma(y1, s11);
        }
        put(c, cOff + i * ldc + j, s00, accumulate);
        if (j1 != j) put(c, cOff + i * ldc + j1, s01, accumulate);
        if (i1 != i) {
          put(c, cOff + i1 * ldc + j, s10, accumulate);
          if (j1 != j) put(c, cOff + i1 * ldc + j1, s11, accumulate);
        }
      }
    }
  }

  private static void put(float[] c, int ci, FloatVector sum, boolean accumulate) {
    float v = sum.reduceLanes(VectorOperators.ADD);
    c[ci] = accumulate ? c[ci] + v : v;
  }

  /** Packs rows {@code [0, mc)} x cols {@code [0, kc)} of A into MR-row panels, zero-padded. */
  private static void packA(int mc, int kc, float[] a, int aOff, int rs, int cs, float[] dst, int dOff) {
    for (int p = 0; p < mc; p += MR) {
      int mr = Math.min(MR, mc - p);
      int base = dOff + p * kc;
      if (mr == MR && cs == 1) {
        for (int r = 0; r < MR; r++) {
          int src = aOff + (p + r) * rs;
          for (int q = 0; q < kc; q++) dst[base + q * MR + r] = a[src + q];
        }
      } else {
        for (int q = 0; q < kc; q++) {
          int col = aOff + q * cs + p * rs;
          int d = base + q * MR;
          for (int r = 0; r < mr; r++) dst[d + r] = a[col + r * rs];
          for (int r = mr; r < MR; r++) dst[d + r] = 0f;
        }
      }
    }
  }

  /** Packs rows {@code [0, kc)} x cols {@code [0, nc)} of B into NR-column panels, zero-padded. */
  private static void packB(int kc, int nc, float[] b, int bOff, int rs, int cs, float[] dst, int dOff) {
    for (int j = 0; j < nc; j += NR) {
      int nr = Math.min(NR, nc - j);
      int base = dOff + j * kc;
      if (nr == NR && cs == 1) {
        for (int q = 0; q < kc; q++) {
          int src = bOff + q * rs + j;
          int d = base + q * NR;
          FloatVector.fromArray(S, b, src).intoArray(dst, d);
          FloatVector.fromArray(S, b, src + V).intoArray(dst, d + V);
        }
      } else if (nr == NR) {
        for (int jj = 0; jj < NR; jj++) {
          int src = bOff + (j + jj) * cs;
          for (int q = 0; q < kc; q++) dst[base + q * NR + jj] = b[src + q * rs];
        }
      } else {
        for (int q = 0; q < kc; q++) {
          int src = bOff + q * rs + j * cs;
          int d = base + q * NR;
          for (int jj = 0; jj < nr; jj++) dst[d + jj] = b[src + jj * cs];
          for (int jj = nr; jj < NR; jj++) dst[d + jj] = 0f;
        }
      }
    }
  }

  /** The MR x NR register tile: {@code C[0..MR, 0..NR] (+)= Ap Bp} over {@code kc} steps. */
  private static void kernel(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc, boolean load) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    for (int q = 0; q < kc; q++) {
      FloatVector b0 = FloatVector.fromArray(S, bp, bi);
      FloatVector b1 = FloatVector.fromArray(S, bp, bi + V);
      FloatVector x = FloatVector.broadcast(S, ap[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, ap[ai + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, ap[ai + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, ap[ai + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, ap[ai + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, ap[ai + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      ai += MR;
      bi += NR;
    }
    store(c00, c01, c, ci, load);
    store(c10, c11, c, ci + ldc, load);
    store(c20, c21, c, ci + 2 * ldc, load);
    store(c30, c31, c, ci + 3 * ldc, load);
    store(c40, c41, c, ci + 4 * ldc, load);
    store(c50, c51, c, ci + 5 * ldc, load);
  }

  static void store(FloatVector v0, FloatVector v1, float[] c, int ci, boolean load) {
    if (load) {
      v0 = v0.add(FloatVector.fromArray(S, c, ci));
      v1 = v1.add(FloatVector.fromArray(S, c, ci + V));
    }
    v0.intoArray(c, ci);
    v1.intoArray(c, ci + V);
  }
}
