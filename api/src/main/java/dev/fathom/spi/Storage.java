package dev.fathom.spi;

import dev.fathom.DType;

/**
 * A flat buffer of elements of one dtype, owned by a backend. Tensors are strided {@link View}s of
 * storages; several views may share one storage.
 */
public interface Storage {
  DType dtype();

  /** Number of elements. */
  int size();

  /** The device type of the backend that owns it ({@code "cpu"}, {@code "cuda"}). */
  String deviceType();
}
