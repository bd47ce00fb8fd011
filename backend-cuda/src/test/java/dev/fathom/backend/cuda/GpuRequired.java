package dev.fathom.backend.cuda;

import org.junit.jupiter.api.Assumptions;

/** Skips a test (or a whole class, from a {@code @BeforeAll}) when this machine cannot run the CUDA backend. */
final class GpuRequired {
  private GpuRequired() {}

  static void assumeGpu() {
    String reason = new CudaBackendProvider().unavailableReason();
    Assumptions.assumeTrue(reason == null, () -> "needs an NVIDIA GPU with a CUDA driver: " + reason);
  }
}
