package dev.fathom.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.spi.Backend;
import dev.fathom.spi.BackendProvider;
import dev.fathom.spi.Backends;
import org.junit.jupiter.api.Test;

class ScalarBackendProviderTest {
  @Test
  void serviceLoaderFindsTheScalarCpuProvider() {
    assertThat(Backends.providers()).anySatisfy(p -> {
      assertThat(p).isInstanceOf(ScalarBackendProvider.class);
      assertThat(p.name()).isEqualTo("scalar");
      assertThat(p.deviceType()).isEqualTo("cpu");
      assertThat(p.priority()).isZero();
      assertThat(p.isAvailable()).isTrue();
    });
  }

  @Test
  void createsAScalarBackend() {
    BackendProvider p = new ScalarBackendProvider();
    Backend b = p.create();
    assertThat(b).isInstanceOf(ScalarBackend.class);
    assertThat(b.name()).isEqualTo("scalar");
    assertThat(b.deviceType()).isEqualTo("cpu");
  }
}
