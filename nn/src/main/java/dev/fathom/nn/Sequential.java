package dev.fathom.nn;

import dev.fathom.Tensor;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Modules applied in order, as {@code nn.Sequential}: each module's output is the next one's
 * input. Children are named {@code "0"}, {@code "1"}, ... (or given names), so state-dict keys are
 * PyTorch's ({@code "0.weight"}). Indexable ({@link #get}, negative indices from the end),
 * appendable, iterable; forward reads the registry, so {@link #set} and
 * {@link Module#replaceChild} take effect.
 *
 * <pre>{@code
 * Sequential net = new Sequential(new Linear(1, 6), new Sigmoid(), new Linear(6, 1));
 * Tensor y = net.forward(x);                 // x [32, 1] -> y [32, 1]
 * net.append(new Sigmoid());
 * Linear first = (Linear) net.get(0);
 * }</pre>
 */
public class Sequential extends Module implements Iterable<Module> {
  public Sequential(Module... modules) {
    for (Module m : modules) append(m);
  }

  /** Children with the given names, in the map's iteration order (as an OrderedDict). */
  public Sequential(Map<String, ? extends Module> namedModules) {
    for (Map.Entry<String, ? extends Module> e : namedModules.entrySet()) registerModule(e.getKey(), e.getValue());
  }

  /** Adds {@code module} at the end under the name {@code size()}; returns this. */
  public Sequential append(Module module) {
    registerModule(String.valueOf(childMap().size()), module);
    return this;
  }

  /** The i-th module; negative indices count from the end. */
  public Module get(int index) {
    return childMap().get(childNameAt(index));
  }

  /** Replaces the i-th module (keeping its name); returns the old one. */
  public Module set(int index, Module module) {
    return replaceChild(childNameAt(index), module);
  }


  public int size() {
    return childMap().size();
  }

  @Override
  public Iterator<Module> iterator() {
    return List.copyOf(childMap().values()).iterator();
  }

  @Override
  public Tensor forward(Tensor input) {
    Tensor x = input;
    for (Module m : childMap().values()) x = m.forward(x);
    return x;
  }
}
