package dev.fathom.tune.bench;

import dev.fathom.tune.Objective;
import dev.fathom.tune.SearchSpace;
import dev.fathom.tune.Strategy;
import dev.fathom.tune.Study;
import dev.fathom.tune.Tuner;
import java.util.Arrays;
import java.util.Locale;

/**
 * Bayesian optimisation against quasi-random search on Branin (30 evaluations) and Hartmann-6
 * (60 evaluations) over 20 seeds: prints the median best value and median regret of each.
 *
 * <pre>{@code
 * ./mvnw -q -pl tune test-compile exec:java -Dexec.mainClass=dev.fathom.tune.bench.Benchmark
 * ./mvnw -q -pl tune test-compile exec:java -Dexec.mainClass=dev.fathom.tune.bench.Benchmark -Dexec.args=5
 * }</pre>
 */
public final class Benchmark {
  private Benchmark() {}

  /** Runs the benchmark; the optional argument is the number of seeds (default 20). */
  public static void main(String[] args) {
    int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    System.out.printf(Locale.ROOT, "%-11s %5s %-8s %12s %12s %8s%n",
        "problem", "evals", "strategy", "median best", "median regr", "seconds");
    row("Branin", TestFunctions.braninSpace(), TestFunctions::branin, TestFunctions.BRANIN_OPTIMUM, 30, seeds);
    row("Hartmann-6", TestFunctions.hartmann6Space(), TestFunctions::hartmann6, TestFunctions.HARTMANN6_OPTIMUM, 60, seeds);
  }

  private static void row(String name, SearchSpace space, Objective f, double optimum, int evals, int seeds) {
    double[] regrets = new double[2];
    for (int s = 0; s < 2; s++) {
      Strategy strategy = s == 0 ? Strategy.random() : Strategy.bayesian();
      String label = s == 0 ? "random" : "bayesian";
      long start = System.nanoTime();
      double[] best = new double[seeds];
      for (int seed = 0; seed < seeds; seed++) {
        Study study = Tuner.builder(space).strategy(strategy).trials(evals).seed(seed).build().run(f);
        best[seed] = study.best().orElseThrow().value();
      }
      double median = median(best);
      regrets[s] = median - optimum;
      System.out.printf(Locale.ROOT, "%-11s %5d %-8s %12.6f %12.6f %8.1f%n",
          name, evals, label, median, regrets[s], (System.nanoTime() - start) / 1e9);
    }
    System.out.printf(Locale.ROOT, "%-11s regret ratio bayesian/random = %.3f%n", name, regrets[1] / regrets[0]);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }
}
