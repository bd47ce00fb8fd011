package dev.fathom.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The allocator's bookkeeping through a fake driver: runs on any machine. */
class CachingAllocatorTest {
  private static final long MIB = 1 << 20;

  @Test
  void small_requests_round_up_to_512_bytes() {
    assertThat(CachingAllocator.roundSize(0)).isEqualTo(512);
    assertThat(CachingAllocator.roundSize(1)).isEqualTo(512);
    assertThat(CachingAllocator.roundSize(513)).isEqualTo(1024);
    assertThat(CachingAllocator.roundSize(MIB)).isEqualTo(MIB);
  }

  @Test
  void large_requests_round_up_to_2_mib() {
    assertThat(CachingAllocator.roundSize(MIB + 1)).isEqualTo(2 * MIB);
    assertThat(CachingAllocator.roundSize(5 * MIB)).isEqualTo(6 * MIB);
  }

  @Test
  void released_block_is_reused_without_a_driver_call() {
    FakeDriver d = new FakeDriver(64 * MIB);
    CachingAllocator a = new CachingAllocator(d, "fake");
    CachingAllocator.Block b = a.allocate(4000, 0);
    a.release(b);
    CachingAllocator.Block again = a.allocate(3900, 0);
    assertThat(again.address).isEqualTo(b.address);
    assertThat(d.mallocCalls).isEqualTo(1);
    assertThat(a.cachedBytes()).isZero();
    assertThat(a.allocatedBytes()).isEqualTo(4096);
  }

  @Test
  void cached_block_of_twice_the_size_or_more_is_not_used_for_a_small_request() {
    FakeDriver d = new FakeDriver(64 * MIB);
    CachingAllocator a = new CachingAllocator(d, "fake");
    a.release(a.allocate(8192, 0));
    CachingAllocator.Block small = a.allocate(1024, 0);
    assertThat(d.mallocCalls).isEqualTo(2);
    assertThat(small.size).isEqualTo(1024);
    assertThat(a.cachedBytes()).isEqualTo(8192);
  }

  @Test
  void smallest_fitting_cached_block_is_chosen() {
    FakeDriver d = new FakeDriver(64 * MIB);
    CachingAllocator a = new CachingAllocator(d, "fake");
    CachingAllocator.Block big = a.allocate(6000, 0), mid = a.allocate(5000, 0);
    a.release(big);
    a.release(mid);
    assertThat(a.allocate(4500, 0).address).isEqualTo(mid.address);
  }

  @Test
  void blocks_are_reused_only_on_the_stream_that_released_them() {
    FakeDriver d = new FakeDriver(64 * MIB);
    CachingAllocator a = new CachingAllocator(d, "fake");
    CachingAllocator.Block b = a.allocate(4096, 0);
    a.release(b);
    CachingAllocator.Block other = a.allocate(4096, 1);
    assertThat(other.address).isNotEqualTo(b.address);
    assertThat(d.mallocCalls).isEqualTo(2);
  }

  @Test
  void out_of_memory_releases_cached_blocks_and_retries() {
    FakeDriver d = new FakeDriver(10 * MIB);
    CachingAllocator a = new CachingAllocator(d, "fake");
    a.release(a.allocate(8 * MIB, 0));
    CachingAllocator.Block b = a.allocate(4 * MIB, 0);
    assertThat(b).isNotNull();
    assertThat(d.failedMallocs).isEqualTo(1);
    assertThat(d.freeCalls).isEqualTo(1);
    assertThat(d.syncCalls).isEqualTo(1);
    assertThat(a.cachedBytes()).isZero();
    assertThat(d.usedBytes()).isEqualTo(4 * MIB);
  }

  @Test
  void out_of_memory_after_the_retry_throws_a_clear_exception() {
    FakeDriver d = new FakeDriver(10 * MIB);
    CachingAllocator a = new CachingAllocator(d, "cuda:0");
    a.allocate(8 * MIB, 0);
    assertThatThrownBy(() -> a.allocate(4 * MIB, 0))
        .isInstanceOf(CudaOutOfMemoryException.class)
        .hasMessageContaining("tried to allocate 4.00 MiB on cuda:0")
        .hasMessageContaining("8.00 MiB held by live tensors");
  }

  @Test
  void allocator_stays_usable_after_out_of_memory() {
    FakeDriver d = new FakeDriver(10 * MIB);
    CachingAllocator a = new CachingAllocator(d, "fake");
    CachingAllocator.Block held = a.allocate(8 * MIB, 0);
    assertThatThrownBy(() -> a.allocate(4 * MIB, 0)).isInstanceOf(CudaOutOfMemoryException.class);
    assertThat(a.allocate(MIB, 0)).isNotNull();
    a.release(held);
    assertThat(a.allocate(8 * MIB, 0).address).isEqualTo(held.address);
  }

  @Test
  void second_release_of_a_block_is_ignored() {
    FakeDriver d = new FakeDriver(64 * MIB);
    CachingAllocator a = new CachingAllocator(d, "fake");
    CachingAllocator.Block b = a.allocate(4096, 0);
    a.release(b);
    a.release(b);
    assertThat(a.cachedBytes()).isEqualTo(4096);
    a.allocate(4096, 0);
    assertThat(a.allocate(4096, 0).address).isNotEqualTo(b.address);
  }

  @Test
  void empty_cache_frees_cached_blocks_only() {
    FakeDriver d = new FakeDriver(64 * MIB);
    CachingAllocator a = new CachingAllocator(d, "fake");
    a.allocate(4096, 0);
    a.release(a.allocate(MIB, 0));
    a.emptyCache();
    assertThat(d.usedBytes()).isEqualTo(4096);
    assertThat(a.cachedBytes()).isZero();
    assertThat(a.allocatedBytes()).isEqualTo(4096);
  }

  @Test
  void close_frees_live_and_cached_blocks_and_refuses_new_allocations() {
    FakeDriver d = new FakeDriver(64 * MIB);
    CachingAllocator a = new CachingAllocator(d, "fake");
    CachingAllocator.Block live = a.allocate(4096, 0);
    a.release(a.allocate(MIB, 0));
    a.close();
    assertThat(d.usedBytes()).isZero();
    a.release(live);
    assertThatThrownBy(() -> a.allocate(1, 0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
