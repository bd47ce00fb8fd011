package dev.fathom;

/**
 * Where a tensor's storage lives: a device type ({@code "cpu"}, {@code "cuda"}) and an index.
 *
 * <pre>{@code
 * Tensor x = Tensor.zeros(2, 3).to(Device.cpu());
 * Device gpu = Device.cuda(0);
 * }</pre>
 */
public record Device(String type, int index) {
  private static final Device CPU = new Device("cpu", 0);

  public Device {
    if (type == null || type.isBlank()) throw new IllegalArgumentException("device type must not be empty");
    if (index < 0) throw new IllegalArgumentException("device index must be >= 0, got " + index);
  }

  public static Device cpu() { return CPU; }

  public static Device cuda() { return new Device("cuda", 0); }

  public static Device cuda(int index) { return new Device("cuda", index); }

  /** Parses {@code "cpu"}, {@code "cuda"}, {@code "cuda:1"}. */
  public static Device parse(String spec) {
    int colon = spec.indexOf(':');
    if (colon < 0) return spec.equals("cpu") ? CPU : new Device(spec, 0);
    return new Device(spec.substring(0, colon), Integer.parseInt(spec.substring(colon + 1)));
  }

  @Override
  public String toString() {
    return type.equals("cpu") ? "cpu" : type + ":" + index;
  }
}
