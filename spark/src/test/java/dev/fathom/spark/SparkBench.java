package dev.fathom.spark;

import dev.fathom.Tensor;
import dev.fathom.nn.CrossEntropyLoss;
import dev.fathom.nn.Linear;
import dev.fathom.nn.Module;
import dev.fathom.nn.ReLU;
import dev.fathom.nn.Sequential;
import dev.fathom.optim.Adam;
import dev.fathom.optim.Optimizer;
import dev.fathom.train.LabeledBatch;
import dev.fathom.train.Metrics;
import dev.fathom.train.TensorBatch;
import dev.fathom.train.Trainer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmarks for the README (not a test; run by hand, see spark/README.md): the all-reduce of 1M
 * floats on loopback, one synchronous step of a 1M-parameter MLP on local[2] against the same step
 * in one process, and spark-train's throughput against single-process training.
 */
public final class SparkBench {
  private SparkBench() {}

  public static void main(String[] args) throws Exception {
    System.out.printf(Locale.ROOT, "load average at start: %.2f, cores: %d%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
    List<String> which = args.length == 0 ? List.of("allreduce", "step", "cnn") : Arrays.asList(args);
    if (which.contains("allreduce")) allReduce();
    if (which.contains("step")) step();
    int at = which.indexOf("cnn");
    if (at >= 0) cnn(at + 1 < which.size() ? Integer.parseInt(which.get(at + 1)) : 6400);
    System.out.printf(Locale.ROOT, "load average at end: %.2f%n", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** Median time of a 2-worker all-reduce of 1M floats over loopback (two threads, one JVM). */
  static void allReduce() throws Exception {
    int n = 1 << 20, warm = 20, runs = 100;
    List<ServerSocketChannel> servers = new ArrayList<>();
    List<InetSocketAddress> addrs = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      ServerSocketChannel s = RingAllReduce.listen("127.0.0.1");
      servers.add(s);
      addrs.add((InetSocketAddress) s.getLocalAddress());
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<long[]>> fs = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      int rank = r;
      fs.add(pool.submit(() -> {
        try (RingAllReduce ring = RingAllReduce.connect(rank, addrs, servers.get(rank), 1, Duration.ofSeconds(30), () -> {})) {
          float[] v = new float[n];
          long[] t = new long[runs];
          for (int i = 0; i < warm + runs; i++) {
            long t0 = System.nanoTime();
            ring.allReduceSum(v);
            if (i >= warm) t[i - warm] = System.nanoTime() - t0;
          }
          return t;
        }
      }));
    }
    long[] t = fs.get(0).get();
    fs.get(1).get();
    pool.shutdown();
    Arrays.sort(t);
    System.out.printf(Locale.ROOT, "all-reduce 1M floats, 2 workers, loopback: median %.2f ms, p10 %.2f ms, p90 %.2f ms (%.2f GB/s of vector per worker)%n",
        t[runs / 2] / 1e6, t[runs / 10] / 1e6, t[runs * 9 / 10] / 1e6, n * 4 / (t[runs / 2] / 1e9) / 1e9);
  }

  /** A 1.0M-parameter MLP on 784 inputs. */
  static Module mlp() {
    return new Sequential(new Linear(784, 1024), new ReLU(), new Linear(1024, 192), new ReLU(), new Linear(192, 10));
  }

  static List<Sample> random(int n) {
    float[] x = Tensor.randn(n, 784).toFloatArray();
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(Sample.of(Arrays.copyOfRange(x, i * 784, (i + 1) * 784), i % 10));
    return out;
  }

  /** One step with global batch 64: one process vs 2 workers x 32 on local[2]. */
  static void step() {
    int steps = 20;
    List<Sample> data = random(64 * steps);
    SampleFormat fmt = SampleFormat.classification(784);
    Module m = mlp();
    long params = m.parameters().stream().mapToLong(Tensor::numel).sum();
    Optimizer opt = new Adam(m.parameters(), 1e-3);
    CrossEntropyLoss loss = new CrossEntropyLoss();
    long[] t = new long[steps];
    for (int s = 0; s < steps; s++) {
      TensorBatch b = fmt.collate(data.subList(s * 64, s * 64 + 64));
      long t0 = System.nanoTime();
      Tensor l = loss.forward(m.forward(b.inputs().get(0)), b.label());
      opt.zeroGrad();
      l.backward();
      opt.step();
      t[s] = System.nanoTime() - t0;
    }
    long[] sorted = Arrays.copyOfRange(t, 5, steps);
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "MLP with %d parameters, batch 64, one process: median step %.1f ms%n", params, sorted[sorted.length / 2] / 1e6);

    try (var jsc = new org.apache.spark.api.java.JavaSparkContext(new org.apache.spark.SparkConf().setMaster("local[2]").setAppName("bench")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"))) {
      jsc.setLogLevel("ERROR");
      for (int run = 0; run < 2; run++) { // the first run warms the JIT up
        SparkTrainer st = new SparkTrainer(SparkBench::mlp, mm -> new Adam(mm.parameters(), 1e-3), CrossEntropyLoss::new,
            SparkTrainer.options().workers(2).batchSize(32).epochs(1).shuffle(false).verbose(false));
        st.fit(jsc.parallelize(data, 2), fmt, null);
        SparkTrainer.Timing tm = st.timing();
        if (run == 1) {
          System.out.printf(Locale.ROOT, "same step, 2 workers x 32 on local[2]: %.1f ms per step in the worker (all-reduce %.1f ms of it); "
              + "stage wall time %.1f ms per step over %d steps (Spark stage start, state broadcast and return included)%n",
              1e3 * tm.workerStepSeconds() / tm.steps(), 1e3 * tm.allReduceSeconds() / tm.steps(), 1e3 * tm.stageSeconds() / tm.steps(), tm.steps());
        }
      }
    }
  }

  /** spark-train on local[2] against the Trainer in one process, over the first {@code n} training images, one epoch each. */
  static void cnn(int n) throws IOException {
    Path dir = Path.of("/usr/share/datasets/fashion-mnist");
    List<Sample> train = FashionMnist.read(dir, true, n);
    List<LabeledBatch> test = List.of(FashionMnist.FORMAT.collate(FashionMnist.read(dir, false, 1000)));
    List<LabeledBatch> batches = new ArrayList<>();
    for (int i = 0; i + 64 <= train.size(); i += 64) batches.add(FashionMnist.FORMAT.collate(train.subList(i, i + 64)));
    Module m = SparkTraining.courseCnn();
    Trainer tr = new Trainer(m, new CrossEntropyLoss(), new Adam(m.parameters(), 1e-3),
        Trainer.options().epochs(1).metric("accuracy", Metrics::accuracy).progress(false).verbose(false));
    long t0 = System.nanoTime();
    tr.fit(batches, null);
    double single = (System.nanoTime() - t0) / 1e9;
    double acc = tr.evaluate(test).metrics().get("accuracy");
    System.out.printf(Locale.ROOT, "course CNN, one process, batch 64: %d samples in %.1f s = %.1f samples/s (accuracy on 1000 test images %.3f)%n",
        batches.size() * 64, single, batches.size() * 64 / single, acc);
    SparkTraining.Result r = SparkTraining.train(SparkTraining.options().trainLimit(n).testLimit(1000).epochs(1).batchSize(32)
        .outDir(Path.of("target", "bench-spark-train")));
    SparkTrainer.Timing tm = r.timing();
    System.out.printf(Locale.ROOT, "course CNN, spark-train local[2], 2 x 32: %d samples in %.1f s of stages = %.1f samples/s; "
        + "worker 0: %.1f ms per step, all-reduce %.2f ms per step (accuracy %.3f)%n",
        tm.samples(), tm.stageSeconds(), tm.samplesPerSecond(), 1e3 * tm.workerStepSeconds() / tm.steps(), 1e3 * tm.allReduceSeconds() / tm.steps(), r.testAccuracy());
  }
}
