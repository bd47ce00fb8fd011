package dev.fathom.tune;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One dimension of a {@link SearchSpace}: a float range, an int range, a choice among values or
 * a fixed value. Strategies see every parameter through its encoding in the unit cube: a range
 * takes one coordinate in [0, 1] (in log space for {@link Scale#LOG}), a choice of k values takes
 * k coordinates (one-hot; decoding picks the largest), a fixed value takes none.
 *
 * <pre>{@code
 * Parameter lr = new Parameter.FloatRange("lr", 1e-4, 1e-1, Scale.LOG);
 * double[] u = new double[1];
 * lr.encode(1e-2, u, 0);          // u[0] == 2/3
 * }</pre>
 */
public sealed interface Parameter {

  /** The parameter's name, unique within its space. */
  String name();

  /** How many unit-cube coordinates the parameter takes. */
  int dims();

  /** Writes the encoding of {@code value} into {@code out[offset .. offset + dims())}. */
  void encode(Object value, double[] out, int offset);

  /** Reads a value from {@code u[offset .. offset + dims())}; coordinates are clamped to [0, 1]. */
  Object decode(double[] u, int offset);

  /** The values a grid search visits, given how many points a continuous range gets. */
  List<Object> gridValues(int points);

  /**
   * Converts {@code value} (for example a number read back from JSON) to this parameter's value
   * type, checking that it lies in the parameter's domain.
   *
   * @throws IllegalArgumentException when the value is outside the domain
   */
  Object coerce(Object value);

  /** A float range {@code [low, high]}, searched linearly or in log space. */
  record FloatRange(String name, double low, double high, Scale scale) implements Parameter {
    public FloatRange {
      checkName(name);
      Objects.requireNonNull(scale, "scale");
      if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
        throw new IllegalArgumentException(
            "floatRange '" + name + "': need finite low < high, got [" + low + ", " + high + "]");
      }
      if (scale == Scale.LOG && low <= 0) {
        throw new IllegalArgumentException(
            "floatRange '" + name + "': a LOG range needs low > 0, got " + low);
      }
    }

    @Override
    public int dims() {
      return 1;
    }

    @Override
    public void encode(Object value, double[] out, int offset) {
      out[offset] = toUnit(((Number) coerce(value)).doubleValue(), low, high, scale);
    }

    @Override
    public Object decode(double[] u, int offset) {
      return Math.clamp(fromUnit(u[offset], low, high, scale), low, high);
    }

    @Override
    public List<Object> gridValues(int points) {
      List<Object> values = new ArrayList<>(points);
      for (int i = 0; i < points; i++) {
        double t = points == 1 ? 0.5 : (double) i / (points - 1);
        values.add(Math.clamp(fromUnit(t, low, high, scale), low, high));
      }
      return values;
    }

    @Override
    public Object coerce(Object value) {
      if (!(value instanceof Number n) || !(n.doubleValue() >= low && n.doubleValue() <= high)) {
        throw new IllegalArgumentException(
            "parameter '" + name + "': " + value + " is not a number in [" + low + ", " + high + "]");
      }
      return n.doubleValue();
    }
  }

  /**
   * An int range {@code [low, high]} (both included). In the unit cube each integer owns an
   * interval of equal width (equal log-width for {@link Scale#LOG}), so rounding is unbiased.
   */
  record IntRange(String name, int low, int high, Scale scale) implements Parameter {
    public IntRange {
      checkName(name);
      Objects.requireNonNull(scale, "scale");
      if (low > high) {
        throw new IllegalArgumentException(
            "intRange '" + name + "': empty range [" + low + ", " + high + "]");
      }
      if (low == high) {
        throw new IllegalArgumentException(
            "intRange '" + name + "': range [" + low + ", " + high + "] holds one value; use fixed()");
      }
      if (scale == Scale.LOG && low <= 0) {
        throw new IllegalArgumentException(
            "intRange '" + name + "': a LOG range needs low >= 1, got " + low);
      }
    }

    private double lowEdge() {
      return scale == Scale.LOG ? low * Math.sqrt((double) low / (low + 1)) : low - 0.5;
    }

    private double highEdge() {
      return scale == Scale.LOG ? high * Math.sqrt((double) (high + 1) / high) : high + 0.5;
    }

    @Override
    public int dims() {
      return 1;
    }

    @Override
    public void encode(Object value, double[] out, int offset) {
      out[offset] = toUnit((Integer) coerce(value), lowEdge(), highEdge(), scale);
    }

    @Override
    public Object decode(double[] u, int offset) {
      double v = fromUnit(Math.clamp(u[offset], 0.0, 1.0), lowEdge(), highEdge(), scale);
      long below = (long) Math.floor(v);
      // The boundary between n and n + 1 is their mean, or their geometric mean in log space.
      boolean up = scale == Scale.LOG ? v * v >= below * (below + 1.0) : v >= below + 0.5;
      return (int) Math.clamp(up ? below + 1 : below, (long) low, (long) high);
    }

    @Override
    public List<Object> gridValues(int points) {
      LinkedHashSet<Object> values = new LinkedHashSet<>();
      if ((long) high - low + 1 <= points) {
        for (int v = low; v <= high; v++) {
          values.add(v);
        }
      } else {
        for (int i = 0; i < points; i++) {
          double t = points == 1 ? 0.5 : (double) i / (points - 1);
          values.add((int) Math.clamp(Math.round(fromUnit(t, low, high, scale)), (long) low, (long) high));
        }
      }
      return List.copyOf(values);
    }

    @Override
    public Object coerce(Object value) {
      if (value instanceof Number n) {
        double d = n.doubleValue();
        if (d == Math.rint(d) && d >= low && d <= high) {
          return (int) d;
        }
      }
      throw new IllegalArgumentException(
          "parameter '" + name + "': " + value + " is not an int in [" + low + ", " + high + "]");
    }
  }

  /**
   * A choice among values (strings, numbers or booleans), unordered: it is encoded one-hot.
   */
  record Choice(String name, List<Object> values) implements Parameter {
    public Choice {
      checkName(name);
      Objects.requireNonNull(values, "values");
      if (values.isEmpty()) {
        throw new IllegalArgumentException("choice '" + name + "': no values to choose from");
      }
      for (Object v : values) {
        if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
          throw new IllegalArgumentException(
              "choice '" + name + "': values must be strings, numbers or booleans, got " + v);
        }
      }
      if (new LinkedHashSet<>(values).size() != values.size()) {
        throw new IllegalArgumentException("choice '" + name + "': duplicate values " + values);
      }
      if (values.size() == 1) {
        throw new IllegalArgumentException(
            "choice '" + name + "': only one value " + values + "; use fixed()");
      }
      values = List.copyOf(values);
    }

    @Override
    public int dims() {
      return values.size();
    }

    @Override
    public void encode(Object value, double[] out, int offset) {
      int index = indexOf(value);
      for (int i = 0; i < values.size(); i++) {
        out[offset + i] = i == index ? 1.0 : 0.0;
      }
    }

    @Override
    public Object decode(double[] u, int offset) {
      int best = 0;
      for (int i = 1; i < values.size(); i++) {
        if (u[offset + i] > u[offset + best]) {
          best = i;
        }
      }
      return values.get(best);
    }

    @Override
    public List<Object> gridValues(int points) {
      return values;
    }

    @Override
    public Object coerce(Object value) {
      return values.get(indexOf(value));
    }

    private int indexOf(Object value) {
      for (int i = 0; i < values.size(); i++) {
        Object v = values.get(i);
        if (v.equals(value)
            || (v instanceof Number a && value instanceof Number b && a.doubleValue() == b.doubleValue())) {
          return i;
        }
      }
      throw new IllegalArgumentException(
          "parameter '" + name + "': " + value + " is not one of " + values);
    }
  }

  /** A value that every trial gets; it takes no search dimension. */
  record Fixed(String name, Object value) implements Parameter {
    public Fixed {
      checkName(name);
      if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
        throw new IllegalArgumentException(
            "fixed '" + name + "': value must be a string, number or boolean, got " + value);
      }
    }

    @Override
    public int dims() {
      return 0;
    }

    @Override
    public void encode(Object v, double[] out, int offset) {
      coerce(v);
    }

    @Override
    public Object decode(double[] u, int offset) {
      return value;
    }

    @Override
    public List<Object> gridValues(int points) {
      return List.of(value);
    }

    @Override
    public Object coerce(Object v) {
      if (value.equals(v)
          || (value instanceof Number a && v instanceof Number b && a.doubleValue() == b.doubleValue())) {
        return value;
      }
      throw new IllegalArgumentException("parameter '" + name + "': fixed at " + value + ", got " + v);
    }
  }

  private static void checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("parameter name must be non-blank, got '" + name + "'");
    }
  }

  private static double toUnit(double v, double low, double high, Scale scale) {
    return scale == Scale.LOG
        ? (Math.log(v) - Math.log(low)) / (Math.log(high) - Math.log(low))
        : (v - low) / (high - low);
  }

  private static double fromUnit(double t, double low, double high, Scale scale) {
    double u = Math.clamp(t, 0.0, 1.0);
    return scale == Scale.LOG
        ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)))
        : low + u * (high - low);
  }
}
