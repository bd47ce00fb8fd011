package dev.fathom.tune;

import java.util.List;
import java.util.Optional;

/**
 * How a {@link Tuner} chooses the next configuration: {@link #grid}, {@link #random} (Sobol
 * quasi-random) or {@link #bayesian} (Gaussian process + log expected improvement). A strategy is
 * an immutable description; {@link #open} starts the stateful session one search uses.
 *
 * <pre>{@code
 * Tuner.builder(space).strategy(Strategy.bayesian()).trials(40).build();
 * }</pre>
 */
public interface Strategy {

  /** Starts a session over {@code space}; the same seed gives the same suggestions. */
  Session open(SearchSpace space, Direction direction, long seed);

  /** The state of one search. Sessions are used from one thread. */
  interface Session {
    /**
     * The configuration for trial {@code number}, or empty when the strategy has nothing left
     * to try (a finished grid).
     *
     * @param number the trial's number in its study
     * @param finished the finished trials so far (completed, stopped and failed)
     * @param pending the configurations of trials still running
     */
    Optional<Parameters> suggest(int number, List<Trial> finished, List<Parameters> pending);
  }

  /** Grid search with 5 points on each float range (ints with more values are thinned to 5). */
  static Strategy grid() {
    return new GridSearch(5);
  }

  /** Grid search with {@code pointsPerRange} points on each range (all values of a small int range). */
  static Strategy grid(int pointsPerRange) {
    return new GridSearch(pointsPerRange);
  }

  /** Quasi-random search: a randomly shifted Sobol sequence. */
  static Strategy random() {
    return new RandomSearch();
  }

  /** Bayesian optimisation with its default settings; see {@link BayesianOptimization}. */
  static Strategy bayesian() {
    return BayesianOptimization.builder().build();
  }
}
