package dev.fathom.benchmarks;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import dev.fathom.nn.Linear;
import dev.fathom.nn.MSELoss;
import dev.fathom.nn.Sequential;
import dev.fathom.nn.Sigmoid;
import dev.fathom.optim.Adam;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step (forward, MSE loss, backward, Adam step) of the course's
 * {@code Linear(1, 6) - Sigmoid - Linear(6, 1)} at batch 32: the per-op overhead a small model
 * pays. PyTorch takes about 300 µs here (benchmarks/tiny_step.py); the target is under 30 µs.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar TinyStepBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TinyStepBenchmark {
  private Sequential net;
  private Adam optimizer;
  private MSELoss loss;
  private Tensor x, y;

  @Setup
  public void setup() {
    Fathom.manualSeed(0);
    net = new Sequential(new Linear(1, 6), new Sigmoid(), new Linear(6, 1));
    optimizer = new Adam(net.parameters(), 0.05);
    loss = new MSELoss();
    x = Tensor.randn(32, 1);
    y = x.mul(2.0).sin();
  }

  @Benchmark
  public double trainingStep() {
    Tensor l = loss.forward(net.forward(x), y);
    optimizer.zeroGrad();
    l.backward();
    optimizer.step();
    return l.item();
  }

  /** A quick run without JMH: median of 7 rounds of 20,000 steps. */
  public static void main(String[] args) {
    TinyStepBenchmark b = new TinyStepBenchmark();
    b.setup();
    double[] rounds = new double[7];
    for (int w = 0; w < 50_000; w++) b.trainingStep();
    for (int r = 0; r < rounds.length; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 20_000; i++) b.trainingStep();
      rounds[r] = (System.nanoTime() - t0) / 1e3 / 20_000;
    }
    java.util.Arrays.sort(rounds);
    System.out.printf(java.util.Locale.ROOT, "tiny training step: %.1f us (median of 7; backend %s)%n", rounds[3], Fathom.backendName(dev.fathom.Device.cpu()));
  }
}
