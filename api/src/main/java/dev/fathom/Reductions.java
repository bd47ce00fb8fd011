package dev.fathom;

import dev.fathom.spi.ReduceOp;
import dev.fathom.spi.Shapes;
import java.util.Arrays;

/** Reductions, scans and softmax, with their derivatives. */
final class Reductions {
  private Reductions() {}

  /** Shape with {@code dims} set to 1 (keepdim) or removed. */
  static int[] reducedShape(int[] shape, int[] dims, boolean keepdim) {
    int[] keep = shape.clone();
    for (int d : dims) keep[d] = 1;
    if (keepdim) return keep;
    int[] out = new int[shape.length - dims.length];
    int k = 0;
    outer:
    for (int i = 0; i < shape.length; i++) {
      for (int d : dims) if (d == i) continue outer;
      out[k++] = shape[i];
    }
    return out;
  }

  /** Runs a reduction kernel into a keepdim output, then drops the dims unless keepdim. */
  static Tensor reduceRaw(ReduceOp op, Tensor x, int[] dims, boolean keepdim, DType outType) {
    int[] keep = reducedShape(x.shape, dims, true);
    Tensor out = Ops.empty(x, outType, keep);
    if (x.data.numel() == 0) {
      if (op == ReduceOp.PROD || op == ReduceOp.ALL) out.backend.fill(out.data, 1);
    } else if (dims.length == 0 && op != ReduceOp.ARGMAX && op != ReduceOp.ARGMIN) {
      x.backend.copy(x.data, out.data);
    } else {
      x.backend.reduce(op, x.data, dims, out.data);
    }
    if (keepdim) return out;
    return new Tensor(out.data.restride(reducedShape(x.shape, dims, false), Shapes.contiguousStrides(reducedShape(x.shape, dims, false)), 0), out.backend, out.device);
  }

  static Tensor sumRaw(Tensor x, int[] dims, boolean keepdim) {
    return reduceRaw(ReduceOp.SUM, x, dims, keepdim, x.dtype());
  }

  /** Expands a reduced gradient back over the reduced dims. */
  static Tensor unreduce(Tensor g, int[] shape, int[] dims, boolean keepdim) {
    Tensor k = keepdim ? g : g.reshape(Ops.toLongs(reducedShape(shape, dims, true)));
    return k.expand(Ops.toLongs(shape));
  }

  static Tensor sum(Tensor x, int[] dimsIn, boolean keepdim) {
    int[] dims = Ops.dims("sum", dimsIn, x.dim());
    DType outType = x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
    Tensor y = reduceRaw(ReduceOp.SUM, x, dims, keepdim, outType);
    if (!Autograd.needed(x)) return y;
    int[] shape = x.shape;
    return Autograd.record(y, "SumBackward" + (dimsIn.length == 0 ? "0" : "1"), g -> new Tensor[] {unreduce(g, shape, dims, keepdim)}, x);
  }

  static int count(int[] shape, int[] dims) {
    int n = 1;
    for (int d : dims) n *= shape[d];
    return n;
  }

