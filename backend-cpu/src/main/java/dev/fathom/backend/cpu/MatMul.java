package dev.fathom.backend.cpu;

import dev.fathom.DType;
import dev.fathom.spi.HeapStorage;
import dev.fathom.spi.Parallel;
import dev.fathom.spi.View;
import java.util.Arrays;

/**
 * Batched matrix product {@code out[b] = a[b] @ b[b]} ({@code [B,M,K] x [B,K,N] -> [B,M,N]}) in
 * i-k-j order: each output row is built as a sum of rows of {@code b} scaled by elements of
 * {@code a}, so the inner loop runs over contiguous memory. FLOAT32 accumulates in float and
 * FLOAT64 in double on the primitive arrays; integer dtypes compute in long (wrapping).
 * {@code a} may have any strides; {@code b} is packed row-major first when its rows are strided.
 */
final class MatMul {
  private MatMul() {}

  static void matmul(View a, View b, View out) {
    int[] os = out.shape();
    int batches = os[0], m = os[1], n = os[2], k = a.shape()[2];
    if (out.numel() == 0) return;
    int grain = Math.max(1, Elementwise.GRAIN / Math.max(1, k * n));
    switch (a.dtype()) {
      case FLOAT32 -> f32(a, rowMajor(b), out, batches, m, n, k, grain);
      case FLOAT64 -> f64(a, rowMajor(b), out, batches, m, n, k, grain);
      default -> integral(a, b, out, batches, m, n, k, grain);
    }
  }

  /** {@code b} with unit stride along N (packing it if needed), a shared batch staying shared. */
  private static View rowMajor(View b) {
    int[] s = b.shape(), st = b.strides();
    if (st[2] == 1 || s[2] == 1) return b;
    boolean shared = st[0] == 0 || s[0] == 1;
    View src = shared ? b.restride(new int[] {1, s[1], s[2]}, new int[] {0, st[1], st[2]}, b.offset()) : b;
    View packed = View.contiguous(HeapStorage.allocate(b.dtype(), src.numel()), src.shape());
    Elementwise.copy(src, packed);
    return packed.restride(s, new int[] {shared ? 0 : s[1] * s[2], s[2], 1}, 0);
  }

  private static void f32(View a, View b, View out, int batches, int m, int n, int k, int grain) {
    float[] av = a.heap().floats(), bv = b.heap().floats(), ov = out.heap().floats();
    int[] as = a.strides(), bs = b.strides();
    int aOff = a.offset(), bOff = b.offset(), oOff = out.offset();
    Parallel.forRange(batches * m, grain, (from, to) -> {
      for (int r = from; r < to; r++) {
        int bi = r / m, i = r % m;
        int ao = aOff + bi * as[0] + i * as[1], bo = bOff + bi * bs[0], oo = oOff + r * n;
        Arrays.fill(ov, oo, oo + n, 0f);
        for (int kk = 0; kk < k; kk++) {
          float aik = av[ao + kk * as[2]];
          int bk = bo + kk * bs[1];
          for (int j = 0; j < n; j++) ov[oo + j] += aik * bv[bk + j];
        }
      }
    });
  }

  private static void f64(View a, View b, View out, int batches, int m, int n, int k, int grain) {
    double[] av = a.heap().doubles(), bv = b.heap().doubles(), ov = out.heap().doubles();
    int[] as = a.strides(), bs = b.strides();
    int aOff = a.offset(), bOff = b.offset(), oOff = out.offset();
    Parallel.forRange(batches * m, grain, (from, to) -> {
      for (int r = from; r < to; r++) {
        int bi = r / m, i = r % m;
        int ao = aOff + bi * as[0] + i * as[1], bo = bOff + bi * bs[0], oo = oOff + r * n;
        Arrays.fill(ov, oo, oo + n, 0.0);
        for (int kk = 0; kk < k; kk++) {
          double aik = av[ao + kk * as[2]];
          int bk = bo + kk * bs[1];
          for (int j = 0; j < n; j++) ov[oo + j] += aik * bv[bk + j];
        }
      }
    });
  }

  /** Integer and BOOL operands: exact products in long, wrapping like the dtype on store. */
  private static void integral(View a, View b, View out, int batches, int m, int n, int k, int grain) {
    View la = Dense.of(a, DType.INT64), lb = Dense.of(b, DType.INT64);
    long[] av = la.heap().longs(), bv = lb.heap().longs();
    int[] as = la.strides(), bs = lb.strides();
    int aOff = la.offset(), bOff = lb.offset();
    long[] ov = new long[batches * m * n];
    Parallel.forRange(batches * m, grain, (from, to) -> {
      for (int r = from; r < to; r++) {
        int bi = r / m, i = r % m;
        int ao = aOff + bi * as[0] + i * as[1], bo = bOff + bi * bs[0], oo = r * n;
        for (int kk = 0; kk < k; kk++) {
          long aik = av[ao + kk * as[2]];
          int bk = bo + kk * bs[1];
          for (int j = 0; j < n; j++) ov[oo + j] += aik * bv[bk + j * bs[2]];
        }
      }
    });
    Elementwise.copy(View.contiguous(HeapStorage.wrap(DType.INT64, ov), out.shape()), out);
  }
}
