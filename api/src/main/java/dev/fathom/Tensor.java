package dev.fathom;

import dev.fathom.autograd.GradMode;
import dev.fathom.autograd.Node;
import dev.fathom.spi.Backend;
import dev.fathom.spi.Backends;
import dev.fathom.spi.BinaryOp;
import dev.fathom.spi.Conv2dParams;
import dev.fathom.spi.Pool2dParams;
import dev.fathom.spi.UnaryOp;
import dev.fathom.spi.View;
import java.util.List;

/**
 * An n-dimensional array with autograd, as {@code torch.Tensor}: a strided view on a backend's
 * storage, plus the gradient bookkeeping ({@link #requiresGrad()}, {@link #grad()},
 * {@link #gradFn()}).
 *
 * <p>Names follow PyTorch in camelCase ({@code logSoftmax}, {@code indexSelect}); in-place variants
 * end in an underscore as in PyTorch ({@code add_}, {@code zero_}). View ops ({@code reshape} when
 * possible, {@code view}, {@code transpose}, {@code permute}, {@code slice}, {@code select},
 * {@code expand}, {@code squeeze}, {@code unsqueeze}) share storage with their source.
 *
 * <pre>{@code
 * Tensor w = Tensor.randn(3, 2).requiresGrad(true);   // shape [3, 2]
 * Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 3);  // shape [1, 3]
 * Tensor loss = x.matmul(w).relu().sum();            // 0-d
 * loss.backward();
 * System.out.println(w.grad());                      // shape [3, 2]
 * }</pre>
 */
public final class Tensor {
  final View data;
  final Backend backend;
  final Device device;
  final int[] shape;
  boolean requiresGrad;
  boolean retainsGrad;
  Tensor grad;
  Node gradFn;

  Tensor(View data, Backend backend, Device device) {
    this.data = data;
    this.backend = backend;
    this.device = device;
    this.shape = data.shape();
  }

  // ---- factories (see Creation) -------------------------------------------------------------

  /** A FLOAT32 tensor holding a copy of {@code data} with the given shape (1-d when no shape is given). */
  public static Tensor of(float[] data, long... shape) { return Creation.of(DType.FLOAT32, data.clone(), data.length, shape); }

  /** A FLOAT64 tensor holding a copy of {@code data}. */
  public static Tensor of(double[] data, long... shape) { return Creation.of(DType.FLOAT64, data.clone(), data.length, shape); }

  /** An INT64 tensor holding a copy of {@code data}. */
  public static Tensor of(long[] data, long... shape) { return Creation.of(DType.INT64, data.clone(), data.length, shape); }

  /** An INT32 tensor holding a copy of {@code data}. */
  public static Tensor of(int[] data, long... shape) { return Creation.of(DType.INT32, data.clone(), data.length, shape); }

  /** A BOOL tensor holding a copy of {@code data}. */
  public static Tensor of(boolean[] data, long... shape) { return Creation.ofBooleans(data, shape); }

  /** A UINT8 tensor holding a copy of {@code data} (bytes read as unsigned). */
  public static Tensor ofUint8(byte[] data, long... shape) { return Creation.of(DType.UINT8, data.clone(), data.length, shape); }

  /** A 0-d FLOAT32 tensor, as {@code torch.tensor(3.5)}. */
  public static Tensor scalar(double value) { return Creation.full(DType.FLOAT32, value, new long[0]); }

  /** A 0-d tensor of the given dtype. */
  public static Tensor scalar(double value, DType dtype) { return Creation.full(dtype, value, new long[0]); }

  public static Tensor zeros(long... shape) { return Creation.full(DType.FLOAT32, 0, shape); }

  public static Tensor zeros(DType dtype, long... shape) { return Creation.full(dtype, 0, shape); }

  public static Tensor ones(long... shape) { return Creation.full(DType.FLOAT32, 1, shape); }

  public static Tensor ones(DType dtype, long... shape) { return Creation.full(dtype, 1, shape); }

  /** A tensor filled with {@code value}; FLOAT32, as {@code torch.full(shape, 2.0)}. */
  public static Tensor full(double value, long... shape) { return Creation.full(DType.FLOAT32, value, shape); }

  public static Tensor full(DType dtype, double value, long... shape) { return Creation.full(dtype, value, shape); }

  /** Uniform on [0, 1) from the global generator (see {@link Fathom#manualSeed}). */
  public static Tensor rand(long... shape) { return Creation.random(Generator.global(), DType.FLOAT32, dev.fathom.spi.Distribution.UNIFORM, 0, 1, shape); }

