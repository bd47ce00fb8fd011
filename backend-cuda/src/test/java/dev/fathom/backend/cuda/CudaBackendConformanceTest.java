package dev.fathom.backend.cuda;

import dev.fathom.Device;
import dev.fathom.spi.Backend;
import dev.fathom.tck.BackendConformanceTest;

/**
 * The whole TCK on the GPU: fixtures from PyTorch, gradient checks, behaviour, bad input, and
 * random shapes and views against the scalar reference. Skipped, with the reason, without a GPU.
 */
class CudaBackendConformanceTest extends BackendConformanceTest {
  @Override
  protected Backend createBackend() {
    GpuRequired.assumeGpu();
    return new CudaBackendProvider().create();
  }

  @Override
  protected Device device() {
    return Device.cuda(0);
  }
}
