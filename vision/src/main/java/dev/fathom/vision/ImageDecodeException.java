package dev.fathom.vision;

/**
 * A file that cannot be decoded as an image: unknown format, corrupt or truncated data. The
 * message names the file and the problem.
 *
 * <pre>{@code
 * try { Image.read(path); } catch (ImageDecodeException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public final class ImageDecodeException extends RuntimeException {
  public ImageDecodeException(String message, Throwable cause) { super(message, cause); }
}
