package dev.fathom.vision.transforms;

import java.util.Objects;
import java.util.function.Function;

/**
 * A data transform, as a torchvision transform object: a function from one value to another.
 * Transforms on images accept an {@link dev.fathom.vision.Image} or an image
 * {@link dev.fathom.Tensor} and return the same kind, so they are {@code Transform<Object, Object>};
 * {@link ToTensor} is {@code Transform<Object, Tensor>} and {@link Normalize}
 * {@code Transform<Tensor, Tensor>}. Chain them with {@link Compose} or, keeping the output type,
 * with {@link #andThen}.
 *
 * <pre>{@code
 * Transform<Object, Tensor> t = new Resize(32).andThen(new ToTensor()).andThen(new Normalize(new double[] {0.5}, new double[] {0.5}));
 * }</pre>
 */
@FunctionalInterface
public interface Transform<I, O> extends Function<I, O> {
  /** This transform, then {@code next}. */
  default <R> Transform<I, R> andThen(Transform<? super O, ? extends R> next) {
    Objects.requireNonNull(next, "next");
    return x -> next.apply(apply(x));
  }
}
