package dev.fathom.nn;

import dev.fathom.DType;
import dev.fathom.Device;
import dev.fathom.Fathom;
import dev.fathom.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Base class of every layer and model, as {@code torch.nn.Module}: named parameters, buffers and
 * child modules, training mode, device moves, state dicts and PyTorch's printout.
 *
 * <p><b>The registry is the single source of truth.</b> Java has no attribute magic, so a module
 * registers what it owns by name: {@link #registerParameter}, {@link #registerBuffer} and
 * {@link #registerModule} (each returns what it registered). {@link #to(Device)} replaces the
 * registered tensors, {@link #loadStateDict} copies into them, {@link #replaceChild} swaps a child:
 * all of this changes the registry. So forward reads parameters and children <em>through the
 * registry</em>: built-in layers do ({@code Linear.weight()} looks up {@code "weight"}), and your
 * own modules use {@link #parameter(String)}, {@link #buffer(String)} and {@link #child(String)}.
 * A field that caches a registered tensor or child is fine as long as the model is never moved to
 * another device or has that child replaced; the registry lookups are a hash-map get each.
 *
 * <p><b>Forward.</b> Override {@code forward} with the inputs you need: {@link #forward(Tensor)},
 * {@link #forward(Tensor, Tensor)}, {@link #forward(Tensor, Tensor, Tensor)}, or
 * {@link #forward(Tensor...)} for more. The generic {@code forward(Tensor...)} dispatches by
 * arity (Sequential, summary and the Trainer call it); an arity the module does not implement
 * throws {@link IllegalArgumentException} naming the module and the arities it takes.
 *
 * <pre>{@code
 * class Net extends Module {
 *   Net() {
 *     registerModule("cnn", new Sequential(new Conv2d(1, 4, 3), new ReLU(), new Flatten()));
 *     registerModule("fc", new Linear(4 * 26 * 26 + 10, 2));
 *   }
 *   @Override public Tensor forward(Tensor image, Tensor data) {
 *     Tensor both = Tensor.cat(1, child("cnn").forward(image), data);
 *     return child("fc").forward(both);
 *   }
 * }
 * Net net = new Net();
 * net.replaceChild("fc", new Sequential(new Linear(4 * 26 * 26 + 10, 8), new ReLU(), new Linear(8, 2)));
 * }</pre>
 */
public abstract class Module {
  private final Map<String, Tensor> params = new LinkedHashMap<>();
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();
  private final Set<String> nonPersistent = new HashSet<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private boolean training = true;
  private List<ForwardHook> forwardHooks;

  protected Module() {}

  // ---- registration -------------------------------------------------------------------------

  /**
   * Registers {@code tensor} as the parameter {@code name} and marks it as requiring grad, as
   * assigning an {@code nn.Parameter}; a parameter of that name is replaced in place.
   */
  public final Tensor registerParameter(String name, Tensor tensor) {
    checkName(name, params);
    if (!tensor.isLeaf()) {
      throw new IllegalArgumentException("Cannot assign non-leaf Tensor to parameter '" + name + "' of " + typeName()
          + ". Model parameters must be created explicitly; pass tensor.detach() to use a computed value");
    }
    tensor.requiresGrad(true);
    params.put(name, tensor);
    return tensor;
  }

  /** Registers a persistent buffer (saved in the state dict), as {@code register_buffer}. */
  public final Tensor registerBuffer(String name, Tensor tensor) {
    return registerBuffer(name, tensor, true);
  }

  /** Registers a buffer; a non-persistent one is moved by {@link #to} but left out of state dicts. */
  public final Tensor registerBuffer(String name, Tensor tensor, boolean persistent) {
    checkName(name, buffers);
    buffers.put(name, tensor);
    if (persistent) nonPersistent.remove(name);
    else nonPersistent.add(name);
    return tensor;
  }

  /** Registers a child module, as {@code add_module}; a child of that name is replaced in place. */
  public final <M extends Module> M registerModule(String name, M module) {
    if (module == null) throw new IllegalArgumentException(typeName() + ".registerModule: module '" + name + "' is null");
    checkName(name, children);
    children.put(name, module);
    return module;
  }

  private void checkName(String name, Map<String, ?> kind) {
    if (name == null || name.isEmpty() || name.contains(".")) {
      throw new IllegalArgumentException(typeName() + ": name must be non-empty and contain no \".\", got \"" + name + "\"");
    }
    boolean taken = (kind != params && params.containsKey(name)) || (kind != buffers && buffers.containsKey(name))
        || (kind != children && children.containsKey(name));
    if (taken) throw new IllegalArgumentException(typeName() + ": attribute '" + name + "' already exists as another kind (parameter, buffer or module)");
  }

  // ---- lookups ------------------------------------------------------------------------------

  /** The parameter {@code name}; a dotted name ({@code "fc.weight"}) is looked up in the submodule. */
  public final Tensor parameter(String name) {
    int dot = name.lastIndexOf('.');
    Module owner = dot < 0 ? this : getSubmodule(name.substring(0, dot));
    Tensor t = owner.params.get(dot < 0 ? name : name.substring(dot + 1));
    if (t == null) throw new IllegalArgumentException(owner.typeName() + " has no parameter '" + name + "' (parameters: " + owner.params.keySet() + ")");
    return t;
  }

  /** The buffer {@code name} (dotted names look in submodules). */
  public final Tensor buffer(String name) {
    int dot = name.lastIndexOf('.');
    Module owner = dot < 0 ? this : getSubmodule(name.substring(0, dot));
    Tensor t = owner.buffers.get(dot < 0 ? name : name.substring(dot + 1));
    if (t == null) throw new IllegalArgumentException(owner.typeName() + " has no buffer '" + name + "' (buffers: " + owner.buffers.keySet() + ")");
    return t;
  }

  /** The direct child {@code name}. */
  public final Module child(String name) {
    Module m = children.get(name);
    if (m == null) throw new IllegalArgumentException(typeName() + " has no child module '" + name + "' (children: " + children.keySet() + ")");
    return m;
  }

  /** The direct child {@code name} as {@code type}. */
  public final <M extends Module> M child(String name, Class<M> type) {
    Module m = child(name);
    if (!type.isInstance(m)) throw new IllegalArgumentException(typeName() + "." + name + " is a " + m.typeName() + ", not a " + type.getSimpleName());
    return type.cast(m);
  }

  /** The submodule at a dotted path ({@code "features.3"}); the empty path is this module. */
  public final Module getSubmodule(String target) {
    if (target.isEmpty()) return this;
    Module m = this;
    for (String part : target.split("\\.", -1)) {
      Module next = m.children.get(part);
      if (next == null) throw new IllegalArgumentException(m.typeName() + " has no attribute `" + part + "` (looking up \"" + target + "\")");
      m = next;
    }
    return m;
  }

  final Tensor parameterOrNull(String name) {
    return params.get(name);
  }

  final Tensor bufferOrNull(String name) {
    return buffers.get(name);
  }

  /**
   * Replaces the child at {@code name} (a dotted path reaches into submodules), as
   * {@code model.classifier = nn.Sequential(...)}; it keeps its position. Returns the old child.
   * Forward sees the new child because it reads children through {@link #child(String)}.
   */
  public final Module replaceChild(String name, Module module) {
    int dot = name.lastIndexOf('.');
    Module parent = dot < 0 ? this : getSubmodule(name.substring(0, dot));
    String last = dot < 0 ? name : name.substring(dot + 1);
    Module old = parent.child(last);
    parent.registerModule(last, module);
    return old;
  }

  // ---- traversal ----------------------------------------------------------------------------

  /** All parameters, recursively, each once, in registration order, as {@code parameters()}. */
  public final List<Tensor> parameters() {
    return new ArrayList<>(namedParameters().values());
  }

  /** Parameters with dotted names ({@code "0.weight"}), each tensor once (first name wins). */
  public final Map<String, Tensor> namedParameters() {
    return namedMembers(m -> m.params);
  }

  public final List<Tensor> buffers() {
    return new ArrayList<>(namedBuffers().values());
  }

  public final Map<String, Tensor> namedBuffers() {
    return namedMembers(m -> m.buffers);
  }

  private Map<String, Tensor> namedMembers(java.util.function.Function<Module, Map<String, Tensor>> members) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Map.Entry<String, Module> e : namedModules().entrySet()) {
      String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
      for (Map.Entry<String, Tensor> p : members.apply(e.getValue()).entrySet()) {
        if (seen.add(p.getValue())) out.put(prefix + p.getKey(), p.getValue());
      }
    }
    return out;
  }

  /** Direct children, each once. */
  public final List<Module> children() {
    return new ArrayList<>(namedChildren().values());
  }

  public final Map<String, Module> namedChildren() {
    Map<String, Module> out = new LinkedHashMap<>();
    Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Map.Entry<String, Module> e : children.entrySet()) {
      if (seen.add(e.getValue())) out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  /** This module and all submodules, pre-order, each once. */
  public final List<Module> modules() {
    return new ArrayList<>(namedModules().values());
  }

  /** This module (name "") and all submodules with dotted names, pre-order, each once. */
  public final Map<String, Module> namedModules() {
    Map<String, Module> out = new LinkedHashMap<>();
    collectModules("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
    return out;
  }

  private void collectModules(String prefix, Map<String, Module> out, Set<Module> seen) {
    if (!seen.add(this)) return;
    out.put(prefix, this);
    for (Map.Entry<String, Module> e : children.entrySet()) {
      e.getValue().collectModules(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out, seen);
    }
  }

  // ---- modes and bulk changes ---------------------------------------------------------------

  /** Sets training mode on this module and all submodules (Dropout, BatchNorm behave accordingly). */
  public Module train(boolean mode) {
    training = mode;
    for (Module c : children.values()) c.train(mode);
    return this;
  }

  public final Module train() {
    return train(true);
  }

  /** {@code train(false)}. */
  public final Module eval() {
    return train(false);
  }

  public final boolean isTraining() {
    return training;
  }

  /** Sets this module's own flag only (Summary restores the modes it found). */
  final void restoreTrainingFlag(boolean mode) {
    training = mode;
  }

  /** Calls {@code fn} on every submodule (children first) and then on this module, as PyTorch. */
  public final Module apply(Consumer<Module> fn) {
    for (Module c : children()) c.apply(fn);
    fn.accept(this);
    return this;
  }

  /**
   * Moves every parameter and buffer to {@code device}. Tensors already there are kept; moved
   * parameters are new leaf tensors (with their grads moved), registered under the same names, so
   * create optimizers after moving the model.
   */
  public final Module to(Device device) {
    return transform(t -> t.to(device), t -> true);
  }

  /** Casts floating-point parameters and buffers to {@code dtype}, as {@code module.to(torch.float64)}. */
  public final Module to(DType dtype) {
    if (!dtype.isFloatingPoint()) throw new IllegalArgumentException("Module.to only accepts floating point dtypes, but got desired dtype=" + dtype.torchName());
    return transform(t -> t.to(dtype), t -> t.dtype().isFloatingPoint());
  }

  private Module transform(UnaryOperator<Tensor> fn, java.util.function.Predicate<Tensor> applies) {
    Map<Tensor, Tensor> done = new IdentityHashMap<>();
    try (var g = Fathom.noGrad()) {
      for (Module m : modules()) {
        for (Map.Entry<String, Tensor> e : m.params.entrySet()) {
          e.setValue(done.computeIfAbsent(e.getValue(), p -> {
            if (!applies.test(p)) return p;
            Tensor moved = fn.apply(p);
            if (moved == p) return p;
            moved = moved.detach().requiresGrad(p.requiresGrad());
            if (p.grad() != null) moved.setGrad(fn.apply(p.grad()));
            return moved;
          }));
        }
        for (Map.Entry<String, Tensor> e : m.buffers.entrySet()) {
          e.setValue(done.computeIfAbsent(e.getValue(), b -> applies.test(b) ? fn.apply(b) : b));
        }
      }
    }
    return this;
  }

  /** Clears every parameter's gradient (sets it to null, as PyTorch 2's {@code set_to_none}). */
  public final void zeroGrad() {
    for (Tensor p : parameters()) p.setGrad(null);
  }

  /** Sets requires-grad on every parameter (false freezes the module), as {@code requires_grad_()}. */
  public final Module requiresGrad(boolean requires) {
    for (Tensor p : parameters()) p.requiresGrad(requires);
    return this;
  }

  // ---- forward ------------------------------------------------------------------------------

  /** The forward pass of a one-input module. */
  public Tensor forward(Tensor input) {
    if (Arity.of(getClass()).varargs()) return forward(new Tensor[] {input});
    throw Arity.mismatch(this, 1);
  }

  /** The forward pass of a two-input module. */
  public Tensor forward(Tensor a, Tensor b) {
    if (Arity.of(getClass()).varargs()) return forward(new Tensor[] {a, b});
    throw Arity.mismatch(this, 2);
  }

  /** The forward pass of a three-input module. */
  public Tensor forward(Tensor a, Tensor b, Tensor c) {
    if (Arity.of(getClass()).varargs()) return forward(new Tensor[] {a, b, c});
    throw Arity.mismatch(this, 3);
  }

  /**
   * Forward with any number of inputs: dispatches to the fixed-arity forward the module overrides.
   * Override it for modules with more than three inputs.
   */
  public Tensor forward(Tensor... inputs) {
    Arity a = Arity.of(getClass());
    int n = inputs.length;
    if (n >= 1 && n <= 3 && a.has(n)) {
      return switch (n) {
        case 1 -> forward(inputs[0]);
        case 2 -> forward(inputs[0], inputs[1]);
        default -> forward(inputs[0], inputs[1], inputs[2]);
      };
    }
    throw Arity.mismatch(this, n);
  }

  /** Registers a hook run after this module's forward (see {@link ForwardHook}). */
  public final HookHandle registerForwardHook(ForwardHook hook) {
    if (forwardHooks == null) forwardHooks = new ArrayList<>();
    forwardHooks.add(hook);
    return new HookHandle(() -> {
      forwardHooks.remove(hook);
      if (forwardHooks.isEmpty()) forwardHooks = null;
    });
  }

  /** Runs the forward hooks on a one-input forward and returns {@code output}; layers end forward with it. */
  protected final Tensor withHooks(Tensor output, Tensor input) {
    if (forwardHooks != null) runHooks(new Tensor[] {input}, output);
    return output;
  }

  /** Runs the forward hooks and returns {@code output}. */
  protected final Tensor withHooks(Tensor output, Tensor... inputs) {
    if (forwardHooks != null) runHooks(inputs, output);
    return output;
  }

  private void runHooks(Tensor[] inputs, Tensor output) {
    for (ForwardHook h : List.copyOf(forwardHooks)) h.accept(this, inputs, output);
  }

  // ---- state dicts --------------------------------------------------------------------------

  /**
   * Parameters and persistent buffers with PyTorch's key names ({@code "features.0.weight"},
   * {@code "bn1.running_mean"}), per module its parameters then its buffers, then its children.
   * The values are detached tensors sharing storage with the module's.
   */
  public final Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    saveTo(out, "");
    return out;
  }

  private void saveTo(Map<String, Tensor> out, String prefix) {
    for (Map.Entry<String, Tensor> e : params.entrySet()) out.put(prefix + e.getKey(), e.getValue().detach());
    for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
      if (!nonPersistent.contains(e.getKey())) out.put(prefix + e.getKey(), e.getValue().detach());
    }
    for (Map.Entry<String, Module> e : children.entrySet()) e.getValue().saveTo(out, prefix + e.getKey() + ".");
  }

  /** {@code loadStateDict(stateDict, true)}. */
  public final IncompatibleKeys loadStateDict(Map<String, Tensor> stateDict) {
    return loadStateDict(stateDict, true);
  }

  /**
   * Copies {@code stateDict}'s tensors into the registered parameters and buffers (cast to their
   * dtype and device), as {@code load_state_dict}. Shape mismatches always fail; missing and
   * unexpected keys fail when {@code strict}, else they are reported in the result. Unlike PyTorch,
   * nothing is copied when it fails, and unexpected keys are reported even when not strict.
   *
   * @throws IllegalArgumentException listing every missing key, unexpected key and size mismatch
   */
  public final IncompatibleKeys loadStateDict(Map<String, Tensor> stateDict, boolean strict) {
    return StateDicts.load(this, stateDict, strict);
  }

  /** Local state entries (parameters, then persistent buffers) for state-dict loading. */
  final Map<String, Tensor> localState() {
    Map<String, Tensor> out = new LinkedHashMap<>(params);
    for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
      if (!nonPersistent.contains(e.getKey())) out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  final Map<String, Module> childMap() {
    return children;
  }

  /** The name of the i-th child (negative from the end), for the indexable containers. */
  final String childNameAt(int index) {
    int n = children.size();
    int i = index < 0 ? index + n : index;
    if (i < 0 || i >= n) throw new IndexOutOfBoundsException("index " + index + " is out of range for " + typeName() + " of size " + n);
    return new ArrayList<>(children.keySet()).get(i);
  }

  /**
   * The value to load for a local state entry the state dict lacks, or null to report it missing.
   * BatchNorm uses it as PyTorch does for old checkpoints without {@code num_batches_tracked}.
   */
  protected Tensor missingStateDefault(String localName) {
    return null;
  }

  // ---- printing -----------------------------------------------------------------------------

  /** The layer's settings as PyTorch's {@code extra_repr} prints them; empty by default. */
  protected String extraRepr() {
    return "";
  }

  /** The type name printed by {@link #toString()} and summaries: the class's simple name. */
  public String typeName() {
    Class<?> c = getClass();
    while (c.getSimpleName().isEmpty()) c = c.getSuperclass();
    return c.getSimpleName();
  }

  /** The module tree exactly as PyTorch prints it. */
  @Override
  public String toString() {
    List<String> lines = new ArrayList<>();
    String extra = extraRepr();
    List<String> extraLines = extra.isEmpty() ? List.of() : List.of(extra.split("\n", -1));
    lines.addAll(extraLines);
    for (Map.Entry<String, Module> e : children.entrySet()) {
      lines.add("(" + e.getKey() + "): " + e.getValue().toString().replace("\n", "\n  "));
    }
    StringBuilder sb = new StringBuilder(typeName()).append('(');
    if (!lines.isEmpty()) {
      if (extraLines.size() == 1 && children.isEmpty()) sb.append(extraLines.get(0));
      else sb.append("\n  ").append(String.join("\n  ", lines)).append('\n');
    }
    return sb.append(')').toString();
  }
}
