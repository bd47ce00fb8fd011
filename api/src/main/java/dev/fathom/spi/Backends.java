package dev.fathom.spi;

import dev.fathom.Device;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The registry: finds {@link BackendProvider}s through {@link ServiceLoader} and picks one backend
 * per device type — the available provider with the highest priority, or the one named by the
 * system property {@code fathom.backend.<type>} (e.g. {@code -Dfathom.backend.cpu=scalar}).
 */
public final class Backends {
  private static final Logger LOG = Logger.getLogger(Backends.class.getName());
  private static final Map<String, Backend> SELECTED = new ConcurrentHashMap<>();
  private static volatile List<BackendProvider> providers;

  private Backends() {}

  /** The backend that serves {@code device}, selecting it on first use. */
  public static Backend forDevice(Device device) {
    Backend b = SELECTED.get(device.type());
    return b != null ? b : SELECTED.computeIfAbsent(device.type(), Backends::select);
  }

  /**
   * Uses {@code backend} for its device type from now on (tests and benchmarks compare backends
   * this way). Returns the backend it replaced, or null.
   */
  public static Backend use(Backend backend) {
    return SELECTED.put(backend.deviceType(), backend);
  }

  /** Every provider on the class path, available or not. */
  public static List<BackendProvider> providers() {
    List<BackendProvider> p = providers;
    if (p == null) {
      List<BackendProvider> found = new ArrayList<>();
      for (BackendProvider bp : ServiceLoader.load(BackendProvider.class)) found.add(bp);
      found.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
      providers = p = List.copyOf(found);
    }
    return p;
  }

  /** The provider called {@code name} for {@code deviceType}, created fresh (not selected). */
  public static Backend create(String deviceType, String name) {
    for (BackendProvider bp : providers()) {
      if (bp.deviceType().equals(deviceType) && bp.name().equals(name)) {
        String why = bp.unavailableReason();
        if (why != null) throw new IllegalStateException("backend '" + name + "' for device '" + deviceType + "' is unavailable: " + why);
        return bp.create();
      }
    }
    throw new IllegalStateException("no backend named '" + name + "' for device '" + deviceType + "' on the class path; found: " + describe());
  }

  private static Backend select(String type) {
    String wanted = System.getProperty("fathom.backend." + type);
    if (wanted != null && !wanted.isBlank()) return create(type, wanted.trim());
    List<String> skipped = new ArrayList<>();
    for (BackendProvider bp : providers()) {
      if (!bp.deviceType().equals(type)) continue;
      String why = bp.unavailableReason();
      if (why == null) {
        for (String s : skipped) LOG.info("fathom: " + s + "; using backend '" + bp.name() + "' for " + type);
        return bp.create();
      }
      skipped.add("backend '" + bp.name() + "' is unavailable: " + why);
    }
    String msg = "no available backend for device '" + type + "'";
    if (!skipped.isEmpty()) msg += " (" + String.join("; ", skipped) + ")";
    else msg += ": add a backend module such as fathom-backend-cpu or fathom-backend-simd to the class path";
    throw new IllegalStateException(msg);
  }

  private static String describe() {
    List<String> names = new ArrayList<>();
    for (BackendProvider bp : providers()) names.add(bp.deviceType() + ":" + bp.name());
    return names.isEmpty() ? "none" : String.join(", ", names);
  }
}
