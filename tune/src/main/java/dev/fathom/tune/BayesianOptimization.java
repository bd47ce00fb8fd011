package dev.fathom.tune;

import dev.fathom.tune.bo.AcquisitionOptimizer;
import dev.fathom.tune.bo.ExpectedImprovement;
import dev.fathom.tune.bo.GaussianProcess;
import dev.fathom.tune.bo.GpFitter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Bayesian optimisation as Ax and BoTorch do it by default. The first trials come from a Sobol
 * design; after that each suggestion fits a Gaussian process with a Matern 5/2 ARD kernel to the
 * trials so far (inputs in the unit-cube encoding of the {@link SearchSpace}, losses standardised,
 * hyperparameters including the noise fitted by {@link GpFitter}) and proposes the point that
 * maximises log expected improvement over the best posterior mean at the observed points.
 *
 * <p>Parallel trials: a running trial enters the model at its posterior mean (the "kriging
 * believer" fantasy), which removes its uncertainty and so steers the next suggestion elsewhere;
 * a failed trial enters at the worst value seen, so the search moves away from configurations that
 * crash. Stopped trials count with their last reported value.
 *
 * <pre>{@code
 * Strategy bo = BayesianOptimization.builder().initialTrials(8).build();
 * }</pre>
 */
public final class BayesianOptimization implements Strategy {
  private final int initialTrials;
  private final int candidates;
  private final int restarts;

  private BayesianOptimization(Builder b) {
    this.initialTrials = b.initialTrials;
    this.candidates = b.candidates;
    this.restarts = b.restarts;
  }

  /** A builder with the defaults: {@code max(5, 2 * dims)} initial trials, 2048 candidates, 5 restarts. */
  public static Builder builder() {
    return new Builder();
  }

  /** The number of Sobol trials before the model takes over, for a space of {@code dims} coordinates. */
  public int initialTrials(int dims) {
    return initialTrials > 0 ? initialTrials : Math.max(5, 2 * dims);
  }

  @Override
  public Session open(SearchSpace space, Direction direction, long seed) {
    return new BoSession(space, direction, seed);
  }

  @Override
  public String toString() {
    return "bayesian(initialTrials=" + (initialTrials > 0 ? initialTrials : "auto") + ", candidates=" + candidates
        + ", restarts=" + restarts + ")";
  }

  /** Settings of Bayesian optimisation. */
  public static final class Builder {
    private int initialTrials;
    private int candidates = 2048;
    private int restarts = 5;

    private Builder() {}

    /** Sobol trials before the first model-based suggestion (at least 2). */
    public Builder initialTrials(int n) {
      if (n < 2) {
        throw new IllegalArgumentException("bayesian: initialTrials must be >= 2, got " + n);
      }
      initialTrials = n;
      return this;
    }

    /** Quasi-random points at which the acquisition is scored before refinement. */
    public Builder candidates(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("bayesian: candidates must be >= 1, got " + n);
      }
      candidates = n;
      return this;
    }

    /** How many of the best candidates are refined by local optimisation. */
    public Builder restarts(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("bayesian: restarts must be >= 0, got " + n);
      }
      restarts = n;
      return this;
    }

    /** The strategy. */
    public BayesianOptimization build() {
      return new BayesianOptimization(this);
    }
  }

  private final class BoSession implements Session {
    private final SearchSpace space;
    private final Direction direction;
    private final long seed;
    private final RandomSearch.Sequence initial;
    private final boolean discrete;
    private GaussianProcess lastFit;

    BoSession(SearchSpace space, Direction direction, long seed) {
      this.space = space;
      this.direction = direction;
      this.seed = seed;
      this.initial = new RandomSearch.Sequence(space, seed);
      this.discrete = space.parameters().stream()
          .anyMatch(p -> p instanceof Parameter.IntRange || p instanceof Parameter.Choice);
    }

    @Override
    public Optional<Parameters> suggest(int number, List<Trial> finished, List<Parameters> pending) {
      List<Trial> observed = finished.stream().filter(Trial::hasValue).toList();
      Set<Parameters> taken = new HashSet<>(pending);
      finished.forEach(t -> taken.add(t.parameters()));
      if (number < initialTrials(space.dims()) || observed.size() < 2) {
        return Optional.of(initialPoint(number, taken));
      }
      long trialSeed = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (number + 1))).nextLong();
      int n = observed.size();
      double[][] x = new double[n][];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = space.encode(observed.get(i).parameters());
        y[i] = direction.toLoss(observed.get(i).value());
      }
      standardise(y);
      GaussianProcess gp;
      try {
        gp = GpFitter.fit(x, y, lastFit, trialSeed);
      } catch (IllegalArgumentException notPositiveDefinite) {
        // No hyperparameters gave a usable covariance (e.g. many identical inputs): a space-filling
        // point is the sensible suggestion, and the search goes on.
        return Optional.of(initialPoint(number, taken));
      }
      lastFit = gp;
      double best = Double.POSITIVE_INFINITY;
      double worst = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        best = Math.min(best, gp.mean(x[i]));
        worst = Math.max(worst, y[i]);
      }
      GaussianProcess acquisitionModel = withFantasies(gp, x, y, pending, finished, worst);
      ToDoubleFunction<double[]> logEi = logEi(acquisitionModel, best);
      List<AcquisitionOptimizer.Scored> ranked =
          AcquisitionOptimizer.maximize(logEi, candidates(x, y, trialSeed), restarts);
      for (AcquisitionOptimizer.Scored s : ranked) {
        Parameters p = space.decode(s.point());
        if (space.isFeasible(p) && !taken.contains(p)) {
          return Optional.of(p);
        }
      }
      return Optional.of(initialPoint(number, taken));
    }

    /**
     * Sobol point {@code number}, or in a discrete space where it repeats a configuration already
     * tried, the next Sobol point that does not (the first one if all of the next 256 do).
     */
    private Parameters initialPoint(int number, Set<Parameters> taken) {
      for (int i = number; i < number + 256; i++) {
        Parameters p = initial.get(i);
        if (!taken.contains(p)) {
          return p;
        }
      }
      return initial.get(number);
    }

    private GaussianProcess withFantasies(GaussianProcess gp, double[][] x, double[] y,
        List<Parameters> pending, List<Trial> finished, double worst) {
      List<double[]> xs = new ArrayList<>(List.of(x));
      List<Double> ys = new ArrayList<>();
      for (double v : y) {
        ys.add(v);
      }
      for (Parameters p : pending) {
        double[] u = space.encode(p);
        xs.add(u);
        ys.add(gp.mean(u));
      }
      for (Trial t : finished) {
        if (!t.hasValue()) {
          xs.add(space.encode(t.parameters()));
          ys.add(worst);
        }
      }
      if (xs.size() == x.length) {
        return gp;
      }
      return new GaussianProcess(xs.toArray(double[][]::new), ys.stream().mapToDouble(Double::doubleValue).toArray(),
          gp.kernel(), gp.noise());
    }

    private ToDoubleFunction<double[]> logEi(GaussianProcess gp, double best) {
      double[] work = new double[gp.size()];
      double[] meanVar = new double[2];
      return u -> {
        double[] point = discrete ? space.encode(space.decode(u)) : u;
        gp.predict(point, work, meanVar);
        return ExpectedImprovement.logEi(meanVar[0], Math.sqrt(Math.max(meanVar[1], 1e-20)), best);
      };
    }

    /** Sobol points plus small perturbations of the best observations, all feasible. */
    private double[][] candidates(double[][] x, double[] y, long trialSeed) {
      List<double[]> points = new ArrayList<>();
      SobolSampler sobol = new SobolSampler(space.dims(), trialSeed);
      for (int i = 0; i < candidates; i++) {
        points.add(sobol.next());
      }
      SplittableRandom random = new SplittableRandom(trialSeed);
      Integer[] order = new Integer[y.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, (a, b) -> Double.compare(y[a], y[b]));
      int perturbed = Math.max(1, candidates / 8);
      for (int k = 0; k < perturbed; k++) {
        double[] base = x[order[k % Math.min(5, order.length)]];
        double[] p = new double[base.length];
        double scale = k % 2 == 0 ? 0.02 : 0.1;
        for (int j = 0; j < p.length; j++) {
          p[j] = Math.clamp(base[j] + scale * random.nextGaussian(), 0.0, 1.0);
        }
        points.add(p);
      }
      List<double[]> feasible = new ArrayList<>();
      for (double[] p : points) {
        if (space.constraints().isEmpty() || space.isFeasible(space.decode(p))) {
          feasible.add(p);
        }
      }
      if (feasible.isEmpty()) {
        feasible.add(space.encode(initial.get(0)));
      }
      return feasible.toArray(double[][]::new);
    }
  }

  /** Standardises {@code y} in place to mean 0 and standard deviation 1 (deviation 1 if all equal). */
  static void standardise(double[] y) {
    double mean = 0;
    for (double v : y) {
      mean += v;
    }
    mean /= y.length;
    double ss = 0;
    for (double v : y) {
      ss += (v - mean) * (v - mean);
    }
    double sd = y.length > 1 ? Math.sqrt(ss / (y.length - 1)) : 0;
    if (!(sd > 0)) {
      sd = 1;
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = (y[i] - mean) / sd;
    }
  }
}
