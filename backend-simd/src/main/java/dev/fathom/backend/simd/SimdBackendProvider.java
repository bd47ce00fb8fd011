package dev.fathom.backend.simd;

import dev.fathom.spi.Backend;
import dev.fathom.spi.BackendProvider;

/**
 * Registers {@link SimdBackend} as the "simd" backend for device type "cpu" with priority 100, so
 * it wins over the scalar backend wherever it can run. It can run only when the JVM was started
 * with {@code --add-modules jdk.incubator.vector}; otherwise it reports exactly that and selection
 * falls back to the scalar backend. This class touches no Vector API class itself, so loading it
 * is safe on any JVM.
 *
 * <pre>{@code
 * // java --add-modules jdk.incubator.vector ...
 * Backend cpu = Backends.create("cpu", "simd");
 * }</pre>
 */
public final class SimdBackendProvider implements BackendProvider {
  static final String NO_VECTOR_MODULE =
      "the JDK Vector API module is not enabled: start the JVM with --add-modules jdk.incubator.vector";

  @Override
  public String name() {
    return "simd";
  }

  @Override
  public String deviceType() {
    return "cpu";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public String unavailableReason() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty() ? NO_VECTOR_MODULE : null;
  }

  @Override
  public Backend create() {
    String why = unavailableReason();
    if (why != null) throw new IllegalStateException("backend 'simd' is unavailable: " + why);
    return new SimdBackend();
  }
}
