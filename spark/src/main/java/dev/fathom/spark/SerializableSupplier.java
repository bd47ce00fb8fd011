package dev.fathom.spark;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * A {@link Supplier} that Spark can ship to executors: a lambda or method reference typed as this
 * interface is serializable, so each worker can build its own replica of a model or loss.
 *
 * <pre>{@code
 * SerializableSupplier<Module> model = () -> new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
 * SerializableSupplier<Module> loss = CrossEntropyLoss::new;
 * }</pre>
 *
 * @param <T> what it supplies
 */
@FunctionalInterface
public interface SerializableSupplier<T> extends Supplier<T>, Serializable {}
