package dev.fathom.train;

import dev.fathom.Tensor;

/**
 * A per-batch score of a model's output against the label; the {@link Trainer} averages it over
 * an epoch weighted by batch size.
 *
 * <pre>{@code
 * Metric acc = Metrics::accuracy;
 * double a = acc.compute(logits, labels);   // logits [N, C], labels [N] -> fraction correct
 * }</pre>
 */
@FunctionalInterface
public interface Metric {
  double compute(Tensor output, Tensor label);
}
