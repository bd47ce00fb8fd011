package dev.fathom.tune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters a study searches over and the constraints between them. Built once and
 * immutable; strategies work in its unit-cube encoding ({@link #dims()} coordinates, see
 * {@link Parameter}) and turn points back into {@link Parameters} with {@link #decode}.
 *
 * <pre>{@code
 * SearchSpace space = SearchSpace.builder()
 *     .floatRange("lr", 1e-4, 1e-1, Scale.LOG)
 *     .intRange("width", 16, 256, Scale.LOG)
 *     .choice("optimizer", "adam", "sgd")
 *     .fixed("epochs", 5)
 *     .build();
 * }</pre>
 */
public final class SearchSpace {
  /** How many quasi-random points {@link Builder#build()} tries to find one that meets the constraints. */
  static final int FEASIBILITY_SAMPLES = 4096;

  private final List<Parameter> parameters;
  private final List<Constraint> constraints;
  private final int dims;

  private SearchSpace(List<Parameter> parameters, List<Constraint> constraints) {
    this.parameters = List.copyOf(parameters);
    this.constraints = List.copyOf(constraints);
    this.dims = parameters.stream().mapToInt(Parameter::dims).sum();
  }

  /** A builder for a search space. */
  public static Builder builder() {
    return new Builder();
  }

  /** The parameters in declaration order. */
  public List<Parameter> parameters() {
    return parameters;
  }

  /** The constraints. */
  public List<Constraint> constraints() {
    return constraints;
  }

  /** The number of unit-cube coordinates of the encoding. */
  public int dims() {
    return dims;
  }

  /** The parameter called {@code name}. */
  public Parameter parameter(String name) {
    for (Parameter p : parameters) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no parameter '" + name + "' in the search space");
  }

  /** The unit-cube encoding of {@code p}, length {@link #dims()}. */
  public double[] encode(Parameters p) {
    double[] u = new double[dims];
    int offset = 0;
    for (Parameter parameter : parameters) {
      parameter.encode(p.get(parameter.name()), u, offset);
      offset += parameter.dims();
    }
    return u;
  }

  /** The configuration a unit-cube point stands for (ints rounded, choices by largest coordinate). */
  public Parameters decode(double[] u) {
    if (u.length != dims) {
      throw new IllegalArgumentException("decode: expected a point of " + dims + " coordinates, got " + u.length);
    }
    LinkedHashMap<String, Object> values = new LinkedHashMap<>();
    int offset = 0;
    for (Parameter parameter : parameters) {
      values.put(parameter.name(), parameter.decode(u, offset));
      offset += parameter.dims();
    }
    return new Parameters(values);
  }

  /**
   * Checks and converts raw values (for example read back from JSON) into a configuration of
   * this space.
   *
   * @throws IllegalArgumentException when a parameter is missing, unknown or out of its domain
   */
  public Parameters coerce(Map<String, ?> raw) {
    if (!raw.keySet().equals(names())) {
      throw new IllegalArgumentException(
          "configuration has parameters " + raw.keySet() + " but the search space has " + names());
    }
    LinkedHashMap<String, Object> values = new LinkedHashMap<>();
    for (Parameter parameter : parameters) {
      values.put(parameter.name(), parameter.coerce(raw.get(parameter.name())));
    }
    return new Parameters(values);
  }

  /** Whether {@code p} meets every constraint. */
  public boolean isFeasible(Parameters p) {
    for (Constraint c : constraints) {
      if (!c.test(p)) {
        return false;
      }
    }
    return true;
  }

  /** The parameter names in order. */
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    parameters.forEach(p -> names.add(p.name()));
    return names;
  }

  /**
   * The next configuration from {@code sampler} that meets the constraints.
   *
   * @throws IllegalStateException when {@link #FEASIBILITY_SAMPLES} draws in a row all fail
   */
  public Parameters sample(SobolSampler sampler) {
    for (int attempt = 0; attempt < FEASIBILITY_SAMPLES; attempt++) {
      Parameters p = decode(sampler.next());
      if (isFeasible(p)) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no configuration met the constraints " + constraints + " in " + FEASIBILITY_SAMPLES + " draws");
  }

  @Override
  public String toString() {
    return "SearchSpace" + parameters + (constraints.isEmpty() ? "" : " subject to " + constraints);
  }

  /** Collects parameters and constraints; {@link #build()} checks that they make sense together. */
  public static final class Builder {
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<Constraint> constraints = new ArrayList<>();

    private Builder() {}

    /** A float range searched linearly. */
    public Builder floatRange(String name, double low, double high) {
      return floatRange(name, low, high, Scale.LINEAR);
    }

    /** A float range searched linearly or in log space. */
    public Builder floatRange(String name, double low, double high, Scale scale) {
      return add(new Parameter.FloatRange(name, low, high, scale));
    }

    /** An int range, both ends included, searched linearly. */
    public Builder intRange(String name, int low, int high) {
      return intRange(name, low, high, Scale.LINEAR);
    }

    /** An int range, both ends included, searched linearly or in log space. */
    public Builder intRange(String name, int low, int high, Scale scale) {
      return add(new Parameter.IntRange(name, low, high, scale));
    }

    /** A choice among strings, numbers or booleans. */
    public Builder choice(String name, Object... values) {
      return add(new Parameter.Choice(name, Arrays.asList(values)));
    }

    /** A value every trial gets. */
    public Builder fixed(String name, Object value) {
      return add(new Parameter.Fixed(name, value));
    }

    /** Any parameter. */
    public Builder add(Parameter parameter) {
      for (Parameter p : parameters) {
        if (p.name().equals(parameter.name())) {
          throw new IllegalArgumentException("search space: duplicate parameter '" + parameter.name() + "'");
        }
      }
      parameters.add(parameter);
      return this;
    }

    /** A constraint every configuration must meet. */
    public Builder constraint(Constraint constraint) {
      constraints.add(constraint);
      return this;
    }

    /**
     * The search space.
     *
     * @throws IllegalArgumentException when the space is empty, has nothing to search, a
     *     constraint names an unknown or non-numeric parameter, or no configuration meets the
     *     constraints
     */
    public SearchSpace build() {
      if (parameters.isEmpty()) {
        throw new IllegalArgumentException("search space is empty: add at least one parameter");
      }
      if (parameters.stream().allMatch(p -> p instanceof Parameter.Fixed)) {
        throw new IllegalArgumentException(
            "search space has nothing to search: every parameter is fixed " + parameters);
      }
      for (Constraint c : constraints) {
        if (c instanceof Constraint.Linear linear) {
          checkLinear(linear);
        }
      }
      SearchSpace space = new SearchSpace(parameters, constraints);
      if (!constraints.isEmpty()) {
        SobolSampler sampler = new SobolSampler(space.dims(), 0);
        try {
          space.sample(sampler);
        } catch (IllegalStateException e) {
          throw new IllegalArgumentException(
              "search space is contradictory: none of " + FEASIBILITY_SAMPLES
                  + " quasi-random configurations meets the constraints " + constraints, e);
        }
      }
      return space;
    }

    private void checkLinear(Constraint.Linear c) {
      double smallest = 0;
      for (Map.Entry<String, Double> e : c.coefficients().entrySet()) {
        Parameter p = parameters.stream().filter(q -> q.name().equals(e.getKey())).findFirst()
            .orElseThrow(() -> new IllegalArgumentException(
                "constraint " + c + " names unknown parameter '" + e.getKey() + "'"));
        double lo;
        double hi;
        switch (p) {
          case Parameter.FloatRange r -> { lo = r.low(); hi = r.high(); }
          case Parameter.IntRange r -> { lo = r.low(); hi = r.high(); }
          case Parameter.Fixed f when f.value() instanceof Number n -> { lo = n.doubleValue(); hi = lo; }
          case Parameter.Choice ch when ch.values().stream().allMatch(v -> v instanceof Number) -> {
            lo = ch.values().stream().mapToDouble(v -> ((Number) v).doubleValue()).min().orElseThrow();
            hi = ch.values().stream().mapToDouble(v -> ((Number) v).doubleValue()).max().orElseThrow();
          }
          default -> throw new IllegalArgumentException(
              "constraint " + c + ": parameter '" + p.name() + "' is not numeric");
        }
        smallest += Math.min(e.getValue() * lo, e.getValue() * hi);
      }
      if (smallest > c.bound()) {
        throw new IllegalArgumentException(
            "search space is contradictory: constraint " + c + " cannot hold, its left side is at least "
                + smallest + " over the parameter ranges");
      }
    }
  }
}
