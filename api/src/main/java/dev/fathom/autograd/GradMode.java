package dev.fathom.autograd;

/**
 * Whether ops record the autograd graph on the current thread (on by default), as PyTorch's grad
 * mode. Use {@code try (var g = Fathom.noGrad()) { ... }} to turn it off for a block.
 */
public final class GradMode {
  private static final ThreadLocal<boolean[]> DISABLED = ThreadLocal.withInitial(() -> new boolean[1]);

  private GradMode() {}

  public static boolean isEnabled() {
    return !DISABLED.get()[0];
  }

  /** Sets grad mode for this thread and returns a guard that restores the previous mode. */
  public static Guard set(boolean enabled) {
    boolean[] flag = DISABLED.get();
    boolean previous = !flag[0];
    flag[0] = !enabled;
    return new Guard(flag, previous);
  }

  /** Restores the previous grad mode when closed. */
  public static final class Guard implements AutoCloseable {
    private final boolean[] flag;
    private final boolean previous;

    private Guard(boolean[] flag, boolean previous) {
      this.flag = flag;
      this.previous = previous;
    }

    @Override
    public void close() {
      flag[0] = !previous;
    }
  }
}
