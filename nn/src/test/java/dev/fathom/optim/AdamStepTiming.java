package dev.fathom.optim;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hand-run timing of one Adam step over the parameters of the course's Linear(1,6)-Sigmoid-Linear(6,1)
 * network (weights [6,1] and [1,6], biases [6] and [1]): the fused float[] path against the
 * tensor-op path (the same parameters as strided views; the [1] bias stays contiguous there, so
 * 3 of the 4 tensors take the tensor-op path). Not a test: run with
 * {@code java -cp <test classpath> dev.fathom.optim.AdamStepTiming}. Prints the median of 15
 * batches in microseconds per step.
 */
public final class AdamStepTiming {
  private AdamStepTiming() {}

  public static void main(String[] args) {
    Fathom.manualSeed(0);
    long[][] shapes = {{6, 1}, {6}, {1, 6}, {1}};
    List<Tensor> fused = new ArrayList<>(), strided = new ArrayList<>();
    for (long[] s : shapes) {
      Tensor p = Tensor.randn(s);
      fused.add(p);
      strided.add(OptimFixtures.strided(p));
    }
    for (List<Tensor> ps : List.of(fused, strided)) {
      for (Tensor p : ps) p.setGrad(Tensor.randn(p.shape()).mul(0.01));
    }
    System.out.printf("fused path:     %.3f us/step%n", time(new Adam(fused, 1e-3), 200_000));
    System.out.printf("tensor-op path: %.3f us/step%n", time(new Adam(strided, 1e-3), 5_000));
  }

  private static double time(Optimizer opt, int iterations) {
    for (int i = 0; i < iterations * 3; i++) opt.step();
    double[] batches = new double[15];
    for (int b = 0; b < batches.length; b++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < iterations; i++) opt.step();
      batches[b] = (System.nanoTime() - t0) / 1e3 / iterations;
    }
    Arrays.sort(batches);
    return batches[batches.length / 2];
  }
}
