package dev.fathom.backend.cuda;

import dev.fathom.DType;
import dev.fathom.spi.Backend;
import dev.fathom.spi.BinaryOp;
import dev.fathom.spi.Conv2dParams;
import dev.fathom.spi.Distribution;
import dev.fathom.spi.Pool2dParams;
import dev.fathom.spi.ReduceOp;
import dev.fathom.spi.Storage;
import dev.fathom.spi.UnaryOp;
import dev.fathom.spi.View;

/**
 * The CUDA backend: every primitive of {@link Backend} as PTX kernels (built from
 * {@code src/main/cuda/*.cu}) on one NVIDIA GPU through JCuda's driver API. All work is queued on
 * one stream and runs asynchronously; {@link #toHost} waits for it. Storage comes from a
 * {@link CachingAllocator} and goes back to it when a tensor becomes unreachable; {@link #close()}
 * frees all device memory.
 *
 * <p>Numerics follow the scalar reference: elementwise ops and reductions compute floating values
 * in double and integer values in long, rounding once on store; matmul and convolution accumulate
 * in the operand dtype (float32 on the SIMT kernels, or TF32 tensor cores when
 * {@code -Dfathom.cuda.tf32=true}). {@code -Dfathom.cuda.device=N} picks the GPU (default 0).
 *
 * <pre>{@code
 * // with fathom-backend-cuda on the class path and a GPU present:
 * Tensor x = Tensor.randn(64, 128).to(Device.cuda());
 * Tensor y = x.matmul(x.t()).relu();        // runs on the GPU
 * float[] back = y.toFloatArray();          // waits for the GPU, copies through pinned memory
 * }</pre>
 */
public final class CudaBackend implements Backend, AutoCloseable {
  static final int STREAM = 0;

  private final Gpu gpu;
  private final CachingAllocator allocator;
  private final ElementwiseOps elementwise;
  private final ReduceOps reductions;
  private final GemmOps gemm;
  private final ConvOps conv;
  private final PoolOps pool;
  private final IndexOps indexing;
  private final RandomOps random;
  private volatile boolean kernelErrorsPossible;

  /** Opens GPU {@code ordinal}; fails with the driver's message when it cannot. */
  public CudaBackend(int ordinal) {
    this.gpu = new Gpu(ordinal);
    this.allocator = new CachingAllocator(gpu, "cuda:" + ordinal);
    this.elementwise = new ElementwiseOps(this);
    this.reductions = new ReduceOps(this);
    this.gemm = new GemmOps(this, Boolean.getBoolean("fathom.cuda.tf32"));
    this.conv = new ConvOps(this, gemm);
    this.pool = new PoolOps(this);
    this.indexing = new IndexOps(this);
    this.random = new RandomOps(this);
  }

  @Override public String name() { return "cuda"; }

  @Override public String deviceType() { return "cuda"; }

  /** The GPU's name as the driver reports it, e.g. "NVIDIA H100 80GB HBM3". */
  public String deviceName() { return gpu.name(); }

  /** True when float32 matmul and convolution use TF32 tensor cores. */
  public boolean tf32() { return gemm.tf32(); }

  /** Bytes of device memory held by live storages. */
  public long allocatedBytes() { return allocator.allocatedBytes(); }

  /** Bytes of device memory cached for reuse. */
  public long cachedBytes() { return allocator.cachedBytes(); }

  /** Gives cached device memory back to the driver (after waiting for the GPU). */
  public void emptyCache() {
    gpu.enter();
    allocator.emptyCache();
  }

  /** Waits until all queued GPU work is done. */
  public void synchronize() {
    gpu.synchronize();
  }

  // ---- helpers for the op classes ---------------------------------------------------------

  Gpu gpu() { return gpu; }

  /** The device storage of {@code v}, or a clear error when it lives elsewhere. */
  static CudaStorage storage(View v) {
    Storage s = v.storage();
    if (s instanceof CudaStorage c) return c;
    throw new IllegalArgumentException("cuda backend: expected a tensor on device 'cuda', got one on '" + s.deviceType()
        + "' (move it with .to(Device.cuda()) first)");
  }

  /** Device address of element 0 of {@code v}'s storage (offsets are added in kernels). */
  long address(View v) { return storage(v).address(); }

  /** Device address of {@code v}'s first element. */
  long elementAddress(View v) { return storage(v).address(v.offset()); }

  /** Uninitialised device storage for intermediate results. */
  CudaStorage temp(DType dtype, int size) {
    return new CudaStorage(allocator, dtype, size, STREAM);
  }

  /** {@code v} itself when contiguous, else a contiguous copy (for outputs: a buffer to finish with {@link #finishDense}). */
  View dense(View v) {
    return v.isContiguous() ? v : asDense(v, v.dtype());
  }

  /** {@code v} itself when contiguous and of {@code dtype}, else a contiguous converted copy. */
  View asDense(View v, DType dtype) {
    if (v.dtype() == dtype && v.isContiguous()) return v;
    View c = View.contiguous(temp(dtype, v.numel()), v.shape());
    copy(v, c);
    return c;
  }

  /** {@code v} itself when of {@code dtype}, else a contiguous converted copy. */
  View cast(View v, DType dtype) {
    return v.dtype() == dtype ? v : asDense(v, dtype);
  }

  /** When {@code buffer} stands in for {@code out}, copies it there and releases it. */
  void finishDense(View buffer, View out) {
    if (buffer == out) return;
    copy(buffer, out);
    storage(buffer).release();
  }

  /** Releases {@code used} when it is a temporary copy of {@code original}. */
  void releaseIfTemp(View used, View original) {
    if (used != original) storage(used).release();
  }

  /** Notes that a queued kernel may raise an error bit (integer remainder by zero). */
  void expectKernelErrors() { kernelErrorsPossible = true; }

