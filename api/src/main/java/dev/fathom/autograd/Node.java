package dev.fathom.autograd;

import dev.fathom.Tensor;

/**
 * One recorded operation in the autograd graph: the tensors it read (its edges) and the rule that
 * turns the gradient of its output into gradients of those inputs.
 *
 * <p>Nodes are made by the tensor ops as they run; users see them only through
 * {@link Tensor#gradFn()}, whose {@link #name()} is PyTorch's (e.g. {@code MulBackward0}).
 */
public final class Node {
  /** The derivative rule: gradients for each input (null where an input needs none). */
  @FunctionalInterface
  public interface Rule {
    Tensor[] apply(Tensor gradOutput);
  }

  private final String name;
  private final Tensor[] inputs;
  private Rule rule;

  public Node(String name, Rule rule, Tensor... inputs) {
    this.name = name;
    this.rule = rule;
    this.inputs = inputs;
  }

  public String name() { return name; }

  /** The tensors this op read; the graph's edges. */
  public Tensor[] inputs() { return inputs; }

  /** Applies the derivative rule; fails if the graph was freed by an earlier backward. */
  public Tensor[] apply(Tensor gradOutput) {
    Rule r = rule;
    if (r == null) {
      throw new IllegalStateException("Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). "
          + "Saved intermediate values of the graph are freed when you call backward(). Specify retainGraph=true if you need to backward through the graph a second time (" + name + ")");
    }
    return r.apply(gradOutput);
  }

  /** Drops the rule and what it saved, as PyTorch frees the graph after backward (called by the engine). */
  public void release() {
    rule = null;
  }

  @Override
  public String toString() {
    return "<" + name + ">";
  }
}
