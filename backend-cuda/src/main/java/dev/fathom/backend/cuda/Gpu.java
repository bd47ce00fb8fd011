package dev.fathom.backend.cuda;

import static jcuda.driver.JCudaDriver.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;

/**
 * One GPU through JCuda's driver API: its primary context, the one stream all work is queued on,
 * the PTX modules (loaded on first use, JIT-compiled by the driver for this GPU), kernel launches,
 * and host transfers through a pinned staging buffer. Everything is asynchronous on the stream
 * except the transfers to and from the host, which synchronise before they return.
 *
 * <p>Implements {@link Driver} for the {@link CachingAllocator}. Any thread may call it: the
 * context is made current on each calling thread on its first call.
 */
final class Gpu implements Driver, AutoCloseable {
  /** Size of the pinned staging buffer; larger transfers go through it in pieces. */
  private static final int STAGING_BYTES = 16 << 20;
  private static final String PTX_DIR = "/dev/fathom/backend/cuda/";

  private final int ordinal;
  private final CUdevice device = new CUdevice();
  private final CUcontext context = new CUcontext();
  private final CUstream stream = new CUstream();
  private final Map<String, CUmodule> modules = new ConcurrentHashMap<>();
  private final Map<String, CUfunction> functions = new ConcurrentHashMap<>();
  private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);
  private final Object stagingLock = new Object();
  private final Pointer staging = new Pointer();
  private final ByteBuffer stagingBuffer;
  private final long errorWord;
  private final int multiprocessors;
  private final String name;
  private volatile boolean closed;

  Gpu(int ordinal) {
    this.ordinal = ordinal;
    check(cuInit(0), "cuInit");
    check(cuDeviceGet(device, ordinal), "cuDeviceGet(" + ordinal + ")");
    check(cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
    enter();
    check(cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
    int[] v = new int[1];
    check(cuDeviceGetAttribute(v, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device), "cuDeviceGetAttribute");
    multiprocessors = v[0];
    byte[] nameBytes = new byte[256];
    check(cuDeviceGetName(nameBytes, nameBytes.length, device), "cuDeviceGetName");
    int len = 0;
    while (len < nameBytes.length && nameBytes[len] != 0) len++;
    name = new String(nameBytes, 0, len, java.nio.charset.StandardCharsets.US_ASCII);
    check(cuMemAllocHost(staging, STAGING_BYTES), "cuMemAllocHost");
    stagingBuffer = staging.getByteBuffer(0, STAGING_BYTES).order(ByteOrder.nativeOrder());
    errorWord = malloc(4);
    if (errorWord == 0) throw new CudaOutOfMemoryException("CUDA out of memory while starting the backend on cuda:" + ordinal);
    check(cuMemsetD8(DevicePointer.at(errorWord), (byte) 0, 4), "cuMemsetD8");
  }

  /** Throws with the driver's name for {@code result} unless it is CUDA_SUCCESS. */
  static void check(int result, String call) {
    if (result != CUresult.CUDA_SUCCESS)
      throw new IllegalStateException("CUDA driver call " + call + " failed: " + CUresult.stringFor(result));
  }

  /** Makes this GPU's context current on the calling thread (once per thread). */
  void enter() {
    if (closed) throw new IllegalStateException("the CUDA backend of cuda:" + ordinal + " is closed");
    if (!current.get()) {
      check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
      current.set(true);
    }
  }

  String name() { return name; }

  int multiprocessors() { return multiprocessors; }

  /** Address of the device word kernels raise error bits in (see ops.cuh). */
  long errorWord() { return errorWord; }

  // ---- Driver -----------------------------------------------------------------------------

  @Override
  public long malloc(long bytes) {
    enter();
    DevicePointer p = new DevicePointer();
    int r = cuMemAlloc(p, bytes);
    if (r == CUresult.CUDA_ERROR_OUT_OF_MEMORY) return 0;
    check(r, "cuMemAlloc(" + bytes + ")");
    return p.address();
  }

  @Override
  public void free(long address) {
    enter();
    check(cuMemFree(DevicePointer.at(address)), "cuMemFree");
  }

  @Override
  public void synchronize() {
    enter();
    check(cuStreamSynchronize(stream), "cuStreamSynchronize");
  }

  // ---- kernels ----------------------------------------------------------------------------

  /** Queues kernel {@code kernel} of PTX module {@code module} on the stream. */
  void launch(String module, String kernel, int gridX, int gridY, int gridZ, int block, Args args) {
    enter();
    CUfunction f = functions.computeIfAbsent(module + ":" + kernel, k -> function(module, kernel));
    check(cuLaunchKernel(f, gridX, gridY, gridZ, block, 1, 1, 0, stream, args.pointer(), null), "cuLaunchKernel(" + kernel + ")");
  }

  /** A one-dimensional grid-stride launch over {@code n} items with {@code block} threads per block. */
  void launch1d(String module, String kernel, long n, int block, Args args) {
    long blocks = Math.max(1, Math.min(Math.ceilDiv(n, block), (long) multiprocessors * 32));
    launch(module, kernel, (int) blocks, 1, 1, block, args);
  }

  private CUfunction function(String module, String kernel) {
    CUmodule m = modules.computeIfAbsent(module, this::loadModule);
    CUfunction f = new CUfunction();
    check(cuModuleGetFunction(f, m, kernel), "cuModuleGetFunction(" + kernel + ")");
    return f;
  }

  private CUmodule loadModule(String module) {
    byte[] ptx;
    try (InputStream in = Gpu.class.getResourceAsStream(PTX_DIR + module + ".ptx")) {
      if (in == null) throw new IllegalStateException("PTX resource " + PTX_DIR + module + ".ptx is missing from the fathom-backend-cuda jar");
      ptx = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CUmodule m = new CUmodule();
    check(cuModuleLoadData(m, Arrays.copyOf(ptx, ptx.length + 1)), "cuModuleLoadData(" + module + ".ptx)");
    return m;
  }

  // ---- memory -----------------------------------------------------------------------------

  /** Queues zeroing {@code bytes} bytes at {@code address}. */
  void memsetZero(long address, long bytes) {
    enter();
    if (bytes > 0) check(cuMemsetD8Async(DevicePointer.at(address), (byte) 0, bytes, stream), "cuMemsetD8Async");
  }

  /** Queues a device-to-device copy. */
  void copyDeviceToDevice(long dst, long src, long bytes) {
    enter();
    if (bytes > 0) check(cuMemcpyDtoDAsync(DevicePointer.at(dst), DevicePointer.at(src), bytes, stream), "cuMemcpyDtoDAsync");
  }

  /** Copies {@code count} elements of the host array {@code array} to {@code dst}; returns when done. */
  void copyToDevice(Object array, int count, int elementBytes, long dst) {
    enter();
    synchronized (stagingLock) {
      int perChunk = STAGING_BYTES / elementBytes;
      for (int from = 0; from < count; from += perChunk) {
        int n = Math.min(perChunk, count - from);
        stagingBuffer.clear();
        switch (array) {
          case float[] a -> stagingBuffer.asFloatBuffer().put(a, from, n);
          case double[] a -> stagingBuffer.asDoubleBuffer().put(a, from, n);
          case long[] a -> stagingBuffer.asLongBuffer().put(a, from, n);
          case int[] a -> stagingBuffer.asIntBuffer().put(a, from, n);
          case byte[] a -> stagingBuffer.put(a, from, n);
          default -> throw new IllegalArgumentException("not a host array: " + array.getClass());
        }
        long bytes = (long) n * elementBytes;
        check(cuMemcpyHtoDAsync(DevicePointer.at(dst + (long) from * elementBytes), staging, bytes, stream), "cuMemcpyHtoDAsync");
        synchronize();
      }
    }
  }

  /** Copies {@code count} elements from {@code src} into the host array {@code array}, after all queued work. */
  void copyToHost(long src, Object array, int count, int elementBytes) {
    enter();
    synchronized (stagingLock) {
      int perChunk = STAGING_BYTES / elementBytes;
      for (int from = 0; from < count; from += perChunk) {
        int n = Math.min(perChunk, count - from);
        long bytes = (long) n * elementBytes;
        check(cuMemcpyDtoHAsync(staging, DevicePointer.at(src + (long) from * elementBytes), bytes, stream), "cuMemcpyDtoHAsync");
        synchronize();
        stagingBuffer.clear();
        switch (array) {
          case float[] a -> stagingBuffer.asFloatBuffer().get(a, from, n);
          case double[] a -> stagingBuffer.asDoubleBuffer().get(a, from, n);
          case long[] a -> stagingBuffer.asLongBuffer().get(a, from, n);
          case int[] a -> stagingBuffer.asIntBuffer().get(a, from, n);
          case byte[] a -> stagingBuffer.get(a, from, n);
          default -> throw new IllegalArgumentException("not a host array: " + array.getClass());
        }
      }
      if (count == 0) synchronize();
    }
  }

  /** Reads and clears the kernels' error word; waits for queued work. */
  int takeErrors() {
    int[] word = new int[1];
    enter();
    synchronized (stagingLock) {
      check(cuMemcpyDtoHAsync(staging, DevicePointer.at(errorWord), 4, stream), "cuMemcpyDtoHAsync");
      synchronize();
      word[0] = stagingBuffer.getInt(0);
    }
    if (word[0] != 0) check(cuMemsetD8Async(DevicePointer.at(errorWord), (byte) 0, 4, stream), "cuMemsetD8Async");
    return word[0];
  }

  @Override
  public void close() {
    if (closed) return;
    enter();
    synchronize();
    cuMemFreeHost(staging);
    cuMemFree(DevicePointer.at(errorWord));
    for (CUmodule m : modules.values()) cuModuleUnload(m);
    cuStreamDestroy(stream);
    cuDevicePrimaryCtxRelease(device);
    closed = true;
  }
}
