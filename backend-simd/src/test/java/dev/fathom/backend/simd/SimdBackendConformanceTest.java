package dev.fathom.backend.simd;

import dev.fathom.spi.Backend;
import dev.fathom.tck.BackendConformanceTest;

/** The whole TCK on the SIMD backend. */
class SimdBackendConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend createBackend() {
    return new SimdBackend();
  }
}