  /** Standard normal from the global generator. */
  public static Tensor randn(long... shape) { return Creation.random(Generator.global(), DType.FLOAT32, dev.fathom.spi.Distribution.NORMAL, 0, 1, shape); }

  /** Uniform on [0, 1) from {@code generator}. */
  public static Tensor rand(Generator generator, long... shape) { return Creation.random(generator, DType.FLOAT32, dev.fathom.spi.Distribution.UNIFORM, 0, 1, shape); }

  /** Standard normal from {@code generator}. */
  public static Tensor randn(Generator generator, long... shape) { return Creation.random(generator, DType.FLOAT32, dev.fathom.spi.Distribution.NORMAL, 0, 1, shape); }

  /** INT64 integers uniform on [low, high), as {@code torch.randint}. */
  public static Tensor randint(long low, long high, long... shape) { return Creation.randint(Generator.global(), low, high, shape); }

  /** A random permutation of 0..n-1 (INT64), as {@code torch.randperm}. */
  public static Tensor randperm(long n) { return Creation.randperm(Generator.global(), n); }

  /** A random permutation of 0..n-1 (INT64) from {@code generator}. */
  public static Tensor randperm(Generator generator, long n) { return Creation.randperm(generator, n); }

  /** INT64 {@code 0, 1, ..., end-1}. */
  public static Tensor arange(long end) { return Creation.arange(0, end, 1, DType.INT64); }

  /** INT64 {@code start, start+step, ...} below {@code end}. */
  public static Tensor arange(long start, long end, long step) { return Creation.arange(start, end, step, DType.INT64); }

  /** FLOAT32 {@code start, start+step, ...} below {@code end}. */
  public static Tensor arange(double start, double end, double step) { return Creation.arange(start, end, step, DType.FLOAT32); }

  /** {@code steps} FLOAT32 values evenly spaced from start to end inclusive. */
  public static Tensor linspace(double start, double end, long steps) { return Creation.linspace(start, end, steps); }

  /** The n x n FLOAT32 identity. */
  public static Tensor eye(long n) { return Creation.eye(n, n); }

  public static Tensor eye(long n, long m) { return Creation.eye(n, m); }

  public static Tensor zerosLike(Tensor t) { return Ops.empty(t, t.dtype(), t.shape.clone()); }

  public static Tensor onesLike(Tensor t) { return fullLike(t, 1); }

  public static Tensor fullLike(Tensor t, double value) {
    Tensor out = Ops.empty(t, t.dtype(), t.shape.clone());
    out.backend.fill(out.data, value);
    return out;
  }

  public static Tensor randLike(Tensor t) { return Creation.random(Generator.global(), t.dtype(), dev.fathom.spi.Distribution.UNIFORM, 0, 1, Ops.toLongs(t.shape)).to(t.device); }

  public static Tensor randnLike(Tensor t) { return Creation.random(Generator.global(), t.dtype(), dev.fathom.spi.Distribution.NORMAL, 0, 1, Ops.toLongs(t.shape)).to(t.device); }

  // ---- accessors ----------------------------------------------------------------------------

  /** The sizes, as {@code tensor.shape}; a fresh array. */
  public long[] shape() { return Ops.toLongs(shape); }

  /** The sizes as ints; a fresh array. */
  public int[] shapeInts() { return shape.clone(); }

  public int dim() { return shape.length; }

  /** Size of dim {@code d} (negative counts from the end). */
  public long size(int d) { return shape[Ops.dim("size", d, shape.length)]; }

  public long numel() { return data.numel(); }

  public DType dtype() { return data.dtype(); }

  public Device device() { return device; }

  /** Strides in elements, as {@code tensor.stride()}. */
  public long[] stride() { return Ops.toLongs(data.strides()); }

  public boolean isContiguous() { return data.isContiguous(); }

  /** The backend view, for backends and library code. */
  public View view() { return data; }

  /** The backend computing this tensor's ops. */
  public Backend backend() { return backend; }

  /** The single value of a one-element tensor, as {@code tensor.item()}. */
  public double item() { return Creation.item(this); }

  /** The single value of a one-element integer tensor. */
  public long longItem() { return Creation.longItem(this); }

  /** The elements in row-major order, converted to float. */
  public float[] toFloatArray() { return (float[]) Creation.toArray(this, DType.FLOAT32); }

  public double[] toDoubleArray() { return (double[]) Creation.toArray(this, DType.FLOAT64); }

  public long[] toLongArray() { return (long[]) Creation.toArray(this, DType.INT64); }

  public int[] toIntArray() { return (int[]) Creation.toArray(this, DType.INT32); }

  public boolean[] toBooleanArray() { return Creation.toBooleans(this); }

