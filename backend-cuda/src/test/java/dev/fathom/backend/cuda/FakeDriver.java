package dev.fathom.backend.cuda;

import java.util.HashMap;
import java.util.Map;

/** A {@link Driver} over a pretend device of {@code capacity} bytes, counting every call. */
final class FakeDriver implements Driver {
  private final long capacity;
  private final Map<Long, Long> live = new HashMap<>();
  private long used;
  private long next = 0x7f00_0000_0000L;
  int mallocCalls;
  int failedMallocs;
  int freeCalls;
  int syncCalls;

  FakeDriver(long capacity) {
    this.capacity = capacity;
  }

  @Override
  public synchronized long malloc(long bytes) {
    mallocCalls++;
    if (used + bytes > capacity) {
      failedMallocs++;
      return 0;
    }
    long address = next;
    next += bytes;
    live.put(address, bytes);
    used += bytes;
    return address;
  }

  @Override
  public synchronized void free(long address) {
    freeCalls++;
    Long bytes = live.remove(address);
    if (bytes == null) throw new IllegalStateException("free of an address not allocated: " + Long.toHexString(address));
    used -= bytes;
  }

  @Override
  public synchronized void synchronize() {
    syncCalls++;
  }

  synchronized long usedBytes() {
    return used;
  }
}
