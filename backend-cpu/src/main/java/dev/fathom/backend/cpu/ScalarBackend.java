package dev.fathom.backend.cpu;

import dev.fathom.DType;
import dev.fathom.spi.Backend;
import dev.fathom.spi.BinaryOp;
import dev.fathom.spi.Conv2dParams;
import dev.fathom.spi.Distribution;
import dev.fathom.spi.HeapStorage;
import dev.fathom.spi.Pool2dParams;
import dev.fathom.spi.ReduceOp;
import dev.fathom.spi.Storage;
import dev.fathom.spi.UnaryOp;
import dev.fathom.spi.View;

/**
 * The scalar reference backend for the CPU: every primitive of {@link Backend} as plain Java loops
 * over strided {@link View}s of {@link HeapStorage}, for every dtype. It is the oracle the other
 * backends are checked against, so it favours obvious correctness; it still runs on the shared
 * thread pool ({@link dev.fathom.spi.Parallel}) and keeps matmul and convolution cache-friendly
 * enough to train small networks.
 *
 * <p>Numerics: floating dtypes compute in double and round once on store (FLOAT32 sums included);
 * integer dtypes compute in long and wrap on store; casts to integers truncate toward zero; casts
 * to BOOL test {@code != 0}. Semantics follow PyTorch (floored REMAINDER, NaN-propagating
 * MAXIMUM/MINIMUM/MAX/MIN, first-occurrence ARGMAX with NaN as the maximum).
 *
 * <p>The class is open for extension: a faster CPU backend may subclass it, override its hot
 * methods and inherit the rest, since both share {@link HeapStorage}.
 *
 * <pre>{@code
 * Backend cpu = new ScalarBackend();
 * View a = View.contiguous(cpu.fromHost(DType.FLOAT32, new float[] {1, 2, 3, 4}), new int[] {2, 2});
 * View out = View.contiguous(cpu.allocate(DType.FLOAT32, 4), new int[] {2, 2});
 * cpu.binary(BinaryOp.MUL, a, a, out);   // [[1, 4], [9, 16]]
 * }</pre>
 */
public class ScalarBackend implements Backend {
  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public String deviceType() {
    return "cpu";
  }

  @Override
  public Storage allocate(DType dtype, int size) {
    return HeapStorage.allocate(dtype, size);
  }

  /** Keeps {@code array} itself, which must be the array type of {@code dtype} (see {@link HeapStorage}). */
  @Override
  public Storage fromHost(DType dtype, Object array) {
    Class<?> expected = hostArrayType(dtype);
    if (array == null || array.getClass() != expected)
      throw new IllegalArgumentException("fromHost: dtype " + dtype + " needs a " + expected.getSimpleName() + ", got "
          + (array == null ? "null" : array.getClass().getSimpleName()));
    return HeapStorage.wrap(dtype, array);
  }

  @Override
  public void toHost(View src, Object dst) {
    Class<?> expected = hostArrayType(src.dtype());
    if (dst == null || dst.getClass() != expected)
      throw new IllegalArgumentException("toHost: dtype " + src.dtype() + " needs a " + expected.getSimpleName() + ", got "
          + (dst == null ? "null" : dst.getClass().getSimpleName()));
    HeapStorage host = HeapStorage.wrap(src.dtype(), dst);
    if (host.size() < src.numel())
      throw new IllegalArgumentException("toHost: array of " + host.size() + " elements is too small for " + src.numel());
    Elementwise.copy(src, View.contiguous(host, src.shape()));
  }

  private static Class<?> hostArrayType(DType dtype) {
    return switch (dtype) {
      case FLOAT32 -> float[].class;
      case FLOAT64 -> double[].class;
      case INT64 -> long[].class;
      case INT32 -> int[].class;
      case UINT8, BOOL -> byte[].class;
    };
  }

  @Override
  public void fill(View out, double value) {
    Elementwise.fill(out, value);
  }

  @Override
  public void copy(View src, View out) {
    Elementwise.copy(src, out);
  }

  /** Integer dtypes accept NEG, ABS, SIGN, SQUARE, RELU, CLAMP, FLOOR, CEIL, ROUND, TRUNC, LOGICAL_NOT, ISNAN. */
  @Override
  public void unary(UnaryOp op, View x, View out, double p1, double p2) {
    Elementwise.unary(op, x, out, p1, p2);
  }

  /** Integer dtypes accept every op but DIV and ATAN2; integer REMAINDER by zero throws ArithmeticException. */
  @Override
  public void binary(BinaryOp op, View a, View b, View out) {
    Elementwise.binary(op, a, b, out);
  }

  @Override
  public void binaryScalar(BinaryOp op, View a, double scalar, View out) {
    Elementwise.binaryScalar(op, a, scalar, out);
  }

  @Override
  public void where(View cond, View a, View b, View out) {
    Elementwise.where(cond, a, b, out);
  }

  @Override
  public void reduce(ReduceOp op, View x, int[] dims, View out) {
    Reductions.reduce(op, x, dims, out);
  }

  @Override
  public void cumsum(View x, int dim, View out) {
    Reductions.cumsum(x, dim, out);
  }

  @Override
  public void matmul(View a, View b, View out) {
    MatMul.matmul(a, b, out);
  }

  @Override
  public void conv2d(View x, View w, View bias, View out, Conv2dParams p) {
    Conv.forward(x, w, bias, out, p);
  }

  /** The input size comes from {@code gradIn}'s shape, so transposed convolution's output padding needs nothing more. */
  @Override
  public void conv2dBackwardInput(View gradOut, View w, View gradIn, Conv2dParams p) {
    Conv.backwardInput(gradOut, w, gradIn, p);
  }

  @Override
  public void conv2dBackwardWeight(View x, View gradOut, View gradW, Conv2dParams p) {
    Conv.backwardWeight(x, gradOut, gradW, p);
  }

  /** {@code indices} may be null when the caller does not need them. */
  @Override
  public void maxPool2d(View x, View out, View indices, Pool2dParams p) {
    Pooling.maxPool2d(x, out, indices, p);
  }

  @Override
  public void maxPool2dBackward(View gradOut, View indices, View gradIn, Pool2dParams p) {
    Pooling.maxPool2dBackward(gradOut, indices, gradIn, p);
  }

  @Override
  public void avgPool2d(View x, View out, Pool2dParams p) {
    Pooling.avgPool2d(x, out, p);
  }

  @Override
  public void avgPool2dBackward(View gradOut, View gradIn, Pool2dParams p) {
    Pooling.avgPool2dBackward(gradOut, gradIn, p);
  }

  @Override
  public void gather(View x, int dim, View index, View out) {
    Indexing.gather(x, dim, index, out);
  }

  @Override
  public void scatterAdd(View src, int dim, View index, View out) {
    Indexing.scatterAdd(src, dim, index, out);
  }

  @Override
  public void indexSelect(View x, int dim, View index, View out) {
    Indexing.indexSelect(x, dim, index, out);
  }

  @Override
  public void random(View out, Distribution dist, double a, double b, long seed, long offset) {
    RandomFill.random(out, dist, a, b, seed, offset);
  }
}
