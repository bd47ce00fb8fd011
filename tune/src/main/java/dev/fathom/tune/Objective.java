package dev.fathom.tune;

/**
 * What a trial evaluates: any function of the configuration that returns the value to minimise
 * or maximise. Throwing, or returning NaN or an infinity, fails that trial only.
 *
 * <pre>{@code
 * Objective branin = p -> branin(p.getDouble("x1"), p.getDouble("x2"));
 * }</pre>
 */
@FunctionalInterface
public interface Objective {
  /** The objective value for {@code parameters}. */
  double evaluate(Parameters parameters) throws Exception;
}
