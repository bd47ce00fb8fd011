package dev.fathom;

import dev.fathom.autograd.GradMode;
import dev.fathom.autograd.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** The reverse-mode engine: records nodes as ops run and walks them back in topological order. */
final class Autograd {
  private Autograd() {}

  /** True when an op over these inputs must record a node. */
  static boolean needed(Tensor a) {
    return a.requiresGrad && GradMode.isEnabled();
  }

  static boolean needed(Tensor a, Tensor b) {
    return (a.requiresGrad || b.requiresGrad) && GradMode.isEnabled();
  }

  static boolean needed(Tensor... ts) {
    for (Tensor t : ts) if (t != null && t.requiresGrad) return GradMode.isEnabled();
    return false;
  }

  /** Makes {@code out} the result of a node with {@code rule} over {@code inputs}; returns out. */
  static Tensor record(Tensor out, String name, Node.Rule rule, Tensor... inputs) {
    out.gradFn = new Node(name, rule, inputs);
    out.requiresGrad = true;
    return out;
  }

  static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
    if (!root.requiresGrad) {
      throw new IllegalStateException("element 0 of tensors does not require grad and does not have a grad_fn");
    }
    if (gradient == null) {
      if (root.numel() != 1) throw new IllegalStateException("grad can be implicitly created only for scalar outputs (got shape " + dev.fathom.spi.Shapes.str(root.shape) + ")");
      gradient = Tensor.onesLike(root);
    } else if (!java.util.Arrays.equals(gradient.shape, root.shape)) {
      throw new IllegalArgumentException("backward: gradient has shape " + dev.fathom.spi.Shapes.str(gradient.shape) + " but the tensor has shape " + dev.fathom.spi.Shapes.str(root.shape));
    }
    if (root.gradFn == null) { // a leaf
      accumulate(root, gradient);
      return;
    }
    List<Node> order = topologicalOrder(root.gradFn);
    Map<Node, Tensor> grads = new IdentityHashMap<>();
    grads.put(root.gradFn, gradient);
    Map<Node, Tensor> retained = new IdentityHashMap<>();
    collectRetained(root, retained);
    try (var g = GradMode.set(false)) {
      for (Node node : order) {
        Tensor gOut = grads.remove(node);
        if (gOut == null) continue;
        Tensor keeper = retained.get(node);
        if (keeper != null) accumulate(keeper, gOut);
        Tensor[] inputGrads = node.apply(gOut);
        Tensor[] inputs = node.inputs();
        for (int i = 0; i < inputs.length; i++) {
          Tensor in = inputs[i];
          if (in == null || !in.requiresGrad || inputGrads[i] == null) continue;
          Tensor gi = inputGrads[i];
          if (in.gradFn == null) {
            accumulate(in, gi);
          } else {
            if (in.retainsGrad) retained.put(in.gradFn, in);
            grads.merge(in.gradFn, gi, Tensor::add);
          }
        }
        if (!retainGraph) node.release();
      }
    }
  }

  private static void collectRetained(Tensor root, Map<Node, Tensor> retained) {
    if (root.retainsGrad && root.gradFn != null) retained.put(root.gradFn, root);
  }

  private static void accumulate(Tensor leaf, Tensor g) {
    if (g.dtype() != leaf.dtype()) g = g.to(leaf.dtype());
    leaf.grad = leaf.grad == null ? g.materialize() : leaf.grad.add(g);
  }

  /** Nodes reachable from {@code root}, each after every node that feeds gradient into it. */
  private static List<Node> topologicalOrder(Node root) {
    List<Node> post = new ArrayList<>();
    Map<Node, Boolean> seen = new IdentityHashMap<>();
    ArrayDeque<Object[]> stack = new ArrayDeque<>();
    stack.push(new Object[] {root, 0});
    seen.put(root, true);
    while (!stack.isEmpty()) {
      Object[] frame = stack.peek();
      Node n = (Node) frame[0];
      int i = (Integer) frame[1];
      Tensor[] ins = n.inputs();
      if (i < ins.length) {
        frame[1] = i + 1;
        Tensor t = ins[i];
        if (t != null && t.gradFn != null && seen.put(t.gradFn, true) == null) stack.push(new Object[] {t.gradFn, 0});
      } else {
        stack.pop();
        post.add(n);
      }
    }
    java.util.Collections.reverse(post);
    return post;
  }
}
