package dev.fathom.tune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Grid search: every combination of the parameters' grid values (see
 * {@link Parameter#gridValues}) that meets the constraints, the first parameter varying slowest,
 * as {@code itertools.product} orders them. The search ends when the grid is exhausted.
 *
 * <pre>{@code
 * Strategy grid = Strategy.grid(3);   // 3 points per range: low, middle, high
 * }</pre>
 */
public final class GridSearch implements Strategy {
  /** The largest grid a search may enumerate. */
  static final long MAX_POINTS = 1_000_000;
  private final int pointsPerRange;

  /** A grid with {@code pointsPerRange >= 1} points on each range. */
  public GridSearch(int pointsPerRange) {
    if (pointsPerRange < 1) {
      throw new IllegalArgumentException("grid: pointsPerRange must be >= 1, got " + pointsPerRange);
    }
    this.pointsPerRange = pointsPerRange;
  }

  /**
   * All grid configurations of {@code space} that meet its constraints, in search order.
   *
   * @throws IllegalArgumentException when the grid is too large or no grid point is feasible
   */
  public List<Parameters> enumerate(SearchSpace space) {
    List<Parameter> parameters = space.parameters();
    List<List<Object>> axes = new ArrayList<>();
    long total = 1;
    for (Parameter p : parameters) {
      List<Object> values = p.gridValues(pointsPerRange);
      axes.add(values);
      total = Math.multiplyExact(total, values.size());
      if (total > MAX_POINTS) {
        throw new IllegalArgumentException(
            "grid: more than " + MAX_POINTS + " points over " + space.names() + "; use fewer points per range");
      }
    }
    List<Parameters> points = new ArrayList<>();
    int[] index = new int[axes.size()];
    for (long i = 0; i < total; i++) {
      LinkedHashMap<String, Object> values = new LinkedHashMap<>();
      for (int a = 0; a < axes.size(); a++) {
        values.put(parameters.get(a).name(), axes.get(a).get(index[a]));
      }
      Parameters p = new Parameters(values);
      if (space.isFeasible(p)) {
        points.add(p);
      }
      for (int a = axes.size() - 1; a >= 0; a--) {
        if (++index[a] < axes.get(a).size()) {
          break;
        }
        index[a] = 0;
      }
    }
    if (points.isEmpty()) {
      throw new IllegalArgumentException(
          "grid: none of the " + total + " grid points meets the constraints " + space.constraints());
    }
    return points;
  }

  @Override
  public Session open(SearchSpace space, Direction direction, long seed) {
    List<Parameters> points = enumerate(space);
    return (number, finished, pending) -> number < points.size() ? Optional.of(points.get(number)) : Optional.empty();
  }

  @Override
  public String toString() {
    return "grid(" + pointsPerRange + ")";
  }
}
