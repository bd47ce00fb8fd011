package dev.fathom.vision;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An 8-bit image held as interleaved bytes, the role PIL's {@code Image} plays for torchvision:
 * {@code height} rows of {@code width} pixels of {@link Mode#channels()} bytes each (row-major,
 * HWC). Images are treated as immutable: operations return new images.
 *
 * <pre>{@code
 * Image img = Image.read(Path.of("cat.jpg")).convert(Image.Mode.RGB);   // as PIL's open(...).convert("RGB")
 * Tensor x = new ToTensor().apply(img);                                    // [3, H, W] in [0, 1]
 * img.save(Path.of("copy.png"));
 * }</pre>
 */
public final class Image {
  /** PIL's 8-bit modes. */
  public enum Mode {
    /** Grayscale. */
    L(1),
    /** Grayscale with alpha. */
    LA(2),
    RGB(3),
    RGBA(4);

    private final int channels;

    Mode(int channels) { this.channels = channels; }

    public int channels() { return channels; }

    /** The mode with {@code c} channels. */
    public static Mode ofChannels(int c) {
      return switch (c) {
        case 1 -> L;
        case 2 -> LA;
        case 3 -> RGB;
        case 4 -> RGBA;
        default -> throw new IllegalArgumentException("no image mode has " + c + " channels (1 = L, 2 = LA, 3 = RGB, 4 = RGBA)");
      };
    }
  }

  private final int width;
  private final int height;
  private final Mode mode;
  private final byte[] data;

  private Image(int width, int height, Mode mode, byte[] data) {
    this.width = width;
    this.height = height;
    this.mode = mode;
    this.data = data;
  }

  /**
   * An image over {@code pixels} (HWC interleaved, {@code width * height * mode.channels()}
   * bytes), taken without copying: the caller must not change the array afterwards.
   */
  public static Image wrap(int width, int height, Mode mode, byte[] pixels) {
    Objects.requireNonNull(mode, "mode");
    if (width < 0 || height < 0) throw new IllegalArgumentException("Image: negative size " + width + "x" + height);
    if ((long) width * height * mode.channels() != pixels.length) {
      throw new IllegalArgumentException("Image: " + width + "x" + height + " " + mode + " needs " + (long) width * height * mode.channels() + " bytes, got " + pixels.length);
    }
    return new Image(width, height, mode, pixels);
  }

  /** A copy of {@code pixels} as an image. */
  public static Image of(int width, int height, Mode mode, byte[] pixels) { return wrap(width, height, mode, pixels.clone()); }

  /** An image of one colour ({@code values} has one entry per channel). */
  public static Image filled(int width, int height, Mode mode, int... values) {
    if (values.length != mode.channels()) throw new IllegalArgumentException("Image.filled: " + mode + " needs " + mode.channels() + " values, got " + values.length);
    byte[] px = new byte[width * height * mode.channels()];
    for (int i = 0; i < px.length; i++) px[i] = (byte) values[i % values.length];
    return new Image(width, height, mode, px);
  }

  /** Decodes an image file (PNG, JPEG, BMP, GIF, TIFF, WebP); see {@link ImageCodec#read}. */
  public static Image read(Path file) { return ImageCodec.read(file); }

  /** Encodes to a file whose extension picks the format (png, jpg/jpeg, bmp, gif, tif/tiff). */
  public void save(Path file) { ImageCodec.write(this, file); }

  public int width() { return width; }

  public int height() { return height; }

  public Mode mode() { return mode; }

  public int channels() { return mode.channels(); }

  /** The pixels as a fresh array (HWC interleaved). */
  public byte[] pixels() { return data.clone(); }

  /**
   * The pixel array itself, shared and not copied, for transforms that read it without a copy.
   * Callers must never modify it.
   */
  public byte[] buffer() { return data; }

  /** Channel {@code c} of pixel (x, y), 0..255. */
  public int get(int x, int y, int c) {
    if (x < 0 || x >= width || y < 0 || y >= height || c < 0 || c >= mode.channels()) {
      throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") channel " + c + " is outside a " + width + "x" + height + " " + mode + " image");
    }
    return data[(y * width + x) * mode.channels() + c] & 0xFF;
  }

  /**
   * This image in another mode, as PIL's {@code convert}: gray to colour repeats the value, alpha
   * is dropped (not blended) or set to 255, and colour to gray is ITU-R 601-2 luma
   * {@code (R*19595 + G*38470 + B*7471 + 0x8000) >> 16}.
   */
  public Image convert(Mode to) {
    if (to == mode) return this;
    int n = width * height, ci = mode.channels(), co = to.channels();
    byte[] out = new byte[n * co];
    boolean inColor = ci >= 3, outColor = co >= 3, inAlpha = ci == 2 || ci == 4, outAlpha = co == 2 || co == 4;
    for (int p = 0, i = 0, o = 0; p < n; p++, i += ci, o += co) {
      if (outColor) {
        if (inColor) {
          out[o] = data[i];
          out[o + 1] = data[i + 1];
          out[o + 2] = data[i + 2];
        } else {
          out[o] = out[o + 1] = out[o + 2] = data[i];
        }
      } else {
        out[o] = inColor ? (byte) luma(data[i] & 0xFF, data[i + 1] & 0xFF, data[i + 2] & 0xFF) : data[i];
      }
      if (outAlpha) out[o + co - 1] = inAlpha ? data[i + ci - 1] : (byte) 255;
    }
    return new Image(width, height, to, out);
  }

  /** PIL's integer luma of an 8-bit RGB triple. */
  static int luma(int r, int g, int b) {
    return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >>> 16;
  }

  @Override
  public String toString() { return "Image(" + width + "x" + height + ", " + mode + ")"; }
}
