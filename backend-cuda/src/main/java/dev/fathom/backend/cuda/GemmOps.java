package dev.fathom.backend.cuda;

import dev.fathom.DType;
import dev.fathom.spi.View;

/**
 * Batched matrix products (gemm.cu): float32 and float64 on the tiled SIMT kernels, float32 on
 * tensor cores (TF32) when {@code -Dfathom.cuda.tf32=true} (off by default, as PyTorch's
 * {@code allow_tf32} for matmul), integer and BOOL operands exactly in int64. Operands keep their
 * strides (transposes cost nothing); the kernel variant is picked by which operand axes are
 * contiguous. Convolution reuses {@link #gemm} with a two-level batch (image, group).
 */
final class GemmOps {
  private static final String MODULE = "gemm";
  private static final int TILE = 128;
  private static final int MAX_GRID_Z = 65535;

  /** One operand: element (i, j) of batch (b1, b2) at {@code offset + i*s0 + j*s1 + b1*sb1 + b2*sb2}. */
  record Operand(long address, int offset, int s0, int s1, int sb1, int sb2) {
    Operand at(int extraOffset) {
      return new Operand(address, offset + extraOffset, s0, s1, sb1, sb2);
    }
  }

  private final CudaBackend backend;
  private final Gpu gpu;
  private final boolean tf32;

  GemmOps(CudaBackend backend, boolean tf32) {
    this.backend = backend;
    this.gpu = backend.gpu();
    this.tf32 = tf32;
  }

  boolean tf32() { return tf32; }

  void matmul(View a, View b, View out) {
    int[] os = out.shape();
    int batches = os[0], m = os[1], n = os[2], k = a.shape()[2];
    if (out.numel() == 0) return;
    DType t = a.dtype();
    if (t == DType.FLOAT32 || t == DType.FLOAT64) {
      gemm(t, m, n, k, batches, 1, operand(a), operand(b), operand(out), false);
      return;
    }
    View la = backend.asDense(a, DType.INT64), lb = backend.asDense(b, DType.INT64);
    boolean direct = out.dtype() == DType.INT64;
    View lo = direct ? out : View.contiguous(backend.temp(DType.INT64, out.numel()), out.shape());
    gemm(DType.INT64, m, n, k, batches, 1, operand(la), operand(lb), operand(lo), false);
    if (!direct) {
      backend.copy(lo, out);
      ((CudaStorage) lo.storage()).release();
    }
    if (la != a) ((CudaStorage) la.storage()).release();
    if (lb != b) ((CudaStorage) lb.storage()).release();
  }

  private Operand operand(View v) {
    int[] s = v.strides();
    int batchStride = v.shape()[0] == 1 ? 0 : s[0];
    return new Operand(backend.address(v), v.offset(), s[1], s[2], batchStride, 0);
  }

  /**
   * {@code C[z] = A[z] @ B[z]} (plus C when {@code accumulate}) for z = b1 * nb2 + b2 over
   * {@code nb1 * nb2} batches; A is m x k (s0 along m, s1 along k), B is k x n, C is m x n.
   */
  void gemm(DType t, int m, int n, int k, int nb1, int nb2, Operand a, Operand b, Operand c, boolean accumulate) {
    if (m == 0 || n == 0 || nb1 == 0 || nb2 == 0) return;
    boolean useTf32 = tf32 && t == DType.FLOAT32;
    String prefix = switch (t) {
      case FLOAT32 -> useTf32 ? "gemm_tf32_" : "gemm_f32_";
      case FLOAT64 -> "gemm_f64_";
      case INT64 -> "gemm_i64_";
      default -> throw new IllegalArgumentException("gemm: unsupported dtype " + t);
    };
    String kernel = prefix + (a.s1() == 1 ? "1" : "0") + (b.s1() == 1 ? "1" : "0");
    int gx = Math.ceilDiv(n, TILE), gy = Math.ceilDiv(m, TILE);
    // The grid's z extent is limited: run the first batch level in slices when needed.
    int perLaunch = Math.max(1, MAX_GRID_Z / nb2);
    for (int b1 = 0; b1 < nb1; b1 += perLaunch) {
      int count = Math.min(perLaunch, nb1 - b1);
      int[] args = {
          m, n, k, nb2,
          a.offset() + b1 * a.sb1(), a.s0(), a.s1(), a.sb1(), a.sb2(),
          b.offset() + b1 * b.sb1(), b.s0(), b.s1(), b.sb1(), b.sb2(),
          c.offset() + b1 * c.sb1(), c.s0(), c.s1(), c.sb1(), c.sb2(),
          accumulate ? 1 : 0};
      gpu.launch(MODULE, kernel, gx, gy, count * nb2, 256, new Args().ints(args).ptr(a.address()).ptr(b.address()).ptr(c.address()));
    }
  }
}
