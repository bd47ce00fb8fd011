package dev.fathom.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.nn.BatchNorm1d;
import dev.fathom.nn.CrossEntropyLoss;
import dev.fathom.nn.Linear;
import dev.fathom.nn.Module;
import dev.fathom.nn.Sequential;
import dev.fathom.optim.SGD;
import dev.fathom.train.TensorBatch;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ReplicaTest {
  static Module bnNet() {
    return new Sequential(new Linear(4, 6), new BatchNorm1d(6), new Linear(6, 3));
  }

  @Test
  void batchNormBuffersAreWorkerZerosAfterEachSynchronousStep() throws Exception {
    TrainingSpec spec = new TrainingSpec(ReplicaTest::bnNet, m -> new SGD(m.parameters(), 0.1), CrossEntropyLoss::new,
        TestData.FORMAT, new EpochPlan(64, 2, 32, 0, true, false), 0, Duration.ofSeconds(10), "127.0.0.1");
    Module init = bnNet();
    byte[] state = Replica.state(init, new SGD(init.parameters(), 0.1));
    List<Sample> data = TestData.classes(64, 8);
    List<TensorBatch> batches = List.of(TestData.FORMAT.collate(data.subList(0, 32)), TestData.FORMAT.collate(data.subList(32, 64)));

    List<ServerSocketChannel> servers = new ArrayList<>();
    List<InetSocketAddress> addrs = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      servers.add(RingAllReduce.listen("127.0.0.1"));
      addrs.add((InetSocketAddress) servers.get(r).getLocalAddress());
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<Replica>> fs = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      int rank = r;
      fs.add(pool.submit(() -> {
        try (RingAllReduce ring = RingAllReduce.connect(rank, addrs, servers.get(rank), 0, Duration.ofSeconds(10), () -> {})) {
          Replica rep = new Replica(spec, state);
          rep.syncStep(batches.get(rank), 0.5f, rank == 0, ring, new long[1]);
          return rep;
        }
      }));
    }
    Replica w0 = fs.get(0).get(), w1 = fs.get(1).get();
    pool.shutdown();

    Module alone = bnNet();
    alone.loadStateDict(init.stateDict());
    alone.train();
    alone.forward(batches.get(0).inputs().get(0)); // worker 0's batch alone updates the running statistics
    for (String k : List.of("1.running_mean", "1.running_var")) {
      float[] want = alone.stateDict().get(k).toFloatArray();
      assertThat(w0.model.stateDict().get(k).toFloatArray()).as(k).containsExactly(want);
      assertThat(w1.model.stateDict().get(k).toFloatArray()).as(k).containsExactly(want);
    }
    w0.model.stateDict().forEach((k, v) -> assertThat(w1.model.stateDict().get(k).toFloatArray()).as(k).containsExactly(v.toFloatArray()));
  }
}
