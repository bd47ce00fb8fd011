package dev.fathom.nn.io;

import dev.fathom.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes PyTorch's {@code .pt}/{@code .pth} files, as {@code torch.load} and
 * {@code torch.save} do, without ever executing anything from the file.
 *
 * <p><b>Reading</b> accepts the zip format (PyTorch 1.6 and later, any top-level folder name, either
 * byte order) and the legacy format ({@code _use_new_zipfile_serialization=False}). The pickle is read
 * by a restricted unpickler: the only globals it resolves are {@code torch._utils._rebuild_tensor_v2},
 * {@code _rebuild_tensor}, {@code _rebuild_parameter} (with or without state),
 * {@code collections.OrderedDict} and the {@code torch.XStorage} types. Anything else
 * ({@code os.system}, {@code builtins.eval}, {@code torch.storage._load_from_bytes}, ...) throws an
 * {@link UnsafePickleException} naming the global. The result is a tree of {@link Map}s (insertion
 * ordered), {@link java.util.List}s (tuples as unmodifiable lists), {@code String}, {@code Long},
 * {@code Double}, {@code Boolean}, {@code null} and contiguous CPU {@link Tensor}s; views into a shared
 * storage are read with their offset, size and stride (as copies). Float16 and bfloat16 storages are
 * widened to FLOAT32; int8/int16/complex storages are rejected with a {@link TensorFileException}.
 *
 * <p><b>Writing</b> produces the zip format that {@code torch.load} reads (checked with PyTorch 1.13):
 * maps become {@code OrderedDict}s, lists lists, tensors {@code torch.Tensor}s with their dtype, shape
 * and {@code requires_grad}. Saving is atomic.
 *
 * <pre>{@code
 * Map<String, Tensor> sd = TorchFiles.loadStateDict(Path.of("cnn.pth"));   // "conv1.weight" -> [16, 1, 3, 3]
 * TorchFiles.save(Path.of("cnn-fathom.pth"), model.stateDict());
 * Map<?, ?> ckpt = (Map<?, ?>) TorchFiles.load(Path.of("checkpoint.pt"));  // {"epoch": 3L, "model_state_dict": {...}}
 * }</pre>
 */
public final class TorchFiles {
  private TorchFiles() {}

  /** The object {@code torch.save} wrote, as described in the class comment. */
  public static Object load(Path file) throws IOException {
    return TorchReader.read(file);
  }

  /**
   * A state dict: the file's top-level object must be a dict whose keys are strings and whose values
   * are all tensors (as {@code torch.save(model.state_dict(), path)} writes).
   */
  public static Map<String, Tensor> loadStateDict(Path file) throws IOException {
    Object root = load(file);
    if (!(root instanceof Map<?, ?> map)) {
      throw new TensorFileException(file, "holds " + kind(root) + ", not a state dict (a dict of tensors)");
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key) || !(e.getValue() instanceof Tensor t)) {
        throw new TensorFileException(file, "is not a state dict: entry " + e.getKey() + " holds " + kind(e.getValue())
            + "; for a checkpoint use TorchFiles.load and take its state-dict entry");
      }
      out.put(key, t);
    }
    return out;
  }

  /**
   * Saves {@code obj} (a {@link Tensor}, or a {@link Map}/{@link java.util.List} tree of tensors,
   * strings, numbers, booleans and nulls) atomically in the zip format.
   *
   * @throws IllegalArgumentException naming the path of a value of another type
   */
  public static void save(Path file, Object obj) throws IOException {
    TorchWriter.write(file, obj);
  }

  private static String kind(Object o) {
    return o == null ? "None" : "a " + o.getClass().getSimpleName();
  }
}
