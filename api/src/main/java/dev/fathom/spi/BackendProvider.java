package dev.fathom.spi;

/**
 * Found through {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.fathom.spi.BackendProvider}. For each device type the available
 * provider with the highest priority is used, unless {@code -Dfathom.backend.<type>=<name>}
 * names another.
 *
 * <pre>{@code
 * public final class MyProvider implements BackendProvider {
 *   public String name() { return "mine"; }
 *   public String deviceType() { return "cpu"; }
 *   public int priority() { return 5; }
 *   public String unavailableReason() { return null; }
 *   public Backend create() { return new MyBackend(); }
 * }
 * }</pre>
 */
public interface BackendProvider {
  String name();

  String deviceType();

  /** Higher wins among available providers of one device type (scalar 0, simd 100). */
  int priority();

  /** Null when the backend can run here, else why it cannot and what to do. */
  String unavailableReason();

  default boolean isAvailable() {
    return unavailableReason() == null;
  }

  /** Called once, when the backend is first selected. */
  Backend create();
}
