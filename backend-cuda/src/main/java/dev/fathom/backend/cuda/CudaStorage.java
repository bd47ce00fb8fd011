package dev.fathom.backend.cuda;

import dev.fathom.DType;
import dev.fathom.spi.Storage;
import java.lang.ref.Cleaner;

/**
 * Device memory holding {@code size} elements of one dtype, from the {@link CachingAllocator}. The
 * block goes back to the allocator when this object becomes unreachable (through a
 * {@link Cleaner}) or when {@link #release()} is called, whichever comes first; the backend's
 * {@code close()} frees everything at once.
 *
 * <pre>{@code
 * CudaStorage s = new CudaStorage(allocator, DType.FLOAT32, 1024, 0);
 * long p = s.address();    // device pointer for kernels
 * s.release();             // or just drop it
 * }</pre>
 */
final class CudaStorage implements Storage {
  private static final Cleaner CLEANER = Cleaner.create();

  private final DType dtype;
  private final int size;
  private final CachingAllocator.Block block;
  private final Cleaner.Cleanable cleanable;

  CudaStorage(CachingAllocator allocator, DType dtype, int size, int stream) {
    if (size < 0) throw new IllegalArgumentException("negative storage size " + size);
    this.dtype = dtype;
    this.size = size;
    this.block = allocator.allocate((long) size * dtype.byteSize(), stream);
    this.cleanable = CLEANER.register(this, new Release(allocator, block));
  }

  /** The cleaning action: holds the allocator and block, never the storage itself. */
  private record Release(CachingAllocator allocator, CachingAllocator.Block block) implements Runnable {
    @Override
    public void run() {
      allocator.release(block);
    }
  }

  @Override public DType dtype() { return dtype; }

  @Override public int size() { return size; }

  @Override public String deviceType() { return "cuda"; }

  /** Device address of element 0. */
  long address() { return block.address; }

  /** Device address of element {@code index}. */
  long address(int index) { return block.address + (long) index * dtype.byteSize(); }

  /** Returns the memory to the allocator now; the storage must not be used afterwards. */
  void release() { cleanable.clean(); }
}
