package dev.fathom;

import dev.fathom.spi.Shapes;
import dev.fathom.spi.View;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Gather/scatter, selection, concatenation and their derivatives. */
final class Indexing {
  private Indexing() {}

  static void checkIndexRange(String op, Tensor index, long size, int dim) {
    if (index.dtype() != DType.INT64) {
      throw new IllegalArgumentException(op + "(): Expected dtype int64 for index, got " + index.dtype().torchName());
    }
    if (index.numel() == 0) return;
    long lo = index.min().longItem(), hi = index.max().longItem();
    if (lo < 0 || hi >= size) {
      long bad = lo < 0 ? lo : hi;
      throw new IndexOutOfBoundsException(op + "(): index " + bad + " is out of bounds for dimension " + dim + " with size " + size);
    }
  }

  static Tensor gather(Tensor x, int dimIn, Tensor index) {
    int dim = Ops.dim("gather", dimIn, x.dim());
    Ops.sameDevice("gather", x, index);
    if (index.dim() != x.dim() && !(x.dim() == 0 && index.dim() <= 1)) {
      throw new IllegalArgumentException("gather(): Index tensor must have the same number of dimensions as input tensor (input " + Shapes.str(x.shape) + ", index " + Shapes.str(index.shape) + ")");
    }
    for (int d = 0; d < x.dim(); d++) {
      if (d != dim && index.shape[d] > x.shape[d]) {
        throw new IllegalArgumentException("gather(): Size does not match at dimension " + d + " expected index " + Shapes.str(index.shape) + " to be smaller than self " + Shapes.str(x.shape) + " apart from dimension " + dim);
      }
    }
    checkIndexRange("gather", index, x.dim() == 0 ? 1 : x.shape[dim], dim);
    Tensor out = Ops.empty(x, x.dtype(), index.shape.clone());
    if (out.numel() > 0) x.backend.gather(x.data, dim, index.data, out.data);
    if (Autograd.needed(x)) {
      int[] inShape = x.shape;
      Tensor idx = index.detach();
      Autograd.record(out, "GatherBackward0", g -> {
        Tensor z = Ops.empty(g, g.dtype(), inShape.clone());
        if (g.numel() > 0) z.backend.scatterAdd(g.data, dim, idx.data, z.data);
        return new Tensor[] {z};
      }, x);
    }
    return out;
  }

  static Tensor scatterAdd(Tensor x, int dimIn, Tensor index, Tensor src) {
    int dim = Ops.dim("scatter_add", dimIn, x.dim());
    if (index.dim() != x.dim() || src.dim() != x.dim()) {
      throw new IllegalArgumentException("scatter_add(): Index tensor must have the same number of dimensions as self and src (self " + Shapes.str(x.shape) + ", index " + Shapes.str(index.shape) + ", src " + Shapes.str(src.shape) + ")");
    }
    checkIndexRange("scatter_add", index, x.shape[dim], dim);
    Tensor out = x.materialize();
    Tensor s = src.dtype() == x.dtype() ? src : src.to(x.dtype());
    View sv = s.data.restride(index.shape.clone(), Arrays.copyOf(s.data.strides(), index.dim()), s.data.offset());
    if (index.numel() > 0) x.backend.scatterAdd(sv, dim, index.data, out.data);
    if (Autograd.needed(x, src)) {
      Tensor idx = index.detach();
      Autograd.record(out, "ScatterAddBackward0", g -> new Tensor[] {
          x.requiresGrad ? g : null, src.requiresGrad ? gather(g, dim, idx) : null}, x, src);
    }
    return out;
  }

