package dev.fathom.nn.io;

import java.nio.file.Path;

/**
 * A PyTorch file whose pickle asks for something the restricted unpickler does not allow: a global
 * other than the tensor-rebuild functions, {@code collections.OrderedDict} and the storage types (for
 * example {@code os.system} or {@code builtins.eval}), or an opcode outside the data subset. Nothing in
 * the file is ever executed; reading stops at the first such request.
 *
 * <pre>{@code
 * TorchFiles.load(Path.of("evil.pth")); // throws: "evil.pth: pickle global 'posix.system' is not allowed ..."
 * }</pre>
 */
public final class UnsafePickleException extends TensorFileException {
  private static final long serialVersionUID = 1L;

  public UnsafePickleException(Path file, String problem) {
    super(file, problem);
  }
}
