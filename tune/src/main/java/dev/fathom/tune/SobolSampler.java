package dev.fathom.tune;

import java.util.SplittableRandom;
import org.hipparchus.random.SobolSequenceGenerator;

/**
 * Quasi-random points in the unit cube {@code [0, 1)^dims}: Hipparchus's Sobol sequence with a
 * seed-dependent random shift modulo 1 (a Cranley-Patterson rotation). The shift makes different
 * seeds give different, equally well spread designs; every one-dimensional projection of the first
 * {@code 2^k} points still has exactly one point in each interval {@code [j/2^k, (j+1)/2^k)}.
 *
 * <pre>{@code
 * SobolSampler s = new SobolSampler(3, 42);
 * double[] u = s.next();   // length 3, each in [0, 1)
 * }</pre>
 */
public final class SobolSampler {
  private final SobolSequenceGenerator sobol;
  private final double[] shift;

  /** A sampler of {@code dims}-dimensional points (1 to 21201) whose shift depends on {@code seed}. */
  public SobolSampler(int dims, long seed) {
    if (dims < 1) {
      throw new IllegalArgumentException("SobolSampler: dims must be >= 1, got " + dims);
    }
    this.sobol = new SobolSequenceGenerator(dims);
    SplittableRandom random = new SplittableRandom(seed);
    this.shift = new double[dims];
    for (int i = 0; i < dims; i++) {
      shift[i] = random.nextDouble();
    }
  }

  /** The next point of the shifted sequence. */
  public double[] next() {
    double[] x = sobol.nextVector();
    for (int i = 0; i < x.length; i++) {
      double v = x[i] + shift[i];
      x[i] = v >= 1.0 ? v - 1.0 : v;
    }
    return x;
  }

  /** {@code count} consecutive points of the sequence, as rows. */
  public double[][] next(int count) {
    double[][] points = new double[count][];
    for (int i = 0; i < count; i++) {
      points[i] = next();
    }
    return points;
  }
}