  static Tensor indexSelect(Tensor x, int dimIn, Tensor index) {
    int dim = Ops.dim("index_select", dimIn, x.dim());
    if (index.dim() > 1) throw new IllegalArgumentException("index_select(): Index is supposed to be a vector, got shape " + Shapes.str(index.shape));
    Tensor idx = index.dim() == 0 ? index.reshape(1) : index;
    checkIndexRange("index_select", idx, x.dim() == 0 ? 1 : x.shape[dim], dim);
    int[] shape = x.shape.clone();
    if (x.dim() > 0) shape[dim] = (int) idx.numel();
    Tensor out = Ops.empty(x, x.dtype(), shape);
    if (out.numel() > 0) x.backend.indexSelect(x.data, dim, idx.data, out.data);
    if (Autograd.needed(x)) {
      int[] inShape = x.shape;
      Tensor id = idx.detach();
      Autograd.record(out, "IndexSelectBackward0", g -> {
        Tensor z = Ops.empty(g, g.dtype(), inShape.clone());
        int[] st = new int[g.dim()];
        st[dim] = id.data.strides()[0];
        View expandedIndex = id.data.restride(g.shape.clone(), st, id.data.offset());
        if (g.numel() > 0) z.backend.scatterAdd(g.data, dim, expandedIndex, z.data);
        return new Tensor[] {z};
      }, x);
    }
    return out;
  }

  static Tensor flip(Tensor x, int[] dims) {
    Tensor out = x;
    for (int d : Ops.dims("flip", dims, x.dim())) {
      long n = x.shape[d];
      Tensor rev = Tensor.arange(n - 1, -1, -1).to(x.device);
      out = indexSelect(out, d, rev);
    }
    return out == x ? x.clone() : out;
  }

