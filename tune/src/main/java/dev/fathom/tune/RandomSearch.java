package dev.fathom.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Quasi-random search: trial {@code i} gets the {@code i}-th configuration of a randomly shifted
 * Sobol sequence (see {@link SobolSampler}) that meets the constraints. Sobol points cover the
 * space more evenly than independent uniform draws; trial {@code i} is the same configuration
 * whether the study ran in one go or was resumed.
 *
 * <pre>{@code
 * Strategy random = Strategy.random();
 * }</pre>
 */
public final class RandomSearch implements Strategy {

  @Override
  public Session open(SearchSpace space, Direction direction, long seed) {
    Sequence sequence = new Sequence(space, seed);
    return (number, finished, pending) -> Optional.of(sequence.get(number));
  }

  @Override
  public String toString() {
    return "random";
  }

  /** The feasible configurations of a shifted Sobol sequence, generated on demand and kept. */
  static final class Sequence {
    private final SearchSpace space;
    private final SobolSampler sampler;
    private final List<Parameters> points = new ArrayList<>();

    Sequence(SearchSpace space, long seed) {
      this.space = space;
      this.sampler = new SobolSampler(space.dims(), seed);
    }

    Parameters get(int index) {
      while (points.size() <= index) {
        points.add(space.sample(sampler));
      }
      return points.get(index);
    }
  }
}
