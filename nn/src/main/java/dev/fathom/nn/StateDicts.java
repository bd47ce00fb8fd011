package dev.fathom.nn;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@link Module#loadStateDict}: matches keys as PyTorch does, checks everything, then copies. */
final class StateDicts {
  private StateDicts() {}

  static IncompatibleKeys load(Module root, Map<String, Tensor> stateDict, boolean strict) {
    List<String> missing = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Map<Tensor, Tensor> copies = new LinkedHashMap<>();
    List<String> known = new ArrayList<>();
    collect(root, "", stateDict, missing, errors, copies, known);
    List<String> unexpected = new ArrayList<>();
    java.util.Set<String> knownSet = new java.util.HashSet<>(known);
    for (String key : stateDict.keySet()) if (!knownSet.contains(key)) unexpected.add(key);
    List<String> messages = new ArrayList<>();
    if (strict && !missing.isEmpty()) messages.add("Missing key(s) in state_dict: " + quoted(missing) + ".");
    if (strict && !unexpected.isEmpty()) messages.add("Unexpected key(s) in state_dict: " + quoted(unexpected) + ".");
    messages.addAll(errors);
    if (!messages.isEmpty()) {
      throw new IllegalArgumentException("Error(s) in loading state_dict for " + root.typeName() + ":\n\t" + String.join("\n\t", messages));
    }
    try (var g = Fathom.noGrad()) {
      for (Map.Entry<Tensor, Tensor> e : copies.entrySet()) e.getKey().copy_(e.getValue());
    }
    return new IncompatibleKeys(missing, unexpected);
  }

  private static void collect(Module m, String prefix, Map<String, Tensor> dict, List<String> missing, List<String> errors,
                              Map<Tensor, Tensor> copies, List<String> known) {
    for (Map.Entry<String, Tensor> e : m.localState().entrySet()) {
      String key = prefix + e.getKey();
      Tensor target = e.getValue();
      Tensor src = dict.get(key);
      known.add(key);
      if (src == null && dict.containsKey(key)) {
        errors.add("value for " + key + " is null");
        continue;
      }
      if (src == null) src = m.missingStateDefault(e.getKey());
      if (src == null) {
        missing.add(key);
        continue;
      }
      if (target.dim() == 0 && src.dim() == 1 && src.numel() == 1) src = src.reshape();
      if (!Arrays.equals(src.shape(), target.shape())) {
        errors.add("size mismatch for " + key + ": copying a param with shape " + Arrays.toString(src.shape())
            + " from checkpoint, the shape in current model is " + Arrays.toString(target.shape()) + ".");
        continue;
      }
      copies.put(target, src);
    }
    for (Map.Entry<String, Module> e : m.childMap().entrySet()) {
      collect(e.getValue(), prefix + e.getKey() + ".", dict, missing, errors, copies, known);
    }
  }

  private static String quoted(List<String> keys) {
    return keys.stream().map(k -> "\"" + k + "\"").collect(Collectors.joining(", "));
  }
}
