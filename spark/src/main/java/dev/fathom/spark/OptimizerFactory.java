package dev.fathom.spark;

import dev.fathom.nn.Module;
import dev.fathom.optim.Optimizer;
import java.io.Serializable;

/**
 * Builds the optimizer for a model replica; serializable so each worker builds its own.
 *
 * <pre>{@code
 * OptimizerFactory sgd = m -> new SGD(m.parameters(), SGD.options().lr(0.1).momentum(0.9));
 * OptimizerFactory adam = m -> new Adam(m.parameters(), 1e-3);
 * }</pre>
 */
@FunctionalInterface
public interface OptimizerFactory extends Serializable {
  /** A new optimizer over {@code model}'s parameters. */
  Optimizer create(Module model);
}
