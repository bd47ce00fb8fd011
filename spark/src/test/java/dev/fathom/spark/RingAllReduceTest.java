package dev.fathom.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RingAllReduceTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** Runs {@code body} on {@code n} ring members over loopback, one thread each; returns their results by rank. */
  private <T> List<T> ring(int n, Duration timeout, Function<RingAllReduce, T> body) throws Exception {
    List<ServerSocketChannel> servers = new ArrayList<>();
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      ServerSocketChannel s = RingAllReduce.listen("127.0.0.1");
      servers.add(s);
      addresses.add((InetSocketAddress) s.getLocalAddress());
    }
    List<Future<T>> futures = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      int rank = r;
      futures.add(pool.submit(() -> {
        try (RingAllReduce ring = RingAllReduce.connect(rank, addresses, servers.get(rank), 42, timeout, () -> {})) {
          return body.apply(ring);
        }
      }));
    }
    List<T> out = new ArrayList<>();
    for (Future<T> f : futures) out.add(f.get());
    return out;
  }

  private static float[] vector(int rank, int length) {
    float[] v = new float[length];
    for (int i = 0; i < length; i++) v[i] = (i % 1000) * 0.25f + rank; // exact in float: sums are exact
    return v;
  }

  private void assertSums(int workers, int length) throws Exception {
    List<float[]> results = ring(workers, Duration.ofSeconds(10), r -> {
      float[] v = vector(r.rank(), length);
      r.allReduceSum(v);
      return v;
    });
    float[] want = new float[length];
    for (int r = 0; r < workers; r++) {
      float[] v = vector(r, length);
      for (int i = 0; i < length; i++) want[i] += v[i];
    }
    for (float[] got : results) {
      int at = java.util.Arrays.mismatch(got, want); // not containsExactly: its diff is quadratic on 2M elements
      assertThat(at).as("first mismatch at %d: %s", at, at < 0 ? "" : got[at] + " vs " + want[at]).isEqualTo(-1);
    }
  }

  @Test
  void threeWorkersEachGetTheElementwiseSum() throws Exception {
    assertSums(3, 1001);
  }

  @Test
  void vectorsShorterThanTheRingAreSummed() throws Exception {
    assertSums(3, 2);
  }

  @Test
  void vectorsLargerThanOnePieceAreStreamed() throws Exception {
    assertSums(2, (1 << 20) * 2 + 3);
  }

  @Test
  void aSingleWorkerLeavesTheVectorAsItIs() throws Exception {
    assertSums(1, 5);
  }

  @Test
  void repeatedCallsReuseTheConnections() throws Exception {
    List<float[]> results = ring(2, Duration.ofSeconds(10), r -> {
      float[] v = new float[3];
      for (int k = 0; k < 50; k++) {
        v[0] = r.rank() + k;
        r.allReduceSum(v);
      }
      return v;
    });
    assertThat(results.get(0)[0]).isEqualTo(1f + 2 * 49);
    assertThat(results.get(1)).containsExactly(results.get(0));
  }

  @Test
  void aSilentPeerEndsTheCallWithATimeoutNamingIt() throws Exception {
    long t0 = System.nanoTime();
    List<String> errors = ring(2, Duration.ofMillis(500), r -> {
      if (r.rank() == 1) {
        sleep(2000); // never takes part
        return "";
      }
      try {
        r.allReduceSum(new float[10]);
        return "no error";
      } catch (UncheckedIOException e) {
        return e.getMessage();
      }
    });
    assertThat(errors.get(0)).contains("timed out: nothing arrived from worker 1");
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
  }

  @Test
  void aPeerThatLeavesEndsTheCallAtOnce() throws Exception {
    List<String> errors = ring(2, Duration.ofSeconds(30), r -> {
      if (r.rank() == 1) {
        r.close();
        return "";
      }
      try {
        r.allReduceSum(new float[10]);
        return "no error";
      } catch (UncheckedIOException e) {
        return e.getMessage();
      }
    });
    assertThat(errors.get(0)).contains("closed the connection");
  }

  @Test
  void joiningFailsWhenAPeerNeverConnects() throws Exception {
    ServerSocketChannel mine = RingAllReduce.listen("127.0.0.1");
    ServerSocketChannel silent = RingAllReduce.listen("127.0.0.1"); // listens but never joins
    List<InetSocketAddress> addresses = List.of((InetSocketAddress) mine.getLocalAddress(), (InetSocketAddress) silent.getLocalAddress());
    try {
      assertThatThrownBy(() -> RingAllReduce.connect(0, addresses, mine, 1, Duration.ofMillis(300), () -> {}))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("waited in vain for worker 1");
    } finally {
      silent.close();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
