package dev.fathom.tune;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A condition every trial's configuration must satisfy: a linear inequality over numeric
 * parameters ({@code sum_i c_i * p_i <= bound}) or any predicate. Strategies never propose a
 * configuration that breaks a constraint; a space whose constraints no configuration meets is
 * rejected when it is built.
 *
 * <pre>{@code
 * Constraint.linear(Map.of("dropout_in", 1.0, "dropout_out", 1.0), 0.8); // in + out <= 0.8
 * Constraint.lessOrEqual("min_width", "max_width");
 * Constraint.of("batch divides 1024", p -> 1024 % p.getInt("batch") == 0);
 * }</pre>
 */
public sealed interface Constraint {

  /** Whether {@code p} satisfies the constraint. */
  boolean test(Parameters p);

  /** The names of the parameters the constraint reads, empty when unknown (a predicate). */
  List<String> parameterNames();

  /** {@code sum(coefficients[name] * p[name]) <= bound}. */
  static Constraint linear(Map<String, Double> coefficients, double bound) {
    return new Linear(coefficients, bound);
  }

  /** {@code p[smaller] <= p[larger]}. */
  static Constraint lessOrEqual(String smaller, String larger) {
    LinkedHashMap<String, Double> c = new LinkedHashMap<>();
    c.put(smaller, 1.0);
    c.put(larger, -1.0);
    return new Linear(c, 0.0);
  }

  /** A named predicate; the name appears in error messages. */
  static Constraint of(String description, Predicate<Parameters> predicate) {
    return new Custom(description, predicate);
  }

  /** A linear inequality {@code sum(coefficients[name] * p[name]) <= bound}. */
  record Linear(Map<String, Double> coefficients, double bound) implements Constraint {
    public Linear {
      Objects.requireNonNull(coefficients, "coefficients");
      if (coefficients.isEmpty()) {
        throw new IllegalArgumentException("linear constraint: no coefficients");
      }
      if (!Double.isFinite(bound) || coefficients.values().stream().anyMatch(c -> !Double.isFinite(c))) {
        throw new IllegalArgumentException(
            "linear constraint: coefficients and bound must be finite, got " + coefficients + " <= " + bound);
      }
      coefficients = Collections.unmodifiableMap(new LinkedHashMap<>(coefficients));
    }

    /** The left-hand side at {@code p}. */
    public double lhs(Parameters p) {
      double sum = 0;
      for (Map.Entry<String, Double> e : coefficients.entrySet()) {
        sum += e.getValue() * p.getDouble(e.getKey());
      }
      return sum;
    }

    @Override
    public boolean test(Parameters p) {
      return lhs(p) <= bound;
    }

    @Override
    public List<String> parameterNames() {
      return List.copyOf(coefficients.keySet());
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      coefficients.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " + ").append(v).append('*').append(k));
      return sb + " <= " + bound;
    }
  }

  /** A predicate with a description. */
  record Custom(String description, Predicate<Parameters> predicate) implements Constraint {
    public Custom {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(predicate, "predicate");
    }

    @Override
    public boolean test(Parameters p) {
      return predicate.test(p);
    }

    @Override
    public List<String> parameterNames() {
      return List.of();
    }

    @Override
    public String toString() {
      return description;
    }
  }
}