  private void checkKernelErrors() {
    if (!kernelErrorsPossible) return;
    kernelErrorsPossible = false;
    int bits = gpu.takeErrors();
    if ((bits & 1) != 0) throw new ArithmeticException("remainder: integer division by zero (in a kernel queued before this transfer)");
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

  private static int hostLength(Object array) {
    return java.lang.reflect.Array.getLength(array);
  }

  // ---- storage ----------------------------------------------------------------------------

  @Override
  public Storage allocate(DType dtype, int size) {
    gpu.enter();
    CudaStorage s = temp(dtype, size);
    gpu.memsetZero(s.address(), (long) size * dtype.byteSize());
    return s;
  }

  @Override
  public Storage fromHost(DType dtype, Object array) {
    Class<?> expected = hostArrayType(dtype);
    if (array == null || array.getClass() != expected)
      throw new IllegalArgumentException("fromHost: dtype " + dtype + " needs a " + expected.getSimpleName() + ", got "
          + (array == null ? "null" : array.getClass().getSimpleName()));
    gpu.enter();
    int n = hostLength(array);
    CudaStorage s = temp(dtype, n);
    if (dtype == DType.BOOL) {
      byte[] b = (byte[]) array, norm = new byte[n];
      for (int i = 0; i < n; i++) norm[i] = (byte) (b[i] != 0 ? 1 : 0);
      array = norm;
    }
    gpu.copyToDevice(array, n, dtype.byteSize(), s.address());
    return s;
  }

  @Override
  public void toHost(View src, Object dst) {
    Class<?> expected = hostArrayType(src.dtype());
    if (dst == null || dst.getClass() != expected)
      throw new IllegalArgumentException("toHost: dtype " + src.dtype() + " needs a " + expected.getSimpleName() + ", got "
          + (dst == null ? "null" : dst.getClass().getSimpleName()));
    if (hostLength(dst) < src.numel())
      throw new IllegalArgumentException("toHost: array of " + hostLength(dst) + " elements is too small for " + src.numel());
    gpu.enter();
    View d = dense(src);
    try {
      gpu.copyToHost(elementAddress(d), dst, src.numel(), src.dtype().byteSize());
    } finally {
      releaseIfTemp(d, src);
    }
    checkKernelErrors();
  }

  // ---- primitives -------------------------------------------------------------------------

  @Override public void fill(View out, double value) { gpu.enter(); elementwise.fill(out, value); }

  @Override public void copy(View src, View out) { gpu.enter(); elementwise.copy(src, out); }

  @Override
  public void unary(UnaryOp op, View x, View out, double p1, double p2) { gpu.enter(); elementwise.unary(op, x, out, p1, p2); }

  @Override public void binary(BinaryOp op, View a, View b, View out) { gpu.enter(); elementwise.binary(op, a, b, out); }

  @Override
  public void binaryScalar(BinaryOp op, View a, double scalar, View out) { gpu.enter(); elementwise.binaryScalar(op, a, scalar, out); }

  @Override public void where(View cond, View a, View b, View out) { gpu.enter(); elementwise.where(cond, a, b, out); }

  @Override public void reduce(ReduceOp op, View x, int[] dims, View out) { gpu.enter(); reductions.reduce(op, x, dims, out); }

  @Override public void cumsum(View x, int dim, View out) { gpu.enter(); reductions.cumsum(x, dim, out); }

  /** Fused: one warp per line computes max, sum of exponentials and the output in one kernel. */
  @Override public void softmax(View x, int dim, boolean log, View out) { gpu.enter(); reductions.softmax(x, dim, log, out); }

  @Override public void matmul(View a, View b, View out) { gpu.enter(); gemm.matmul(a, b, out); }

  @Override
  public void conv2d(View x, View w, View bias, View out, Conv2dParams p) { gpu.enter(); conv.forward(x, w, bias, out, p); }

  @Override
  public void conv2dBackwardInput(View gradOut, View w, View gradIn, Conv2dParams p) { gpu.enter(); conv.backwardInput(gradOut, w, gradIn, p); }

  @Override
  public void conv2dBackwardWeight(View x, View gradOut, View gradW, Conv2dParams p) { gpu.enter(); conv.backwardWeight(x, gradOut, gradW, p); }

  /** {@code indices} may be null when the caller does not need them. */
  @Override
  public void maxPool2d(View x, View out, View indices, Pool2dParams p) { gpu.enter(); pool.maxPool2d(x, out, indices, p); }

  @Override
  public void maxPool2dBackward(View gradOut, View indices, View gradIn, Pool2dParams p) { gpu.enter(); pool.maxPool2dBackward(gradOut, indices, gradIn, p); }

  @Override public void avgPool2d(View x, View out, Pool2dParams p) { gpu.enter(); pool.avgPool2d(x, out, p); }

  @Override
  public void avgPool2dBackward(View gradOut, View gradIn, Pool2dParams p) { gpu.enter(); pool.avgPool2dBackward(gradOut, gradIn, p); }

  @Override public void gather(View x, int dim, View index, View out) { gpu.enter(); indexing.gather(x, dim, index, out); }

  @Override public void scatterAdd(View src, int dim, View index, View out) { gpu.enter(); indexing.scatterAdd(src, dim, index, out); }

  @Override public void indexSelect(View x, int dim, View index, View out) { gpu.enter(); indexing.indexSelect(x, dim, index, out); }

  @Override
  public void random(View out, Distribution dist, double a, double b, long seed, long offset) {
    gpu.enter();
    random.random(out, dist, a, b, seed, offset);
  }

  /** Frees all device memory (tensors of this backend become unusable) and releases the GPU. */
  @Override
  public void close() {
    gpu.enter();
    allocator.close();
    gpu.close();
  }
}
