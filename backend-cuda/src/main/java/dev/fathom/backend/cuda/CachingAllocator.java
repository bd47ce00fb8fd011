package dev.fathom.backend.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Device memory with a cache, as PyTorch's CUDA caching allocator: requests are rounded up to a
 * size class (multiples of 512 bytes up to 1 MiB, of 2 MiB above), freed blocks go to a free list
 * of the stream that used them, and a request is served from that list (the smallest cached block
 * of at least the size and less than twice it) before the driver is asked. When the driver is out
 * of memory, every cached block is returned to it (after a device synchronisation) and the request
 * retried once; if that fails too a {@link CudaOutOfMemoryException} says how much was asked,
 * held and cached, and the allocator stays usable.
 *
 * <p>Reuse without synchronisation is safe because a block is only reused on the stream that
 * released it, whose queued work runs in order. Thread-safe: blocks are released from the
 * {@link java.lang.ref.Cleaner} thread.
 *
 * <pre>{@code
 * CachingAllocator alloc = new CachingAllocator(driver, "cuda:0");
 * CachingAllocator.Block b = alloc.allocate(4096, 0);
 * alloc.release(b);                       // cached, not freed
 * alloc.allocate(4000, 0);                // the same block again, no driver call
 * }</pre>
 */
final class CachingAllocator {
  static final long SMALL_LIMIT = 1L << 20;
  static final long SMALL_ROUND = 512;
  static final long LARGE_ROUND = 2L << 20;

  /** A piece of device memory: {@code size} bytes (a size class) at {@code address}, used on {@code stream}. */
  static final class Block {
    final long address;
    final long size;
    final int stream;
    private boolean live = true;

    private Block(long address, long size, int stream) {
      this.address = address;
      this.size = size;
      this.stream = stream;
    }
  }

  private final Driver driver;
  private final String device;
  private final Map<Integer, TreeMap<Long, ArrayDeque<Block>>> free = new HashMap<>();
  private final Set<Block> liveBlocks = new HashSet<>();
  private long allocatedBytes;
  private long cachedBytes;
  private long driverAllocations;
  private long driverFrees;
  private boolean closed;

  CachingAllocator(Driver driver, String device) {
    this.driver = driver;
    this.device = device;
  }

  /** The size class of a request: at least 1 byte, rounded up to 512 B (small) or 2 MiB (large). */
  static long roundSize(long bytes) {
    long b = Math.max(1, bytes);
    long unit = b <= SMALL_LIMIT ? SMALL_ROUND : LARGE_ROUND;
    return Math.ceilDiv(b, unit) * unit;
  }

  /** A block of at least {@code bytes} for use on {@code stream}. */
  synchronized Block allocate(long bytes, int stream) {
    if (closed) throw new IllegalStateException("the CUDA backend of " + device + " is closed");
    if (bytes < 0) throw new IllegalArgumentException("negative allocation size " + bytes);
    long size = roundSize(bytes);
    Block b = takeCached(size, stream);
    if (b == null) {
      long address = driver.malloc(size);
      if (address == 0) {
        long released = cachedBytes;
        releaseCached();
        address = driver.malloc(size);
        if (address == 0) throw outOfMemory(size, released);
      }
      driverAllocations++;
      b = new Block(address, size, stream);
    }
    b.live = true;
    allocatedBytes += b.size;
    liveBlocks.add(b);
    return b;
  }

  private Block takeCached(long size, int stream) {
    TreeMap<Long, ArrayDeque<Block>> lists = free.get(stream);
    if (lists == null) return null;
    Map.Entry<Long, ArrayDeque<Block>> e = lists.ceilingEntry(size);
    if (e == null || e.getKey() >= 2 * size) return null;
    Block b = e.getValue().pop();
    if (e.getValue().isEmpty()) lists.remove(e.getKey());
    cachedBytes -= b.size;
    return b;
  }

  private CudaOutOfMemoryException outOfMemory(long size, long released) {
    return new CudaOutOfMemoryException(String.format(
        "CUDA out of memory: tried to allocate %s on %s; %s held by live tensors, %s of cached blocks were"
            + " released and the allocation retried. Free tensors or use smaller batches.",
        mib(size), device, mib(allocatedBytes), mib(released)));
  }

  private static String mib(long bytes) {
    return String.format("%.2f MiB", bytes / (double) (1 << 20));
  }

  /** Returns {@code b} to its stream's free list; a second release, or one after close, does nothing. */
  synchronized void release(Block b) {
    if (closed || !b.live) return;
    b.live = false;
    liveBlocks.remove(b);
    allocatedBytes -= b.size;
    cachedBytes += b.size;
    free.computeIfAbsent(b.stream, s -> new TreeMap<>()).computeIfAbsent(b.size, s -> new ArrayDeque<>()).push(b);
  }

  /** Waits for the device, then gives every cached block back to the driver. */
  synchronized void emptyCache() {
    if (!closed) releaseCached();
  }

  private void releaseCached() {
    if (cachedBytes == 0) return;
    driver.synchronize();
    for (TreeMap<Long, ArrayDeque<Block>> lists : free.values())
      for (ArrayDeque<Block> list : lists.values())
        for (Block b : list) {
          driver.free(b.address);
          driverFrees++;
        }
    free.clear();
    cachedBytes = 0;
  }

  /** Frees all memory, cached and live; later releases are ignored and allocations fail. */
  synchronized void close() {
    if (closed) return;
    releaseCached();
    for (Block b : liveBlocks) {
      driver.free(b.address);
      driverFrees++;
    }
    liveBlocks.clear();
    allocatedBytes = 0;
    closed = true;
  }

  /** Bytes in blocks handed out and not yet released. */
  synchronized long allocatedBytes() { return allocatedBytes; }

  /** Bytes in released blocks kept for reuse. */
  synchronized long cachedBytes() { return cachedBytes; }

  /** Successful {@link Driver#malloc} calls so far. */
  synchronized long driverAllocations() { return driverAllocations; }

  /** {@link Driver#free} calls so far. */
  synchronized long driverFrees() { return driverFrees; }
}