  // ---- autograd -----------------------------------------------------------------------------

  public boolean requiresGrad() { return requiresGrad; }

  /** Sets whether gradients are recorded for this leaf, as {@code requires_grad_()}; returns this. */
  public Tensor requiresGrad(boolean requires) {
    if (gradFn != null && !requires) {
      throw new IllegalStateException("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use detach()");
    }
    if (requires && !dtype().isFloatingPoint()) {
      throw new IllegalArgumentException("only Tensors of floating point dtype can require gradients (got " + dtype().torchName() + ")");
    }
    requiresGrad = requires;
    return this;
  }

  /** The accumulated gradient, or null. */
  public Tensor grad() { return grad; }

  /** Replaces the gradient ({@code tensor.grad = g}); null clears it. */
  public void setGrad(Tensor g) {
    if (g != null && !java.util.Arrays.equals(g.shape, shape)) {
      throw new IllegalArgumentException("assigned grad has data of a different size: " + dev.fathom.spi.Shapes.str(g.shape) + " vs " + dev.fathom.spi.Shapes.str(shape));
    }
    grad = g;
  }

  /** The node that made this tensor, or null for a leaf. */
  public Node gradFn() { return gradFn; }

  public boolean isLeaf() { return gradFn == null; }

  /** Keeps the gradient of this non-leaf tensor after backward, as {@code retain_grad()}. */
  public Tensor retainGrad() {
    if (gradFn != null) retainsGrad = true;
    return this;
  }

  /** Computes the gradient of this scalar with respect to the graph's leaves. */
  public void backward() { Autograd.backward(this, null, false); }

  /** Backward with an explicit upstream gradient of this tensor's shape. */
  public void backward(Tensor gradient) { Autograd.backward(this, gradient, false); }

  /** Backward keeping the graph for another backward when {@code retainGraph}. */
  public void backward(Tensor gradient, boolean retainGraph) { Autograd.backward(this, gradient, retainGraph); }

  /** The same data, cut from the graph. */
  public Tensor detach() { return new Tensor(data, backend, device); }

  // ---- conversion ---------------------------------------------------------------------------

  /** This tensor in {@code dtype} (this tensor itself when it already is). */
  public Tensor to(DType dtype) { return Pointwise.cast(this, dtype); }

  /** This tensor on {@code device} (this tensor itself when it already is). */
  public Tensor to(Device target) { return Creation.toDevice(this, target); }

  /** A contiguous tensor with the same values (this when already contiguous). */
  public Tensor contiguous() { return data.isContiguous() ? this : Pointwise.cloneOp(this, "CloneBackward0"); }

  /** A copy that owns its storage, with gradient flowing back, as {@code clone()}. */
  public Tensor clone() { return Pointwise.cloneOp(this, "CloneBackward0"); }

  /** A detached contiguous copy (used for gradients). */
  Tensor materialize() {
    Tensor out = Ops.empty(this, dtype(), shape.clone());
    if (out.data.numel() > 0) backend.copy(data, out.data);
    return out;
  }

  // ---- elementwise (see Pointwise) ----------------------------------------------------------

  public Tensor add(Tensor other) { return Pointwise.add(this, other, 1); }

  /** {@code this + alpha * other}. */
  public Tensor add(Tensor other, double alpha) { return Pointwise.add(this, other, alpha); }

  public Tensor add(double other) { return Pointwise.scalar(BinaryOp.ADD, this, other, false); }

  public Tensor add(long other) { return Pointwise.scalar(BinaryOp.ADD, this, other, true); }

  public Tensor sub(Tensor other) { return Pointwise.add(this, other, -1); }

  public Tensor sub(Tensor other, double alpha) { return Pointwise.add(this, other, -alpha); }

  public Tensor sub(double other) { return Pointwise.scalar(BinaryOp.SUB, this, other, false); }

  public Tensor sub(long other) { return Pointwise.scalar(BinaryOp.SUB, this, other, true); }

  /** {@code other - this}, as {@code torch.rsub}. */
  public Tensor rsub(double other) { return neg().add(other); }

  public Tensor mul(Tensor other) { return Pointwise.binary(BinaryOp.MUL, this, other); }

  public Tensor mul(double other) { return Pointwise.scalar(BinaryOp.MUL, this, other, false); }

  public Tensor mul(long other) { return Pointwise.scalar(BinaryOp.MUL, this, other, true); }

  /** True division; integer inputs give FLOAT32, as {@code torch.div}. */
  public Tensor div(Tensor other) { return Pointwise.binary(BinaryOp.DIV, this, other); }

  public Tensor div(double other) { return Pointwise.scalar(BinaryOp.DIV, this, other, false); }

