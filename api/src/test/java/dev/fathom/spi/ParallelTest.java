package dev.fathom.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
  private final int saved = Parallel.numThreads();

  @AfterEach
  void restore() {
    Parallel.setNumThreads(saved);
  }

  @Test
  void everyIndexIsVisitedOnce() {
    Parallel.setNumThreads(2);
    long[] hits = new long[100_000];
    Parallel.forRange(hits.length, 1000, (from, to) -> {
      for (int i = from; i < to; i++) hits[i]++;
    });
    for (long h : hits) assertThat(h).isEqualTo(1);
  }

  @Test
  void nestedCallsFromTheCallingThreadRunInline() {
    // regression: the caller holds the pool's lock while running its own chunk
    Parallel.setNumThreads(2);
    AtomicLong sum = new AtomicLong();
    Parallel.forRange(4, 1, (from, to) -> {
      for (int i = from; i < to; i++) {
        Parallel.forRange(1000, 10, (a, b) -> sum.addAndGet(b - a));
      }
    });
    assertThat(sum.get()).isEqualTo(4000);
  }

  @Test
  void aFailureInAChunkReachesTheCaller() {
    Parallel.setNumThreads(2);
    assertThatThrownBy(() -> Parallel.forRange(10, 1, (from, to) -> {
      if (from > 0) throw new IllegalStateException("chunk " + from);
    })).isInstanceOf(IllegalStateException.class).hasMessageContaining("chunk");
  }

  @Test
  void smallWorkRunsOnTheCallingThread() {
    Parallel.setNumThreads(2);
    Thread[] seen = new Thread[1];
    Parallel.forRange(10, 100, (from, to) -> seen[0] = Thread.currentThread());
    assertThat(seen[0]).isSameAs(Thread.currentThread());
  }

  @Test
  void threadCountMustBePositive() {
    assertThatThrownBy(() -> Parallel.setNumThreads(0)).hasMessageContaining("at least 1");
  }
}
