package dev.fathom.nn;

import java.util.List;

/**
 * What {@link Module#loadStateDict(java.util.Map, boolean)} found, as PyTorch's
 * {@code _IncompatibleKeys}: keys the model has but the state dict lacks, and keys the state dict
 * has but the model does not.
 *
 * <pre>{@code
 * IncompatibleKeys r = model.loadStateDict(weights, false);
 * if (!r.missingKeys().isEmpty()) System.out.println("not loaded: " + r.missingKeys());
 * }</pre>
 */
public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {
  public IncompatibleKeys {
    missingKeys = List.copyOf(missingKeys);
    unexpectedKeys = List.copyOf(unexpectedKeys);
  }

  /** True when every key matched. */
  public boolean isEmpty() {
    return missingKeys.isEmpty() && unexpectedKeys.isEmpty();
  }
}
