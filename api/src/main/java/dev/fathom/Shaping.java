package dev.fathom;

import dev.fathom.spi.Shapes;
import dev.fathom.spi.View;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** View ops: new shape and strides over the same storage, and their derivatives. */
final class Shaping {
  private Shaping() {}

  static Tensor viewOf(Tensor x, int[] shape, int[] strides, int offset) {
    return new Tensor(x.data.restride(shape, strides, offset), x.backend, x.device);
  }

  /** Resolves one -1 in {@code spec} against {@code numel}. */
  static int[] inferShape(long[] spec, int numel, String op) {
    int[] out = new int[spec.length];
    int infer = -1;
    long known = 1;
    for (int i = 0; i < spec.length; i++) {
      if (spec[i] == -1) {
        if (infer >= 0) throw new IllegalArgumentException(op + ": only one dimension can be inferred");
        infer = i;
      } else if (spec[i] < 0) {
        throw new IllegalArgumentException(op + ": invalid shape dimension " + spec[i]);
      } else {
        out[i] = (int) spec[i];
        known *= spec[i];
      }
    }
    if (infer >= 0) {
      if (known == 0 || numel % known != 0) throw new IllegalArgumentException("shape '" + Arrays.toString(spec) + "' is invalid for input of size " + numel);
      out[infer] = (int) (numel / known);
    } else if (known != numel) {
      throw new IllegalArgumentException("shape '" + Arrays.toString(spec) + "' is invalid for input of size " + numel);
    }
    return out;
  }