  public Tensor pow(Tensor exponent) { return Pointwise.binary(BinaryOp.POW, this, exponent); }

  public Tensor pow(double exponent) { return Pointwise.scalar(BinaryOp.POW, this, exponent, false); }

  public Tensor maximum(Tensor other) { return Pointwise.binary(BinaryOp.MAXIMUM, this, other); }

  public Tensor minimum(Tensor other) { return Pointwise.binary(BinaryOp.MINIMUM, this, other); }

  /** Python-style remainder (sign of the divisor), as {@code torch.remainder}. */
  public Tensor remainder(Tensor other) { return Pointwise.binary(BinaryOp.REMAINDER, this, other); }

  public Tensor remainder(double other) { return Pointwise.scalar(BinaryOp.REMAINDER, this, other, false); }

  public Tensor eq(Tensor other) { return Pointwise.binary(BinaryOp.EQ, this, other); }

  public Tensor eq(double other) { return Pointwise.scalar(BinaryOp.EQ, this, other, false); }

  public Tensor ne(Tensor other) { return Pointwise.binary(BinaryOp.NE, this, other); }

  public Tensor ne(double other) { return Pointwise.scalar(BinaryOp.NE, this, other, false); }

  public Tensor gt(Tensor other) { return Pointwise.binary(BinaryOp.GT, this, other); }

  public Tensor gt(double other) { return Pointwise.scalar(BinaryOp.GT, this, other, false); }

  public Tensor ge(Tensor other) { return Pointwise.binary(BinaryOp.GE, this, other); }

  public Tensor ge(double other) { return Pointwise.scalar(BinaryOp.GE, this, other, false); }

  public Tensor lt(Tensor other) { return Pointwise.binary(BinaryOp.LT, this, other); }

  public Tensor lt(double other) { return Pointwise.scalar(BinaryOp.LT, this, other, false); }

  public Tensor le(Tensor other) { return Pointwise.binary(BinaryOp.LE, this, other); }

  public Tensor le(double other) { return Pointwise.scalar(BinaryOp.LE, this, other, false); }

  public Tensor logicalAnd(Tensor other) { return Pointwise.binary(BinaryOp.LOGICAL_AND, this, other); }

  public Tensor logicalOr(Tensor other) { return Pointwise.binary(BinaryOp.LOGICAL_OR, this, other); }

  public Tensor logicalNot() { return Pointwise.unary(UnaryOp.LOGICAL_NOT, this, 0, 0); }

  public Tensor isnan() { return Pointwise.unary(UnaryOp.ISNAN, this, 0, 0); }

  public Tensor neg() { return Pointwise.unary(UnaryOp.NEG, this, 0, 0); }

  public Tensor exp() { return Pointwise.unary(UnaryOp.EXP, this, 0, 0); }

  public Tensor log() { return Pointwise.unary(UnaryOp.LOG, this, 0, 0); }

  public Tensor log1p() { return Pointwise.unary(UnaryOp.LOG1P, this, 0, 0); }

  public Tensor expm1() { return Pointwise.unary(UnaryOp.EXPM1, this, 0, 0); }

  public Tensor sqrt() { return Pointwise.unary(UnaryOp.SQRT, this, 0, 0); }

  public Tensor rsqrt() { return Pointwise.unary(UnaryOp.RSQRT, this, 0, 0); }

  public Tensor reciprocal() { return Pointwise.unary(UnaryOp.RECIPROCAL, this, 0, 0); }

  public Tensor square() { return Pointwise.unary(UnaryOp.SQUARE, this, 0, 0); }

  public Tensor abs() { return Pointwise.unary(UnaryOp.ABS, this, 0, 0); }

  public Tensor sign() { return Pointwise.unary(UnaryOp.SIGN, this, 0, 0); }

  public Tensor sin() { return Pointwise.unary(UnaryOp.SIN, this, 0, 0); }

  public Tensor cos() { return Pointwise.unary(UnaryOp.COS, this, 0, 0); }

  public Tensor floor() { return Pointwise.unary(UnaryOp.FLOOR, this, 0, 0); }

  public Tensor ceil() { return Pointwise.unary(UnaryOp.CEIL, this, 0, 0); }

  /** Rounds half to even, as {@code torch.round}. */
  public Tensor round() { return Pointwise.unary(UnaryOp.ROUND, this, 0, 0); }

  public Tensor trunc() { return Pointwise.unary(UnaryOp.TRUNC, this, 0, 0); }

  public Tensor relu() { return Pointwise.unary(UnaryOp.RELU, this, 0, 0); }

  public Tensor sigmoid() { return Pointwise.unary(UnaryOp.SIGMOID, this, 0, 0); }

