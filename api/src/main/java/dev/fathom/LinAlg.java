package dev.fathom;

import dev.fathom.spi.Shapes;
import dev.fathom.spi.View;
import java.util.Arrays;

/** Matrix products: one batched kernel call, with 1-d and broadcast cases reduced to it. */
final class LinAlg {
  private LinAlg() {}

  static Tensor mm(Tensor a, Tensor b) {
    if (a.dim() != 2) throw new IllegalArgumentException("mm: self must be a matrix, got " + a.dim() + "-d tensor of shape " + Shapes.str(a.shape));
    if (b.dim() != 2) throw new IllegalArgumentException("mm: mat2 must be a matrix, got " + b.dim() + "-d tensor of shape " + Shapes.str(b.shape));
    return batched(a, b, "mm");
  }

  static Tensor bmm(Tensor a, Tensor b) {
    if (a.dim() != 3 || b.dim() != 3) {
      throw new IllegalArgumentException("bmm: batch1 and batch2 must be 3D tensors, got shapes " + Shapes.str(a.shape) + " and " + Shapes.str(b.shape));
    }
    if (a.shape[0] != b.shape[0]) {
      throw new IllegalArgumentException("bmm: batch1 and batch2 must have same number of batches, got " + a.shape[0] + " and " + b.shape[0]);
    }
    return batched(a, b, "bmm");
  }

  static Tensor matmul(Tensor a, Tensor b) {
    if (a.dim() == 0 || b.dim() == 0) {
      throw new IllegalArgumentException("matmul: both arguments to matmul need to be at least 1D, but they are " + a.dim() + "D and " + b.dim() + "D");
    }
    if (a.dim() == 1 && b.dim() == 1) {
      if (a.shape[0] != b.shape[0]) {
        throw new IllegalArgumentException("matmul: inconsistent tensor size, expected tensor [" + a.shape[0] + "] and src [" + b.shape[0] + "] to have the same number of elements, but got " + a.shape[0] + " and " + b.shape[0] + " elements respectively");
      }
      return batched(a.unsqueeze(0), b.unsqueeze(1), "matmul").reshape();
    }
    if (a.dim() == 1) return batched(a.unsqueeze(0), b, "matmul").squeeze(-2);
    if (b.dim() == 1) return batched(a, b.unsqueeze(1), "matmul").squeeze(-1);
    return batched(a, b, "matmul");
  }

  /** {@code a: [..., M, K] @ b: [..., K, N]} with the batch dims broadcast. */
  static Tensor batched(Tensor a, Tensor b, String op) {
    Ops.sameDevice(op, a, b);
    int ra = a.dim(), rb = b.dim();
    int m = a.shape[ra - 2], k = a.shape[ra - 1], k2 = b.shape[rb - 2], n = b.shape[rb - 1];
    if (k != k2) {
      throw new IllegalArgumentException(op + ": mat1 and mat2 shapes cannot be multiplied (" + rowsX(a) + " and " + k2 + "x" + n + ")");
    }
    DType ct = Pointwise.resultType(a, b);
    if (a.dtype() != b.dtype()) {
      throw new IllegalArgumentException(op + ": expected mat1 and mat2 to have the same dtype, but got: " + a.dtype().torchName() + " != " + b.dtype().torchName());
    }
    int[] batchA = Arrays.copyOf(a.shape, ra - 2), batchB = Arrays.copyOf(b.shape, rb - 2);
    int[] batch = Ops.broadcast(op, batchA, batchB);
    int bsz = Shapes.numel(batch);
    View va = flattenBatch(a, batch, m, k);
    View vb = flattenBatch(b, batch, k, n);
    int[] outShape = Arrays.copyOf(batch, batch.length + 2);
    outShape[batch.length] = m;
    outShape[batch.length + 1] = n;
    Tensor out = Ops.empty(a, ct, outShape);
    View o3 = out.data.restride(new int[] {bsz, m, n}, new int[] {m * n, n, 1}, 0);
    a.backend.matmul(va, vb, o3);
    if (Autograd.needed(a, b)) {
      Tensor ad = a.detach(), bd = b.detach();
      Autograd.record(out, op.equals("mm") ? "MmBackward0" : op.equals("bmm") ? "BmmBackward0" : "MmBackward0", g -> new Tensor[] {
          a.requiresGrad ? Ops.sumToShape(batched(g, bd.transpose(-1, -2), op), a.shape) : null,
          b.requiresGrad ? Ops.sumToShape(batched(ad.transpose(-1, -2), g, op), b.shape) : null}, a, b);
    }
    return out;
  }

  private static String rowsX(Tensor t) {
    int r = t.dim();
    int rows = 1;
    for (int i = 0; i < r - 1; i++) rows *= t.shape[i];
    return rows + "x" + t.shape[r - 1];
  }

  /** The operand seen as {@code [B, rows, cols]}: a strided view when possible, else a copy. */
  private static View flattenBatch(Tensor t, int[] batch, int rows, int cols) {
    int r = t.dim();
    int[] full = Arrays.copyOf(batch, batch.length + 2);
    full[batch.length] = rows;
    full[batch.length + 1] = cols;
    View v = Ops.expanded(t, full);
    int[] st = v.strides();
    int nb = batch.length;
    int bsz = Shapes.numel(batch);
    int rs = st[nb], cs = st[nb + 1];
    if (nb == 0) return v.restride(new int[] {1, rows, cols}, new int[] {0, rs, cs}, v.offset());
    // The batch dims collapse to one stride when each is the product of the next (or all are 0).
    boolean allZero = true, chain = true;
    for (int i = 0; i < nb; i++) if (st[i] != 0 && batch[i] != 1) allZero = false;
    int bstride = 0;
    int expected = -1;
    for (int i = nb - 1; i >= 0; i--) {
      if (batch[i] == 1) continue;
      if (expected < 0) {
        bstride = st[i];
        expected = st[i] * batch[i];
      } else if (st[i] != expected) {
        chain = false;
        break;
      } else {
        expected = st[i] * batch[i];
      }
    }
    if (allZero) return v.restride(new int[] {bsz, rows, cols}, new int[] {0, rs, cs}, v.offset());
    if (chain) return v.restride(new int[] {bsz, rows, cols}, new int[] {bstride, rs, cs}, v.offset());
    Tensor copy = Ops.empty(t, t.dtype(), full);
    t.backend.copy(v, copy.data);
    return copy.data.restride(new int[] {bsz, rows, cols}, new int[] {rows * cols, cols, 1}, 0);
  }
}
