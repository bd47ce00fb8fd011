package dev.fathom;

import dev.fathom.spi.Backend;
import dev.fathom.spi.Shapes;
import dev.fathom.spi.View;
import java.util.Arrays;

/** Plumbing shared by the op groups: output allocation, device checks, broadcast reduction. */
final class Ops {
  private Ops() {}

  /** A new contiguous tensor of {@code shape} on {@code like}'s device (zero-filled). */
  static Tensor empty(Tensor like, DType dtype, int[] shape) {
    return empty(like.backend, like.device, dtype, shape);
  }

  static Tensor empty(Backend backend, Device device, DType dtype, int[] shape) {
    View v = View.contiguous(backend.allocate(dtype, Shapes.numel(shape)), shape);
    return new Tensor(v, backend, device);
  }

  /** Fails unless both tensors live on one device, with PyTorch's message. */
  static void sameDevice(String op, Tensor a, Tensor b) {
    if (a.backend != b.backend && !a.device.equals(b.device)) {
      throw new IllegalArgumentException("Expected all tensors to be on the same device, but found at least two devices, "
          + a.device + " and " + b.device + "! (when checking arguments for " + op + ")");
    }
  }

  /** Normalises a possibly negative dim for a tensor of rank {@code rank}. */
  static int dim(String op, int dim, int rank) {
    int r = Math.max(rank, 1);
    if (dim < -r || dim >= r) {
      throw new IndexOutOfBoundsException(op + ": Dimension out of range (expected to be in range of [" + (-r) + ", " + (r - 1) + "], but got " + dim + ")");
    }
    return dim < 0 ? dim + r : dim;
  }

  /** The broadcast shape, or PyTorch's error naming the mismatching dimension. */
  static int[] broadcast(String op, int[] a, int[] b) {
    int[] out = Shapes.broadcast(a, b);
    if (out == null) {
      int n = Math.max(a.length, b.length);
      for (int i = 0; i < n; i++) {
        int ia = a.length - 1 - i, ib = b.length - 1 - i;
        int da = ia >= 0 ? a[ia] : 1, db = ib >= 0 ? b[ib] : 1;
        if (da != db && da != 1 && db != 1) {
          throw new IllegalArgumentException(op + ": The size of tensor a (" + da + ") must match the size of tensor b (" + db
              + ") at non-singleton dimension " + (n - 1 - i) + " (shapes " + Shapes.str(a) + " and " + Shapes.str(b) + ")");
        }
      }
    }
    return out;
  }

  /** {@code t}'s view expanded to {@code shape} (stride 0 on repeated dims). */
  static View expanded(Tensor t, int[] shape) {
    View v = t.data;
    if (Arrays.equals(v.shape(), shape)) return v;
    return v.restride(shape, Shapes.expandStrides(v.shape(), v.strides(), shape), v.offset());
  }

  /** Sums a broadcast gradient back down to {@code shape}. */
  static Tensor sumToShape(Tensor g, int[] shape) {
    if (Arrays.equals(g.shape, shape)) return g;
    int lead = g.shape.length - shape.length;
    int count = 0;
    int[] dims = new int[g.shape.length];
    for (int i = 0; i < g.shape.length; i++) {
      if (i < lead || (shape[i - lead] == 1 && g.shape[i] != 1)) dims[count++] = i;
    }
    Tensor s = count == 0 ? g : Reductions.sumRaw(g, Arrays.copyOf(dims, count), true);
    return lead == 0 && Arrays.equals(s.shape, shape) ? s : s.reshape(toLongs(shape));
  }

  static long[] toLongs(int[] a) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) out[i] = a[i];
    return out;
  }

  /** Sorted distinct normalised dims; empty input means all dims. */
  static int[] dims(String op, int[] dims, int rank) {
    if (dims.length == 0) {
      int[] all = new int[rank];
      for (int i = 0; i < rank; i++) all[i] = i;
      return all;
    }
    boolean[] seen = new boolean[Math.max(rank, 1)];
    for (int d : dims) {
      int n = dim(op, d, rank);
      if (seen[n]) throw new IllegalArgumentException(op + ": dim " + n + " appears multiple times in the list of dims");
      seen[n] = true;
    }
    int[] out = new int[dims.length];
    int k = 0;
    for (int i = 0; i < seen.length; i++) if (seen[i] && i < rank) out[k++] = i;
    return Arrays.copyOf(out, k);
  }
}
