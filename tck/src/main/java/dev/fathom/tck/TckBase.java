package dev.fathom.tck;

import dev.fathom.Device;
import dev.fathom.Fathom;
import dev.fathom.spi.Backend;
import dev.fathom.spi.Backends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Installs the backend under test for the CPU device (or its own device type) for the duration of
 * a test class. Extend {@link BackendConformanceTest}, not this class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TckBase {
  protected Backend backend;
  private Backend previous;

  /** The backend under test, created fresh. */
  protected abstract Backend createBackend();

  /** The device tensors of the backend under test live on; {@code Device.cpu()} for CPU backends. */
  protected Device device() {
    return Device.cpu();
  }

  @BeforeAll
  void installBackend() {
    backend = createBackend();
    previous = Backends.use(backend);
  }

  @AfterAll
  void restoreBackend() {
    if (previous != null) Backends.use(previous);
  }

  @BeforeEach
  void seed() {
    Fathom.manualSeed(0);
  }
}
