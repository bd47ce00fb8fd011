package dev.fathom.nn;

/**
 * Removes a registered {@link ForwardHook}, as PyTorch's {@code RemovableHandle}. Closing it
 * removes the hook too.
 *
 * <pre>{@code
 * HookHandle h = layer.registerForwardHook((m, in, out) -> System.out.println(Arrays.toString(out.shape())));
 * model.forward(x);
 * h.remove();
 * }</pre>
 */
public final class HookHandle implements AutoCloseable {
  private final Runnable remover;
  private boolean removed;

  HookHandle(Runnable remover) {
    this.remover = remover;
  }

  /** Removes the hook; later calls do nothing. */
  public void remove() {
    if (!removed) {
      removed = true;
      remover.run();
    }
  }

  @Override
  public void close() {
    remove();
  }
}
