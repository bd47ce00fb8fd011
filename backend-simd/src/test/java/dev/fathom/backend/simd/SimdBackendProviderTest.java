package dev.fathom.backend.simd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.spi.BackendProvider;
import dev.fathom.spi.Backends;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SimdBackendProviderTest {
  @Test
  void isFoundByServiceLoaderWithPriorityOverTheScalarBackend() {
    BackendProvider simd = Backends.providers().stream().filter(p -> p.name().equals("simd")).findFirst().orElseThrow();
    BackendProvider scalar = Backends.providers().stream().filter(p -> p.name().equals("scalar")).findFirst().orElseThrow();
    assertThat(simd.deviceType()).isEqualTo("cpu");
    assertThat(simd.priority()).isEqualTo(100).isGreaterThan(scalar.priority());
  }

  @Test
  void isAvailableAndCreatesTheSimdBackendWhenTheVectorModuleIsPresent() {
    SimdBackendProvider p = new SimdBackendProvider();
    assertThat(p.unavailableReason()).isNull();
    assertThat(p.create()).isInstanceOf(SimdBackend.class);
    assertThat(Backends.create("cpu", "simd").name()).isEqualTo("simd");
  }

  /** Prints the provider's verdict; run in a JVM started without the Vector API module. */
  public static void main(String[] args) {
    System.out.println(new SimdBackendProvider().unavailableReason());
  }

  @Test
  void explainsTheMissingFlagInAJvmWithoutTheVectorModule() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process proc = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SimdBackendProviderTest.class.getName())
        .redirectErrorStream(true).start();
    assertThat(proc.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(output).isEqualTo("the JDK Vector API module is not enabled: start the JVM with --add-modules jdk.incubator.vector");
  }
}
