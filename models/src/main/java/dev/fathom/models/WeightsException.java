package dev.fathom.models;

/**
 * A weights file that cannot be used: missing (the message says which file to put where and where
 * torchvision publishes it), unreadable, or not the file it claims to be (its SHA-256 does not start
 * with the hash in its name).
 *
 * <pre>{@code
 * try {
 *   ResNet model = Models.resnet18(Weights.RESNET18_IMAGENET1K_V1);
 * } catch (WeightsException e) {
 *   System.err.println(e.getMessage());   // "... put resnet18-f37072fd.pth in /home/me/.cache/fathom/weights ..."
 * }
 * }</pre>
 */
public final class WeightsException extends RuntimeException {
  public WeightsException(String message) {
    super(message);
  }

  public WeightsException(String message, Throwable cause) {
    super(message, cause);
  }
}
