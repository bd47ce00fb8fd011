package dev.fathom.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A tensor file that cannot be read: corrupt, truncated, inconsistent or of an unsupported kind. The
 * message names the file and the problem.
 *
 * <pre>{@code
 * try {
 *   SafeTensors.load(path);
 * } catch (TensorFileException e) {
 *   System.err.println(e.getMessage()); // "model.safetensors: header length 9000 exceeds file size 120"
 * }
 * }</pre>
 */
public class TensorFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public TensorFileException(Path file, String problem) {
    super(file + ": " + problem);
  }

  public TensorFileException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