  /** Strides that show {@code oldShape/oldStrides} as {@code newShape}, or null (PyTorch's computeStride). */
  static int[] viewStrides(int[] oldShape, int[] oldStrides, int[] newShape) {
    int numel = Shapes.numel(oldShape);
    if (numel == 0) return Shapes.contiguousStrides(newShape);
    int[] newStrides = new int[newShape.length];
    int viewD = newShape.length - 1;
    long chunkBase = oldShape.length == 0 ? 1 : oldStrides[oldShape.length - 1];
    long tensorNumel = 1, viewNumel = 1;
    for (int tensorD = oldShape.length - 1; tensorD >= 0; tensorD--) {
      tensorNumel *= oldShape[tensorD];
      if (tensorD == 0 || (oldShape[tensorD - 1] != 1 && oldStrides[tensorD - 1] != tensorNumel * chunkBase)) {
        while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
          newStrides[viewD] = (int) (viewNumel * chunkBase);
          viewNumel *= newShape[viewD];
          viewD--;
        }
        if (viewNumel != tensorNumel) return null;
        if (tensorD > 0) {
          chunkBase = oldStrides[tensorD - 1];
          tensorNumel = 1;
          viewNumel = 1;
        }
      }
    }
    if (viewD != -1) {
      while (viewD >= 0) {
        if (newShape[viewD] != 1) return null;
        newStrides[viewD] = 1;
        viewD--;
      }
    }
    return newStrides;
  }

  static Tensor reshape(Tensor x, long[] spec, boolean mustView) {
    String op = mustView ? "view" : "reshape";
    int[] shape = inferShape(spec, x.data.numel(), op);
    if (Arrays.equals(shape, x.shape)) return alias(x, op);
    int[] strides = viewStrides(x.shape, x.data.strides(), shape);
    Tensor out;
    if (strides != null) {
      out = viewOf(x, shape, strides, x.data.offset());
    } else if (mustView) {
      throw new IllegalArgumentException("view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead. (shape " + Shapes.str(x.shape) + " -> " + Arrays.toString(spec) + ")");
    } else {
      Tensor c = x.materialize();
      out = viewOf(c, shape, Shapes.contiguousStrides(shape), 0);
    }
    if (Autograd.needed(x)) {
      long[] back = x.shape();
      Autograd.record(out, mustView ? "ViewBackward0" : "ReshapeAliasBackward0", g -> new Tensor[] {g.reshape(back)}, x);
    }
    return out;
  }

  private static Tensor alias(Tensor x, String op) {
    Tensor out = viewOf(x, x.shape, x.data.strides(), x.data.offset());
    if (Autograd.needed(x)) Autograd.record(out, op.equals("view") ? "ViewBackward0" : "AliasBackward0", g -> new Tensor[] {g}, x);
    return out;
  }

  static Tensor transpose(Tensor x, int d0, int d1) {
    int r = x.dim();
    if (r == 0) return alias(x, "transpose");
    int a = Ops.dim("transpose", d0, r), b = Ops.dim("transpose", d1, r);
    int[] perm = new int[r];
    for (int i = 0; i < r; i++) perm[i] = i;
    perm[a] = b;
    perm[b] = a;
    return permuteChecked(x, perm, "TransposeBackward0");
  }

  static Tensor t(Tensor x) {
    if (x.dim() > 2) throw new IllegalArgumentException("t() expects a tensor with <= 2 dimensions, but self is " + x.dim() + "D");
    return x.dim() < 2 ? alias(x, "t") : transpose(x, 0, 1);
  }

  static Tensor permute(Tensor x, int[] dims) {
    int r = x.dim();
    if (dims.length != r) {
      throw new IllegalArgumentException("permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = " + r + " is not equal to len(dims) = " + dims.length);
    }
    int[] perm = new int[r];
    boolean[] seen = new boolean[r];
    for (int i = 0; i < r; i++) {
      perm[i] = Ops.dim("permute", dims[i], r);
      if (seen[perm[i]]) throw new IllegalArgumentException("permute(): duplicate dims are not allowed (dims " + Arrays.toString(dims) + ")");
      seen[perm[i]] = true;
    }
    return permuteChecked(x, perm, "PermuteBackward0");
  }

  private static Tensor permuteChecked(Tensor x, int[] perm, String name) {
    int r = perm.length;
    int[] shape = new int[r], strides = new int[r];
    for (int i = 0; i < r; i++) {
      shape[i] = x.shape[perm[i]];
      strides[i] = x.data.strides()[perm[i]];
    }
    Tensor out = viewOf(x, shape, strides, x.data.offset());
    if (Autograd.needed(x)) {
      int[] inverse = new int[r];
      for (int i = 0; i < r; i++) inverse[perm[i]] = i;
      Autograd.record(out, name, g -> new Tensor[] {g.permute(inverse)}, x);
    }
    return out;
  }

  static Tensor slice(Tensor x, int dimIn, long start, long end, long step) {
    if (x.dim() == 0) throw new IllegalArgumentException("slice() cannot be applied to a 0-dim tensor.");
    int dim = Ops.dim("slice", dimIn, x.dim());
    if (step <= 0) throw new IllegalArgumentException("slice step must be positive, got " + step);
    long size = x.shape[dim];
    long s = start < 0 ? start + size : start, e = end < 0 ? end + size : end;
    s = Math.max(0, Math.min(s, size));
    e = Math.max(s, Math.min(e, size));
    int len = (int) ((e - s + step - 1) / step);
    int[] shape = x.shape.clone(), strides = x.data.strides().clone();
    shape[dim] = len;
    int offset = x.data.offset() + (int) s * strides[dim];
    strides[dim] = (int) (strides[dim] * step);
    Tensor out = viewOf(x, shape, strides, offset);
    if (Autograd.needed(x)) {
      int[] inShape = x.shape;
      long from = s, to = e;
      Autograd.record(out, "SliceBackward0", g -> {
        Tensor z = Ops.empty(g, g.dtype(), inShape.clone());
        Tensor window = slice(z, dim, from, to, step);
        z.backend.copy(g.data, window.data);
        return new Tensor[] {z};
      }, x);
    }
    return out;
  }

  static Tensor select(Tensor x, int dimIn, long indexIn) {
    if (x.dim() == 0) throw new IllegalArgumentException("select() cannot be applied to a 0-dim tensor.");
    int dim = Ops.dim("select", dimIn, x.dim());
    long size = x.shape[dim];
    if (indexIn < -size || indexIn >= size) {
      throw new IndexOutOfBoundsException("select(): index " + indexIn + " out of range for tensor of size " + Shapes.str(x.shape) + " at dimension " + dim);
    }
    int index = (int) (indexIn < 0 ? indexIn + size : indexIn);
    int r = x.dim();
    int[] shape = new int[r - 1], strides = new int[r - 1];
    for (int i = 0, k = 0; i < r; i++) {
      if (i == dim) continue;
      shape[k] = x.shape[i];
      strides[k++] = x.data.strides()[i];
    }
    Tensor out = viewOf(x, shape, strides, x.data.offset() + index * x.data.strides()[dim]);
    if (Autograd.needed(x)) {
      int[] inShape = x.shape;
      Autograd.record(out, "SelectBackward0", g -> {
        Tensor z = Ops.empty(g, g.dtype(), inShape.clone());
        z.backend.copy(g.data, select(z, dim, index).data);
        return new Tensor[] {z};
      }, x);
    }
    return out;
  }

  static Tensor expand(Tensor x, long[] spec) {
    int r = x.dim();
    if (spec.length < r) {
      throw new IllegalArgumentException("expand: the number of sizes provided (" + spec.length + ") must be greater or equal to the number of dimensions in the tensor (" + r + ")");
    }
    int[] shape = new int[spec.length];
    int lead = spec.length - r;
    for (int i = 0; i < spec.length; i++) {
      int j = i - lead;
      if (spec[i] == -1) {
        if (j < 0) throw new IllegalArgumentException("expand: -1 is not allowed in a leading, non-existing dimension " + i);
        shape[i] = x.shape[j];
      } else {
        shape[i] = (int) spec[i];
        if (j >= 0 && x.shape[j] != 1 && x.shape[j] != shape[i]) {
          throw new IllegalArgumentException("The expanded size of the tensor (" + shape[i] + ") must match the existing size (" + x.shape[j] + ") at non-singleton dimension " + i + ".  Target sizes: " + Arrays.toString(spec) + ".  Tensor sizes: " + Shapes.str(x.shape));
        }
      }
    }
    if (Arrays.equals(shape, x.shape)) return alias(x, "expand");
    Tensor out = viewOf(x, shape, Shapes.expandStrides(x.shape, x.data.strides(), shape), x.data.offset());
    if (Autograd.needed(x)) {
      int[] inShape = x.shape;
      Autograd.record(out, "ExpandBackward0", g -> new Tensor[] {Ops.sumToShape(g, inShape)}, x);
    }
    return out;
  }

  static Tensor squeeze(Tensor x, Integer dimIn) {
    List<Integer> keep = new ArrayList<>();
    int r = x.dim();
    int only = dimIn == null ? -1 : (r == 0 ? 0 : Ops.dim("squeeze", dimIn, r));
    for (int i = 0; i < r; i++) {
      boolean drop = x.shape[i] == 1 && (dimIn == null || i == only);
      if (!drop) keep.add(i);
    }
    if (keep.size() == r) return alias(x, "squeeze");
    int[] shape = new int[keep.size()], strides = new int[keep.size()];
    for (int i = 0; i < keep.size(); i++) {
      shape[i] = x.shape[keep.get(i)];
      strides[i] = x.data.strides()[keep.get(i)];
    }
    Tensor out = viewOf(x, shape, strides, x.data.offset());
    if (Autograd.needed(x)) {
      long[] back = x.shape();
      Autograd.record(out, dimIn == null ? "SqueezeBackward0" : "SqueezeBackward1", g -> new Tensor[] {g.reshape(back)}, x);
    }
    return out;
  }

  static Tensor unsqueeze(Tensor x, int dimIn) {
    int r = x.dim();
    if (dimIn < -(r + 1) || dimIn > r) {
      throw new IndexOutOfBoundsException("unsqueeze: Dimension out of range (expected to be in range of [" + (-(r + 1)) + ", " + r + "], but got " + dimIn + ")");
    }
    int dim = dimIn < 0 ? dimIn + r + 1 : dimIn;
    int[] shape = new int[r + 1], strides = new int[r + 1];
    for (int i = 0, k = 0; i <= r; i++) {
      if (i == dim) {
        shape[i] = 1;
        strides[i] = dim < r ? x.data.strides()[dim] * x.shape[dim] : 1;
      } else {
        shape[i] = x.shape[k];
        strides[i] = x.data.strides()[k++];
      }
    }
    Tensor out = viewOf(x, shape, strides, x.data.offset());
    if (Autograd.needed(x)) Autograd.record(out, "UnsqueezeBackward0", g -> new Tensor[] {g.squeeze(dim)}, x);
    return out;
  }

  static Tensor flatten(Tensor x, int startIn, int endIn) {
    int r = x.dim();
    if (r == 0) return x.reshape(1);
    int s = Ops.dim("flatten", startIn, r), e = Ops.dim("flatten", endIn, r);
    if (s > e) throw new IllegalArgumentException("flatten() has invalid args: start_dim cannot come after end_dim");
    if (s == e) return x;
    long[] spec = new long[r - (e - s)];
    int k = 0;
    for (int i = 0; i < s; i++) spec[k++] = x.shape[i];
    long prod = 1;
    for (int i = s; i <= e; i++) prod *= x.shape[i];
    spec[k++] = prod;
    for (int i = e + 1; i < r; i++) spec[k++] = x.shape[i];
    return x.reshape(spec);
  }

  static List<Tensor> split(Tensor x, long splitSize, int dimIn) {
    int dim = Ops.dim("split", dimIn, x.dim());
    if (splitSize <= 0) throw new IllegalArgumentException("split expects split_size be positive, but got split_size=" + splitSize);
    List<Tensor> out = new ArrayList<>();
    for (long s = 0; s < x.shape[dim]; s += splitSize) out.add(slice(x, dim, s, Math.min(s + splitSize, x.shape[dim]), 1));
    if (out.isEmpty()) out.add(x);
    return out;
  }

  static List<Tensor> chunk(Tensor x, int chunks, int dimIn) {
    if (chunks <= 0) throw new IllegalArgumentException("chunk expects `chunks` to be greater than 0, got: " + chunks);
    int dim = Ops.dim("chunk", dimIn, x.dim());
    long size = (x.shape[dim] + chunks - 1) / chunks;
    return split(x, Math.max(size, 1), dim);
  }

  static Tensor pad(Tensor x, long[] pad, double value) {
    if (pad.length % 2 != 0 || pad.length / 2 > x.dim()) {
      throw new IllegalArgumentException("pad: padding length must be divisible by 2 and at most twice the input's dims, got " + pad.length + " for a " + x.dim() + "-d input");
    }
    int[] shape = x.shape.clone();
    int r = x.dim();
    for (int i = 0; i < pad.length / 2; i++) {
      int d = r - 1 - i;
      shape[d] += (int) (pad[2 * i] + pad[2 * i + 1]);
      if (shape[d] < 0) throw new IllegalArgumentException("pad: resulting size of dim " + d + " is negative");
    }
    Tensor out = Tensor.full(x.dtype(), value, Ops.toLongs(shape)).to(x.device);
    Tensor window = out;
    Tensor src = x.detach();
    for (int i = 0; i < pad.length / 2; i++) {
      int d = r - 1 - i;
      long lo = pad[2 * i], hi = pad[2 * i + 1];
      window = slice(window.detach(), d, Math.max(lo, 0), shape[d] - Math.max(hi, 0), 1);
      src = slice(src, d, Math.max(-lo, 0), x.shape[d] - Math.max(-hi, 0), 1);
    }
    out.backend.copy(src.data, window.data);
    if (Autograd.needed(x)) {
      long[] neg = new long[pad.length];
      for (int i = 0; i < pad.length; i++) neg[i] = -pad[i];
      Autograd.record(out, "ConstantPadNdBackward0", g -> new Tensor[] {pad(g, neg, 0)}, x);
    }
    return out;
  }
}