  public Tensor tanh() { return Pointwise.unary(UnaryOp.TANH, this, 0, 0); }

  /** {@code x > 0 ? x : negativeSlope * x}; PyTorch's default slope is 0.01. */
  public Tensor leakyRelu(double negativeSlope) { return Pointwise.unary(UnaryOp.LEAKY_RELU, this, negativeSlope, 0); }

  public Tensor leakyRelu() { return leakyRelu(0.01); }

  /** Clamps to [min, max]; pass {@code Double.NaN} for a missing bound. */
  public Tensor clamp(double min, double max) { return Pointwise.unary(UnaryOp.CLAMP, this, min, max); }

  public Tensor clampMin(double min) { return clamp(min, Double.NaN); }

  public Tensor clampMax(double max) { return clamp(Double.NaN, max); }

  /** {@code cond ? x : y} with broadcasting, as {@code torch.where}. */
  public static Tensor where(Tensor condition, Tensor x, Tensor y) { return Pointwise.where(condition, x, y); }

  /** {@code cond ? x : y} with a scalar {@code y}. */
  public static Tensor where(Tensor condition, Tensor x, double y) { return Pointwise.where(condition, x, scalar(y, x.dtype()).to(x.device)); }

  /** Elements where {@code mask} is true replaced by {@code value}, as {@code masked_fill}. */
  public Tensor maskedFill(Tensor mask, double value) { return Pointwise.maskedFill(this, mask, value); }

  /** {@code this + value * t1 * t2} in one pass, as {@code torch.addcmul}. */
  public Tensor addcmul(Tensor t1, Tensor t2, double value) { return Pointwise.ternary(dev.fathom.spi.TernaryOp.ADDCMUL, this, t1, t2, value); }

  /** {@code this + value * t1 / t2} in one pass, as {@code torch.addcdiv}. */
  public Tensor addcdiv(Tensor t1, Tensor t2, double value) { return Pointwise.ternary(dev.fathom.spi.TernaryOp.ADDCDIV, this, t1, t2, value); }

  /** {@code this + weight * (end - this)}, as {@code torch.lerp} with a scalar weight. */
  public Tensor lerp(Tensor end, double weight) { return Pointwise.ternary(dev.fathom.spi.TernaryOp.LERP, this, end, end, weight); }

  // ---- in-place (trailing underscore, as PyTorch) -------------------------------------------

  public Tensor addcmul_(Tensor t1, Tensor t2, double value) { return InPlace.ternary(this, dev.fathom.spi.TernaryOp.ADDCMUL, t1, t2, value); }

  public Tensor addcdiv_(Tensor t1, Tensor t2, double value) { return InPlace.ternary(this, dev.fathom.spi.TernaryOp.ADDCDIV, t1, t2, value); }

  public Tensor lerp_(Tensor end, double weight) { return InPlace.ternary(this, dev.fathom.spi.TernaryOp.LERP, end, end, weight); }


  public Tensor add_(Tensor other) { return InPlace.binary(this, BinaryOp.ADD, other, 1); }

  /** {@code this += alpha * other}. */
  public Tensor add_(Tensor other, double alpha) { return InPlace.binary(this, BinaryOp.ADD, other, alpha); }

  public Tensor add_(double other) { return InPlace.scalar(this, BinaryOp.ADD, other); }

  public Tensor sub_(Tensor other) { return InPlace.binary(this, BinaryOp.ADD, other, -1); }

  public Tensor sub_(double other) { return InPlace.scalar(this, BinaryOp.SUB, other); }

  public Tensor mul_(Tensor other) { return InPlace.binary(this, BinaryOp.MUL, other, 1); }

  public Tensor mul_(double other) { return InPlace.scalar(this, BinaryOp.MUL, other); }

  public Tensor div_(Tensor other) { return InPlace.binary(this, BinaryOp.DIV, other, 1); }

  public Tensor div_(double other) { return InPlace.scalar(this, BinaryOp.DIV, other); }

  public Tensor pow_(double exponent) { return InPlace.scalar(this, BinaryOp.POW, exponent); }

  public Tensor clamp_(double min, double max) { return InPlace.unary(this, UnaryOp.CLAMP, min, max); }

  public Tensor relu_() { return InPlace.unary(this, UnaryOp.RELU, 0, 0); }

  public Tensor sqrt_() { return InPlace.unary(this, UnaryOp.SQRT, 0, 0); }

  public Tensor neg_() { return InPlace.unary(this, UnaryOp.NEG, 0, 0); }

  public Tensor exp_() { return InPlace.unary(this, UnaryOp.EXP, 0, 0); }

