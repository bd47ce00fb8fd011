package dev.fathom.backend.cpu;

import dev.fathom.spi.Backend;
import dev.fathom.spi.BackendProvider;

/**
 * Registers {@link ScalarBackend} as the "scalar" backend for device type "cpu" with priority 0:
 * always available, chosen when no faster CPU backend is on the class path or when
 * {@code -Dfathom.backend.cpu=scalar} asks for it.
 *
 * <pre>{@code
 * Backend cpu = Backends.create("cpu", "scalar");
 * }</pre>
 */
public final class ScalarBackendProvider implements BackendProvider {
  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public String deviceType() {
    return "cpu";
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public String unavailableReason() {
    return null;
  }

  @Override
  public Backend create() {
    return new ScalarBackend();
  }
}
