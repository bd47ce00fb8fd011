package dev.fathom;

import dev.fathom.autograd.GradMode;
import dev.fathom.spi.Backends;
import dev.fathom.spi.Parallel;

/**
 * Global switches, as the {@code torch} module's: seeding, threads, grad mode.
 *
 * <pre>{@code
 * Fathom.manualSeed(42);
 * Fathom.setNumThreads(2);
 * try (var g = Fathom.noGrad()) {
 *   Tensor prediction = model.forward(x);   // no graph recorded
 * }
 * }</pre>
 */
public final class Fathom {
  private Fathom() {}

  /** Seeds the global generator, as {@code torch.manual_seed}. */
  public static void manualSeed(long seed) {
    Generator.global().manualSeed(seed);
  }

  /** Threads one op may use (the calling thread included), as {@code torch.set_num_threads}. */
  public static void setNumThreads(int n) {
    Parallel.setNumThreads(n);
  }

  public static int getNumThreads() {
    return Parallel.numThreads();
  }

  /** Turns graph recording off until the guard is closed, as {@code with torch.no_grad():}. */
  public static GradMode.Guard noGrad() {
    return GradMode.set(false);
  }

  /** Turns graph recording on until the guard is closed, as {@code torch.enable_grad()}. */
  public static GradMode.Guard enableGrad() {
    return GradMode.set(true);
  }

  public static boolean isGradEnabled() {
    return GradMode.isEnabled();
  }

  /** The name of the backend serving {@code device} (selecting it if needed), e.g. "simd". */
  public static String backendName(Device device) {
    return Backends.forDevice(device).name();
  }
}