  public Tensor fill_(double value) { return InPlace.fill(this, value); }

  public Tensor zero_() { return InPlace.fill(this, 0); }

  /** Copies {@code src} (broadcast and cast to this tensor's shape and dtype) into this tensor. */
  public Tensor copy_(Tensor src) { return InPlace.copy(this, src); }

  public Tensor maskedFill_(Tensor mask, double value) { return InPlace.maskedFill(this, mask, value); }

  /** Fills with uniform values on [from, to) from the global generator. */
  public Tensor uniform_(double from, double to) { return InPlace.random(this, dev.fathom.spi.Distribution.UNIFORM, from, to, Generator.global()); }

  public Tensor uniform_(double from, double to, Generator generator) { return InPlace.random(this, dev.fathom.spi.Distribution.UNIFORM, from, to, generator); }

  /** Fills with normal values from the global generator. */
  public Tensor normal_(double mean, double std) { return InPlace.random(this, dev.fathom.spi.Distribution.NORMAL, mean, std, Generator.global()); }

  public Tensor normal_(double mean, double std, Generator generator) { return InPlace.random(this, dev.fathom.spi.Distribution.NORMAL, mean, std, generator); }

  /** Fills with 1 with probability p, else 0. */
  public Tensor bernoulli_(double p) { return InPlace.random(this, dev.fathom.spi.Distribution.BERNOULLI, p, 0, Generator.global()); }

  public Tensor bernoulli_(double p, Generator generator) { return InPlace.random(this, dev.fathom.spi.Distribution.BERNOULLI, p, 0, generator); }

  // ---- reductions (see Reductions) ----------------------------------------------------------

  /** Sum of all elements (integers and bools sum to INT64). */
  public Tensor sum() { return Reductions.sum(this, new int[0], false); }

  public Tensor sum(int dim) { return Reductions.sum(this, new int[] {dim}, false); }

  public Tensor sum(int dim, boolean keepdim) { return Reductions.sum(this, new int[] {dim}, keepdim); }

  public Tensor sum(int[] dims, boolean keepdim) { return Reductions.sum(this, dims, keepdim); }

  public Tensor mean() { return Reductions.mean(this, new int[0], false); }

  public Tensor mean(int dim) { return Reductions.mean(this, new int[] {dim}, false); }

  public Tensor mean(int dim, boolean keepdim) { return Reductions.mean(this, new int[] {dim}, keepdim); }

  public Tensor mean(int[] dims, boolean keepdim) { return Reductions.mean(this, dims, keepdim); }

  /** Unbiased variance of all elements. */
  public Tensor var() { return Reductions.var(this, new int[0], true, false); }

  public Tensor var(int dim) { return Reductions.var(this, new int[] {dim}, true, false); }

  public Tensor var(int[] dims, boolean unbiased, boolean keepdim) { return Reductions.var(this, dims, unbiased, keepdim); }

  public Tensor std() { return var().sqrt(); }

  public Tensor std(int dim) { return var(dim).sqrt(); }

  public Tensor std(int[] dims, boolean unbiased, boolean keepdim) { return var(dims, unbiased, keepdim).sqrt(); }

  public Tensor prod() { return Reductions.prod(this, new int[0], false); }

  public Tensor prod(int dim, boolean keepdim) { return Reductions.prod(this, new int[] {dim}, keepdim); }

  /** Largest element (0-d). */
  public Tensor max() { return Reductions.maxAll(this, true); }

  /** Largest elements along {@code dim} and their indices. */
  public ValuesIndices max(int dim) { return Reductions.maxDim(this, dim, false, true); }

  public ValuesIndices max(int dim, boolean keepdim) { return Reductions.maxDim(this, dim, keepdim, true); }

  public Tensor min() { return Reductions.maxAll(this, false); }

  public ValuesIndices min(int dim) { return Reductions.maxDim(this, dim, false, false); }

  public ValuesIndices min(int dim, boolean keepdim) { return Reductions.maxDim(this, dim, keepdim, false); }

  /** Max over dims keeping every maximal element's gradient share, as {@code amax}. */
  public Tensor amax(int[] dims, boolean keepdim) { return Reductions.amax(this, dims, keepdim, true); }

  public Tensor amin(int[] dims, boolean keepdim) { return Reductions.amax(this, dims, keepdim, false); }

  /** Index of the largest element of the flattened tensor (INT64, 0-d). */
  public Tensor argmax() { return Reductions.arg(this, null, false, true); }

  public Tensor argmax(int dim) { return Reductions.arg(this, dim, false, true); }

