package dev.fathom.tune;

/**
 * An {@link Objective} that also reports intermediate values (for example the validation loss
 * after each epoch) so that an {@link EarlyStopper} can end poor trials early.
 *
 * <pre>{@code
 * ReportingObjective train = (p, reporter) -> {
 *   double loss = Double.NaN;
 *   for (int epoch = 1; epoch <= 10; epoch++) {
 *     loss = trainOneEpoch(p.getDouble("lr"));
 *     reporter.report(epoch, loss);   // throws TrialStoppedException when the stopper says so
 *   }
 *   return loss;
 * };
 * }</pre>
 */
@FunctionalInterface
public interface ReportingObjective {
  /** The final objective value for {@code parameters}, reporting intermediate values on the way. */
  double evaluate(Parameters parameters, Reporter reporter) throws Exception;
}