  static Tensor cat(List<Tensor> tensorsIn, int dimIn) {
    if (tensorsIn.isEmpty()) throw new IllegalArgumentException("torch.cat(): expected a non-empty list of Tensors");
    List<Tensor> tensors = new ArrayList<>();
    for (Tensor t : tensorsIn) if (!(t.dim() == 1 && t.shape[0] == 0)) tensors.add(t);
    if (tensors.isEmpty()) return tensorsIn.get(0).clone();
    Tensor first = tensors.get(0);
    if (first.dim() == 0) throw new IllegalArgumentException("zero-dimensional tensor (at position 0) cannot be concatenated");
    int dim = Ops.dim("cat", dimIn, first.dim());
    DType dtype = first.dtype();
    int total = 0;
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      Ops.sameDevice("cat", first, t);
      if (t.dim() != first.dim()) {
        throw new IllegalArgumentException("Tensors must have same number of dimensions: got " + first.dim() + " and " + t.dim());
      }
      for (int d = 0; d < t.dim(); d++) {
        if (d != dim && t.shape[d] != first.shape[d]) {
          throw new IllegalArgumentException("Sizes of tensors must match except in dimension " + dim + ". Expected size " + first.shape[d] + " but got size " + t.shape[d] + " for tensor number " + i + " in the list.");
        }
      }
      dtype = DType.promote(dtype, t.dtype());
      total += t.shape[dim];
    }
    int[] shape = first.shape.clone();
    shape[dim] = total;
    Tensor out = Ops.empty(first, dtype, shape);
    int at = 0;
    int[] starts = new int[tensors.size()];
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      starts[i] = at;
      int n = t.shape[dim];
      if (n > 0) out.backend.copy(t.data, Shaping.slice(out, dim, at, at + n, 1).data);
      at += n;
    }
    Tensor[] ins = tensors.toArray(new Tensor[0]);
    if (Autograd.needed(ins)) {
      Autograd.record(out, "CatBackward0", g -> {
        Tensor[] grads = new Tensor[ins.length];
        for (int i = 0; i < ins.length; i++) {
          if (ins[i].requiresGrad) grads[i] = Pointwise.fit(g.narrow(dim, starts[i], ins[i].shape[dim]), ins[i]);
        }
        return grads;
      }, ins);
    }
    return out;
  }

  static Tensor stack(List<Tensor> tensors, int dimIn) {
    if (tensors.isEmpty()) throw new IllegalArgumentException("stack expects a non-empty TensorList");
    int r = tensors.get(0).dim();
    for (int i = 1; i < tensors.size(); i++) {
      if (!Arrays.equals(tensors.get(i).shape, tensors.get(0).shape)) {
        throw new IllegalArgumentException("stack expects each tensor to be equal size, but got " + Shapes.str(tensors.get(0).shape) + " at entry 0 and " + Shapes.str(tensors.get(i).shape) + " at entry " + i);
      }
    }
    if (dimIn < -(r + 1) || dimIn > r) {
      throw new IndexOutOfBoundsException("stack: Dimension out of range (expected to be in range of [" + (-(r + 1)) + ", " + r + "], but got " + dimIn + ")");
    }
    int dim = dimIn < 0 ? dimIn + r + 1 : dimIn;
    List<Tensor> parts = new ArrayList<>(tensors.size());
    for (Tensor t : tensors) parts.add(t.unsqueeze(dim));
    return cat(parts, dim);
  }

  static Tensor maskedSelect(Tensor x, Tensor mask) {
    if (mask.dtype() != DType.BOOL) throw new IllegalArgumentException("masked_select: expected BoolTensor for mask");
    int[] shape = Ops.broadcast("masked_select", x.shape, mask.shape);
    Tensor xe = x.expand(Ops.toLongs(shape)), me = mask.expand(Ops.toLongs(shape));
    boolean[] m = me.toBooleanArray();
    int count = 0;
    for (boolean b : m) if (b) count++;
    long[] idx = new long[count];
    for (int i = 0, k = 0; i < m.length; i++) if (m[i]) idx[k++] = i;
    return xe.reshape(-1).indexSelect(0, Tensor.of(idx).to(x.device));
  }

  static Tensor oneHot(Tensor labels, int numClasses) {
    if (labels.dtype() != DType.INT64) throw new IllegalArgumentException("one_hot is only applicable to index tensor (int64), got " + labels.dtype().torchName());
    long[] v = labels.toLongArray();
    int classes = numClasses;
    if (classes < 0) {
      for (long x : v) classes = (int) Math.max(classes, x + 1);
    }
    long[] out = new long[v.length * classes];
    for (int i = 0; i < v.length; i++) {
      if (v[i] < 0 || v[i] >= classes) throw new IndexOutOfBoundsException("one_hot: class values must be in [0, " + classes + "), got " + v[i]);
      out[i * classes + (int) v[i]] = 1;
    }
    long[] shape = Arrays.copyOf(labels.shape(), labels.dim() + 1);
    shape[labels.dim()] = classes;
    return Tensor.of(out, shape).to(labels.device);
  }

  static ValuesIndices topk(Tensor x, int k, int dimIn) {
    int dim = Ops.dim("topk", dimIn, x.dim());
    int size = x.dim() == 0 ? 1 : x.shape[dim];
    if (k < 0 || k > size) throw new IllegalArgumentException("topk: selected index k out of range (k=" + k + ", size " + size + ")");
    Tensor moved = x.dim() == 0 ? x.reshape(1, 1) : x.transpose(dim, -1).contiguous();
    int rows = (int) (moved.numel() / Math.max(size, 1));
    double[] v = moved.detach().toDoubleArray();
    long[] idx = new long[rows * k];
    for (int r = 0; r < rows; r++) {
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) order[i] = i;
      int base = r * size;
      Arrays.sort(order, (p, q) -> Double.compare(v[base + q], v[base + p]));
      for (int j = 0; j < k; j++) idx[r * k + j] = order[j];
    }
    long[] shape = moved.shape();
    shape[shape.length - 1] = k;
    Tensor indices = Tensor.of(idx, shape).to(x.device);
    Tensor values = moved.gather(moved.dim() - 1, indices);
    if (x.dim() == 0) return new ValuesIndices(values.reshape(), indices.reshape());
    return new ValuesIndices(values.transpose(dim, -1), indices.transpose(dim, -1));
  }
}