  public Tensor argmax(int dim, boolean keepdim) { return Reductions.arg(this, dim, keepdim, true); }

  public Tensor argmin() { return Reductions.arg(this, null, false, false); }

  public Tensor argmin(int dim) { return Reductions.arg(this, dim, false, false); }

  public Tensor argmin(int dim, boolean keepdim) { return Reductions.arg(this, dim, keepdim, false); }

  public Tensor any() { return Reductions.logical(this, true); }

  public Tensor all() { return Reductions.logical(this, false); }

  /** Whether any element along {@code dim} is true (non-zero); BOOL. */
  public Tensor any(int dim) { return Reductions.logical(this, new int[] {dim}, true); }

  /** Whether every element along {@code dim} is true (non-zero); BOOL. */
  public Tensor all(int dim) { return Reductions.logical(this, new int[] {dim}, false); }

  /** {@code log(sum(exp(x)))} along {@code dim}, computed stably. */
  public Tensor logsumexp(int dim, boolean keepdim) { return Reductions.logsumexp(this, new int[] {dim}, keepdim); }

  public Tensor logsumexp(int[] dims, boolean keepdim) { return Reductions.logsumexp(this, dims, keepdim); }

  public Tensor cumsum(int dim) { return Reductions.cumsum(this, dim); }

  public Tensor softmax(int dim) { return Reductions.softmax(this, dim, false); }

  public Tensor logSoftmax(int dim) { return Reductions.softmax(this, dim, true); }

  // ---- linear algebra (see LinAlg) ----------------------------------------------------------

  /** {@code torch.matmul}: dot, matrix-vector, matrix-matrix and broadcast batched products. */
  public Tensor matmul(Tensor other) { return LinAlg.matmul(this, other); }

  /** 2-d matrix product. */
  public Tensor mm(Tensor other) { return LinAlg.mm(this, other); }

  /** 3-d batched matrix product with equal batch sizes. */
  public Tensor bmm(Tensor other) { return LinAlg.bmm(this, other); }

  // ---- views and shape (see Shaping) --------------------------------------------------------

  /** Same data with a new shape (one size may be -1); a view when the strides allow, else a copy. */
  public Tensor reshape(long... newShape) { return Shaping.reshape(this, newShape, false); }

  /** A view with a new shape; fails when the strides do not allow one, as {@code view}. */
  public Tensor view(long... newShape) { return Shaping.reshape(this, newShape, true); }

  public Tensor transpose(int dim0, int dim1) { return Shaping.transpose(this, dim0, dim1); }

  /** Transpose of a tensor of at most 2 dims, as {@code t()}. */
  public Tensor t() { return Shaping.t(this); }

  public Tensor permute(int... dims) { return Shaping.permute(this, dims); }

  /** Elements {@code start, start+step, ...} below {@code end} along dim, as {@code x[start:end:step]}. */
  public Tensor slice(int dim, long start, long end, long step) { return Shaping.slice(this, dim, start, end, step); }

  public Tensor slice(int dim, long start, long end) { return Shaping.slice(this, dim, start, end, 1); }

  /** {@code length} elements from {@code start} along dim, as {@code narrow}. */
  public Tensor narrow(int dim, long start, long length) { return Shaping.slice(this, dim, start, start + length, 1); }

  /** The slice at {@code index} along dim, without that dim, as {@code select} / {@code x[i]}. */
  public Tensor select(int dim, long index) { return Shaping.select(this, dim, index); }

  /** {@code select(0, index)}. */
  public Tensor get(long index) { return Shaping.select(this, 0, index); }

  /** Broadcast view to a larger shape (-1 keeps a size), as {@code expand}. */
  public Tensor expand(long... newShape) { return Shaping.expand(this, newShape); }

  public Tensor expandAs(Tensor other) { return Shaping.expand(this, other.shape()); }

  /** Removes all size-1 dims. */
  public Tensor squeeze() { return Shaping.squeeze(this, null); }

  public Tensor squeeze(int dim) { return Shaping.squeeze(this, dim); }

  public Tensor unsqueeze(int dim) { return Shaping.unsqueeze(this, dim); }

  public Tensor flatten() { return Shaping.flatten(this, 0, -1); }

  public Tensor flatten(int startDim, int endDim) { return Shaping.flatten(this, startDim, endDim); }

  /** Splits into chunks of {@code splitSize} along dim (the last may be smaller). */
  public List<Tensor> split(long splitSize, int dim) { return Shaping.split(this, splitSize, dim); }

  /** Splits into {@code chunks} nearly equal pieces along dim. */
  public List<Tensor> chunk(int chunks, int dim) { return Shaping.chunk(this, chunks, dim); }

