package dev.fathom.backend.cuda;

/**
 * The device-memory calls the {@link CachingAllocator} makes. On a GPU they go to JCuda's driver
 * API ({@link Gpu}); tests put a fake behind it, so the allocator's bookkeeping is checked on any
 * machine.
 */
interface Driver {
  /** {@code bytes} of device memory, or 0 when the device is out of memory; other failures throw. */
  long malloc(long bytes);

  /** Gives memory from {@link #malloc} back to the device. */
  void free(long address);

  /** Waits until the device has finished all work queued so far. */
  void synchronize();
}
