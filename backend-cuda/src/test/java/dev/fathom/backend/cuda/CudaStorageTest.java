package dev.fathom.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.DType;
import org.junit.jupiter.api.Test;

/** Storage lifetime through the fake driver: explicit release and release by the Cleaner. */
class CudaStorageTest {
  @Test
  void storage_takes_size_times_element_bytes_from_the_allocator() {
    CachingAllocator a = new CachingAllocator(new FakeDriver(1 << 30), "fake");
    CudaStorage s = new CudaStorage(a, DType.FLOAT64, 1000, 0);
    assertThat(s.size()).isEqualTo(1000);
    assertThat(s.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(s.deviceType()).isEqualTo("cuda");
    assertThat(a.allocatedBytes()).isEqualTo(8192);
    assertThat(s.address(3) - s.address()).isEqualTo(24);
  }

  @Test
  void release_returns_the_block_to_the_cache() {
    CachingAllocator a = new CachingAllocator(new FakeDriver(1 << 30), "fake");
    CudaStorage s = new CudaStorage(a, DType.FLOAT32, 256, 0);
    s.release();
    s.release();
    assertThat(a.allocatedBytes()).isZero();
    assertThat(a.cachedBytes()).isEqualTo(1024);
  }

  @Test
  void unreachable_storage_is_released_by_the_cleaner() throws InterruptedException {
    CachingAllocator a = new CachingAllocator(new FakeDriver(1 << 30), "fake");
    allocateAndDrop(a);
    assertThat(a.allocatedBytes()).isEqualTo(4096);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (a.allocatedBytes() != 0 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(a.allocatedBytes()).as("bytes still held 10 s after the storage became unreachable").isZero();
    assertThat(a.cachedBytes()).isEqualTo(4096);
  }

  private static void allocateAndDrop(CachingAllocator a) {
    new CudaStorage(a, DType.INT64, 512, 0);
  }
}
