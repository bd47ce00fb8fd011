package dev.fathom.nn;

import java.util.Iterator;
import java.util.List;

/**
 * A list of registered modules, as {@code nn.ModuleList}: children named {@code "0"},
 * {@code "1"}, ..., so their parameters belong to the owner. It has no forward of its own: the
 * owner's forward iterates it.
 *
 * <pre>{@code
 * ModuleList blocks = registerModule("blocks", new ModuleList());
 * for (int i = 0; i < 3; i++) blocks.append(new Linear(8, 8));
 * for (Module b : blocks) x = b.forward(x).relu();
 * }</pre>
 */
public class ModuleList extends Module implements Iterable<Module> {
  public ModuleList(Module... modules) {
    for (Module m : modules) append(m);
  }

  public ModuleList(List<? extends Module> modules) {
    for (Module m : modules) append(m);
  }

  public ModuleList append(Module module) {
    registerModule(String.valueOf(childMap().size()), module);
    return this;
  }

  public ModuleList extend(Iterable<? extends Module> modules) {
    for (Module m : modules) append(m);
    return this;
  }

  /** The i-th module; negative indices count from the end. */
  public Module get(int index) {
    return childMap().get(childNameAt(index));
  }

  /** Replaces the i-th module; returns the old one. */
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
}
