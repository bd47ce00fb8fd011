package dev.fathom.backend.cuda;

import dev.fathom.spi.Backend;
import dev.fathom.spi.BackendProvider;

/**
 * Registers {@link CudaBackend} as backend "cuda" for device type "cuda" (priority 100). Creating
 * the provider loads nothing; {@link #unavailableReason()} loads JCuda's driver binding and asks
 * the driver for a GPU on its first call, and says why not when it cannot (no driver library, no
 * GPU), so {@code Backends} reports it and tensors stay on the CPU.
 *
 * <pre>{@code
 * BackendProvider p = new CudaBackendProvider();
 * if (p.isAvailable()) Tensor.randn(3, 3).to(Device.cuda());
 * else System.out.println(p.unavailableReason());
 * }</pre>
 */
public final class CudaBackendProvider implements BackendProvider {
  @Override public String name() { return "cuda"; }

  @Override public String deviceType() { return "cuda"; }

  @Override public int priority() { return 100; }

  @Override
  public String unavailableReason() {
    return CudaProbe.unavailableReason(ordinal());
  }

  @Override
  public Backend create() {
    return new CudaBackend(ordinal());
  }

  private static int ordinal() {
    return Integer.getInteger("fathom.cuda.device", 0);
  }
}
