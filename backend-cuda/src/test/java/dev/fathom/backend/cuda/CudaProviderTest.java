package dev.fathom.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.Device;
import dev.fathom.Tensor;
import dev.fathom.spi.BackendProvider;
import dev.fathom.spi.Backends;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The provider's identity, and on a machine without a usable GPU (this one in CI), that it says
 * why and that the registry reports it while the CPU keeps working.
 */
class CudaProviderTest {
  private final CudaBackendProvider provider = new CudaBackendProvider();

  private void assumeNoGpu() {
    Assumptions.assumeTrue(provider.unavailableReason() != null, "a usable GPU is present, so the unavailable path cannot be seen here; it runs on a machine without an NVIDIA GPU or CUDA driver");
  }

  @Test
  void provider_serves_device_type_cuda_with_priority_100() {
    assertThat(provider.name()).isEqualTo("cuda");
    assertThat(provider.deviceType()).isEqualTo("cuda");
    assertThat(provider.priority()).isEqualTo(100);
  }

  @Test
  void provider_is_registered_for_the_service_loader() {
    assertThat(Backends.providers()).anySatisfy(p -> assertThat(p).isInstanceOf(CudaBackendProvider.class));
  }

  @Test
  void probing_never_throws_and_gives_the_same_answer_twice() {
    String first = provider.unavailableReason();
    assertThat(provider.unavailableReason()).isEqualTo(first);
    assertThat(provider.isAvailable()).isEqualTo(first == null);
  }

  @Test
  void without_a_gpu_the_reason_names_the_driver_or_the_gpu() {
    assumeNoGpu();
    assertThat(provider.unavailableReason()).isNotBlank().containsAnyOf("libcuda.so.1", "GPU", "CUDA driver");
  }

  @Test
  void without_a_gpu_selecting_cuda_fails_with_the_reason() {
    assumeNoGpu();
    BackendProvider p = provider;
    assertThatThrownBy(() -> Tensor.ones(2).to(Device.cuda()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("backend 'cuda' is unavailable")
        .hasMessageContaining(p.unavailableReason());
  }

  @Test
  void without_a_gpu_the_cpu_backend_is_still_selected_for_cpu_tensors() {
    assumeNoGpu();
    assertThat(Backends.forDevice(Device.cpu()).deviceType()).isEqualTo("cpu");
    assertThat(Tensor.ones(3).sum().item()).isEqualTo(3.0);
  }
}
