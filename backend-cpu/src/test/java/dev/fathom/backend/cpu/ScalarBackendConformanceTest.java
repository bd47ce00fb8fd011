package dev.fathom.backend.cpu;

import dev.fathom.spi.Backend;
import dev.fathom.tck.BackendConformanceTest;

/** The whole TCK on the scalar reference backend. */
class ScalarBackendConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend createBackend() {
    return new ScalarBackend();
  }
}