  static Tensor mean(Tensor x, int[] dimsIn, boolean keepdim) {
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException("mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: " + x.dtype().torchName());
    }
    int[] dims = Ops.dims("mean", dimsIn, x.dim());
    int n = count(x.shape, dims);
    Tensor y = reduceRaw(ReduceOp.SUM, x, dims, keepdim, x.dtype());
    y.backend.binaryScalar(dev.fathom.spi.BinaryOp.DIV, y.data, n, y.data);
    if (!Autograd.needed(x)) return y;
    int[] shape = x.shape;
    return Autograd.record(y, "MeanBackward" + (dimsIn.length == 0 ? "0" : "1"), g -> new Tensor[] {unreduce(g.div((double) n), shape, dims, keepdim)}, x);
  }

  static Tensor var(Tensor x, int[] dimsIn, boolean unbiased, boolean keepdim) {
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException("var(): expected a floating point input, got " + x.dtype().torchName());
    }
    int[] dims = Ops.dims("var", dimsIn, x.dim());
    int n = count(x.shape, dims);
    Tensor centered = x.sub(mean(x, dims, true));
    return sum(centered.square(), dims, keepdim).div((double) Math.max(n - (unbiased ? 1 : 0), 0));
  }

  static Tensor prod(Tensor x, int[] dimsIn, boolean keepdim) {
    int[] dims = Ops.dims("prod", dimsIn, x.dim());
    DType outType = x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
    Tensor xi = x.dtype() == outType ? x : x.to(outType);
    Tensor y = reduceRaw(ReduceOp.PROD, xi, dims, keepdim, outType);
    if (!Autograd.needed(x)) return y;
    int[] shape = x.shape;
    Tensor xd = x.detach(), yd = y.detach();
    return Autograd.record(y, "ProdBackward" + (dimsIn.length == 0 ? "0" : "1"), g -> {
      Tensor isZero = xd.eq(0.0);
      if (!isZero.any().toBooleanArray()[0]) return new Tensor[] {unreduce(g.mul(yd), shape, dims, keepdim).div(xd)};
      // With zeros, d(prod)/dx_i is the product of the others: non-zero only where x_i is the single zero.
      Tensor zeros = sum(isZero, dims, true);
      Tensor others = reduceRaw(ReduceOp.PROD, Tensor.where(isZero, Tensor.onesLike(xd), xd), dims, true, xd.dtype());
      Tensor gk = keepdim ? g : g.reshape(Ops.toLongs(reducedShape(shape, dims, true)));
      Tensor onlyZero = isZero.logicalAnd(zeros.eq(1.0));
      Tensor noZero = zeros.eq(0.0).expand(Ops.toLongs(shape));
      Tensor full = gk.mul(others).expand(Ops.toLongs(shape));
      Tensor grad = Tensor.where(onlyZero, full, Tensor.where(noZero, unreduce(g.mul(yd), shape, dims, keepdim).div(xd), 0.0));
      return new Tensor[] {grad};
    }, x);
  }

  /** max()/min() over everything; the gradient is shared evenly among tied extremes, as PyTorch. */
  static Tensor maxAll(Tensor x, boolean max) {
    if (x.numel() == 0) {
      throw new IllegalArgumentException((max ? "max" : "min") + "(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
    }
    return amax(x, new int[0], false, max);
  }

  static Tensor amax(Tensor x, int[] dimsIn, boolean keepdim, boolean max) {
    int[] dims = Ops.dims(max ? "amax" : "amin", dimsIn, x.dim());
    Tensor y = reduceRaw(max ? ReduceOp.MAX : ReduceOp.MIN, x, dims, keepdim, x.dtype());
    if (!Autograd.needed(x)) return y;
    int[] shape = x.shape;
    Tensor xd = x.detach(), yd = y.detach();
    String name = dimsIn.length == 0 ? (max ? "MaxBackward1" : "MinBackward1") : (max ? "AmaxBackward0" : "AminBackward0");
    return Autograd.record(y, name, g -> {
      Tensor hit = xd.eq(unreduce(yd, shape, dims, keepdim)).to(g.dtype());
      Tensor countHits = sum(hit, dims, true);
      Tensor share = unreduce(g, shape, dims, keepdim).mul(hit).div(countHits);
      return new Tensor[] {share};
    }, x);
  }

  static ValuesIndices maxDim(Tensor x, int dimIn, boolean keepdim, boolean max) {
    int dim = Ops.dim(max ? "max" : "min", dimIn, x.dim());
    if (x.dim() > 0 && x.shape[dim] == 0) {
      throw new IllegalArgumentException((max ? "max" : "min") + "(): Expected reduction dim " + dim + " to have non-zero size.");
    }
    int[] dims = x.dim() == 0 ? new int[0] : new int[] {dim};
    Tensor idx = x.dim() == 0 ? Tensor.zeros(DType.INT64) : reduceRaw(max ? ReduceOp.ARGMAX : ReduceOp.ARGMIN, x, dims, true, DType.INT64);
    Tensor values = x.dim() == 0 ? x.detach().materialize() : x.detach().gather(dim, idx);
    Tensor vOut = keepdim || x.dim() == 0 ? values : values.squeeze(dim);
    Tensor iOut = keepdim || x.dim() == 0 ? idx : idx.squeeze(dim);
    vOut = vOut.detach();
    if (Autograd.needed(x)) {
      int[] shape = x.shape;
      Tensor keptIdx = idx;
      Tensor target = vOut;
      Autograd.record(target, max ? "MaxBackward0" : "MinBackward0", g -> {
        Tensor gk = keepdim || shape.length == 0 ? g : g.unsqueeze(dim);
        if (shape.length == 0) return new Tensor[] {gk};
        Tensor z = Ops.empty(gk, gk.dtype(), shape.clone());
        z.backend.scatterAdd(gk.data, dim, keptIdx.data, z.data);
        return new Tensor[] {z};
      }, x);
    }
    return new ValuesIndices(vOut, iOut.detach());
  }

  static Tensor arg(Tensor x, Integer dimIn, boolean keepdim, boolean max) {
    String op = max ? "argmax" : "argmin";
    if (dimIn == null) {
      if (x.numel() == 0) throw new IllegalArgumentException(op + "(): Expected reduction dim to be specified for input.numel() == 0.");
      Tensor flat = x.reshape(-1);
      return reduceRaw(max ? ReduceOp.ARGMAX : ReduceOp.ARGMIN, flat, new int[] {0}, false, DType.INT64);
    }
    int dim = Ops.dim(op, dimIn, x.dim());
    if (x.dim() == 0) return Tensor.zeros(DType.INT64);
    if (x.shape[dim] == 0) throw new IllegalArgumentException(op + "(): Expected reduction dim " + dim + " to have non-zero size.");
    return reduceRaw(max ? ReduceOp.ARGMAX : ReduceOp.ARGMIN, x, new int[] {dim}, keepdim, DType.INT64);
  }

  static Tensor logical(Tensor x, boolean any) {
    return logical(x, new int[0], any);
  }

  static Tensor logical(Tensor x, int[] dims, boolean any) {
    Tensor b = x.dtype() == DType.BOOL ? x : x.ne(0.0);
    return reduceRaw(any ? ReduceOp.ANY : ReduceOp.ALL, b, Ops.dims(any ? "any" : "all", dims, b.dim()), false, DType.BOOL);
  }

  static Tensor logsumexp(Tensor x, int[] dimsIn, boolean keepdim) {
    int[] dims = Ops.dims("logsumexp", dimsIn, x.dim());
    Tensor m = amax(x.detach(), dims, true, true);
    Tensor safe = Tensor.where(m.isnan().logicalOr(m.abs().eq(Double.POSITIVE_INFINITY)), Tensor.zerosLike(m), m);
    Tensor s = x.sub(safe).exp().sum(dims, true).log().add(safe);
    return keepdim ? s : s.reshape(Ops.toLongs(reducedShape(x.shape, dims, false)));
  }

  static Tensor cumsum(Tensor x, int dimIn) {
    int dim = Ops.dim("cumsum", dimIn, x.dim());
    DType outType = x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
    Tensor xi = x.dtype() == outType ? x : x.to(outType);
    Tensor y = Ops.empty(x, outType, x.shape.clone());
    if (x.dim() == 0) x.backend.copy(xi.data, y.data);
    else x.backend.cumsum(xi.data, dim, y.data);
    if (!Autograd.needed(x)) return y;
    return Autograd.record(y, "CumsumBackward0", g -> {
      if (g.dim() == 0) return new Tensor[] {g};
      Tensor total = g.sum(dim, true);
      return new Tensor[] {total.sub(cumsum(g, dim)).add(g)};
    }, x);
  }

  static Tensor softmax(Tensor x, int dimIn, boolean log) {
    if (!x.dtype().isFloatingPoint()) x = x.to(DType.FLOAT32);
    int dim = Ops.dim(log ? "log_softmax" : "softmax", dimIn, x.dim());
    Tensor y = Ops.empty(x, x.dtype(), x.shape.clone());
    if (x.dim() == 0) {
      y.backend.fill(y.data, log ? 0 : 1);
    } else if (x.numel() > 0) {
      x.backend.softmax(x.data, dim, log, y.data);
    }
    if (!Autograd.needed(x)) return y;
    Tensor yd = y.detach();
    if (log) {
      return Autograd.record(y, "LogSoftmaxBackward0", g -> new Tensor[] {g.sub(yd.exp().mul(g.sum(dim, true)))}, x);
    }
    return Autograd.record(y, "SoftmaxBackward0", g -> new Tensor[] {yd.mul(g.sub(g.mul(yd).sum(dim, true)))}, x);
  }

  static int[] all(int rank) {
    int[] d = new int[rank];
    Arrays.setAll(d, i -> i);
    return d;
  }
}
