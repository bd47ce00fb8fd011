package dev.fathom.benchmarks;

import dev.fathom.spi.Backends;
import dev.fathom.spi.Parallel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of the {@link Cases} on both CPU backends and thread counts, at the SPI level.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar BackendBenchmark -p name=gemm_512 -p backend=simd
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class BackendBenchmark {
  @Param({"gemm_256", "gemm_512", "gemm_1024", "gemm_2048",
      "conv_fwd_b32_3-64_32", "conv_fwdbwd_b32_3-64_32", "conv_fwd_b8_64-64_56", "conv_fwdbwd_b8_64-64_56",
      "conv_fwd_b64_1-16_28", "conv_fwdbwd_b64_1-16_28", "relu_mul_add_16M", "sum_16M", "max_16M", "add_16", "tensor_add_16"})
  public String name;

  @Param({"simd", "scalar"})
  public String backend;

  @Param({"1", "2"})
  public int threads;

  private Runnable task;

  @Setup
  public void setUp() {
    Parallel.setNumThreads(threads);
    task = Cases.build(name, Backends.create("cpu", backend));
  }

  @Benchmark
  public void run() {
    task.run();
  }
}