  /** Constant padding of the last dims, as {@code F.pad(x, pad, value=value)}: (left, right, top, bottom, ...). */
  public Tensor pad(long[] pad, double value) { return Shaping.pad(this, pad, value); }

  /** Reverses the order of elements along the dims. */
  public Tensor flip(int... dims) { return Indexing.flip(this, dims); }

  /** Concatenation along {@code dim}, as {@code torch.cat}. */
  public static Tensor cat(List<Tensor> tensors, int dim) { return Indexing.cat(tensors, dim); }

  public static Tensor cat(int dim, Tensor... tensors) { return Indexing.cat(List.of(tensors), dim); }

  /** Stacks along a new dim, as {@code torch.stack}. */
  public static Tensor stack(List<Tensor> tensors, int dim) { return Indexing.stack(tensors, dim); }

  public static Tensor stack(int dim, Tensor... tensors) { return Indexing.stack(List.of(tensors), dim); }

  // ---- indexing (see Indexing) --------------------------------------------------------------

  /** {@code torch.gather}: values of this tensor at {@code index} (INT64) along dim. */
  public Tensor gather(int dim, Tensor index) { return Indexing.gather(this, dim, index); }

  /** The slices at the INT64 1-d {@code index} along dim, as {@code index_select}. */
  public Tensor indexSelect(int dim, Tensor index) { return Indexing.indexSelect(this, dim, index); }

  /** A copy of this tensor with {@code src} added at {@code index} along dim, as {@code scatter_add}. */
  public Tensor scatterAdd(int dim, Tensor index, Tensor src) { return Indexing.scatterAdd(this, dim, index, src); }

  /** The elements where the BOOL {@code mask} is true, as a 1-d tensor ({@code masked_select}). */
  public Tensor maskedSelect(Tensor mask) { return Indexing.maskedSelect(this, mask); }

  /** A one-hot INT64 encoding with {@code numClasses} columns, as {@code F.one_hot}. */
  public Tensor oneHot(int numClasses) { return Indexing.oneHot(this, numClasses); }

  /** The {@code k} largest elements along dim and their indices, sorted descending. */
  public ValuesIndices topk(int k, int dim) { return Indexing.topk(this, k, dim); }

  // ---- neural-network ops (see NnOps); nn.functional wraps these --------------------------

  /** {@code torch.conv2d}: x {@code [N, C, H, W]}, weight {@code [O, C/groups, kH, kW]}, bias {@code [O]} or null. */
  public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, Conv2dParams p) { return NnOps.conv2d(x, weight, bias, p); }

  /**
   * {@code torch.conv2d(x, w, bias, padding="same", dilation=..., groups=...)}: stride 1 and the
   * output the input's size; an even kernel pads one more row/column at the bottom/right, as PyTorch.
   */
  public static Tensor conv2dSame(Tensor x, Tensor weight, Tensor bias, int dilationH, int dilationW, int groups) { return NnOps.conv2dSame(x, weight, bias, dilationH, dilationW, groups); }

  /** {@code torch.conv_transpose2d}: weight {@code [C, O/groups, kH, kW]}. */
  public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, Conv2dParams p) { return NnOps.convTranspose2d(x, weight, bias, p); }

  /** {@code torch.max_pool2d} on {@code [N, C, H, W]} (or {@code [C, H, W]}). */
  public static Tensor maxPool2d(Tensor x, Pool2dParams p) { return NnOps.maxPool2d(x, p); }

  /** {@code torch.avg_pool2d}. */
  public static Tensor avgPool2d(Tensor x, Pool2dParams p) { return NnOps.avgPool2d(x, p); }

  /** {@code adaptive_avg_pool2d} to {@code [outH, outW]}. */
  public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) { return NnOps.adaptiveAvgPool2d(x, outH, outW); }

  /**
   * {@code torch.batch_norm} over x {@code [N, C, *]} per channel (dim 1): normalises with the
   * batch statistics when {@code training} or when a running statistic is null (then, when
   * training, updates the running ones in place: {@code running = (1 - momentum) * running +
   * momentum * batch}, with the unbiased batch variance), else with {@code runningMean} and
   * {@code runningVar}; then scales by {@code weight} and shifts by {@code bias} (each {@code [C]}
   * or null). Differentiable in x, weight and bias (one {@code NativeBatchNormBackward0} node).
   */
  public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, boolean training, double momentum, double eps) {
    return BatchNorms.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
  }

  // ---- printing -----------------------------------------------------------------------------

  /** PyTorch's layout: {@code tensor([[1.0000, 2.0000]], requires_grad=True)}. */
  @Override
  public String toString() { return Printer.format(this); }
}
