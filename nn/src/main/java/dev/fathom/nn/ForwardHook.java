package dev.fathom.nn;

import dev.fathom.Tensor;

/**
 * Called after a module's forward, as PyTorch's {@code register_forward_hook}: it sees the module,
 * its inputs and its output. Built-in layers run their hooks; a module of your own runs them by
 * ending its forward with {@code return withHooks(output, inputs...)}.
 *
 * <pre>{@code
 * List<long[]> shapes = new ArrayList<>();
 * try (HookHandle h = conv.registerForwardHook((m, in, out) -> shapes.add(out.shape()))) {
 *   model.forward(x);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ForwardHook {
  void accept(Module module, Tensor[] inputs, Tensor output);
}
