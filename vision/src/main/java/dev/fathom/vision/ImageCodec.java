package dev.fathom.vision;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

/**
 * Image file decoding and encoding. PNG is decoded by Fathom's own decoder (the hot path of image
 * datasets); JPEG, BMP, GIF, TIFF and WebP go through ImageIO with the TwelveMonkeys plugins
 * (which also read CMYK JPEGs). The result is in PIL's mode for the file: L, LA, RGB or RGBA
 * (see {@link PngDecoder} for 16-bit and palette rules); other sources become RGB or RGBA.
 *
 * <pre>{@code
 * Image img = ImageCodec.read(Path.of("a.webp"));
 * ImageCodec.write(img, Path.of("a.png"));
 * }</pre>
 */
public final class ImageCodec {
  static {
    ImageIO.setUseCache(false);
  }

  private ImageCodec() {}

  /** Reads and decodes {@code file}; failures name the file. */
  public static Image read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("image file not found: " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image file " + file + ": " + e.getMessage(), e);
    }
    return decode(bytes, file.toString());
  }

  /** Decodes an encoded image held in memory; {@code name} appears in error messages. */
  public static Image decode(byte[] bytes, String name) {
    if (PngDecoder.isPng(bytes)) return PngDecoder.decode(bytes, name);
    BufferedImage bi;
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      var readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) throw new ImageDecodeException("cannot decode " + name + ": not a recognised image format (" + bytes.length + " bytes)", null);
      var reader = readers.next();
      try {
        reader.setInput(in, true, true);
        bi = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ImageDecodeException d) throw d;
      throw new ImageDecodeException("cannot decode " + name + ": corrupt or truncated image data (" + e.getMessage() + ")", e);
    }
    return fromBufferedImage(bi);
  }

  /** Converts an AWT image: gray stays L, others become RGB, or RGBA when they have alpha. */
  public static Image fromBufferedImage(BufferedImage bi) {
    int w = bi.getWidth(), h = bi.getHeight();
    Raster r = bi.getRaster();
    ColorModel cm = bi.getColorModel();
    switch (bi.getType()) {
      case BufferedImage.TYPE_BYTE_GRAY -> {
        byte[] out = new byte[w * h];
        r.getDataElements(0, 0, w, h, out);
        return Image.wrap(w, h, Image.Mode.L, out);
      }
      case BufferedImage.TYPE_3BYTE_BGR -> {
        if (r.getDataBuffer() instanceof DataBufferByte db && r.getParent() == null && db.getNumBanks() == 1 && db.getData().length == w * h * 3) {
          byte[] src = db.getData(), out = new byte[w * h * 3];
          for (int i = 0; i < out.length; i += 3) {
            out[i] = src[i + 2];
            out[i + 1] = src[i + 1];
            out[i + 2] = src[i];
          }
          return Image.wrap(w, h, Image.Mode.RGB, out);
        }
      }
      case BufferedImage.TYPE_USHORT_GRAY -> {
        byte[] out = new byte[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
          r.getSamples(0, y, w, 1, 0, row);
          for (int x = 0; x < w; x++) out[y * w + x] = (byte) Math.min(row[x], 255);
        }
        return Image.wrap(w, h, Image.Mode.L, out);
      }
      default -> { }
    }
    boolean alpha = cm.hasAlpha() && !(cm instanceof IndexColorModel icm && icm.getTransparency() == java.awt.Transparency.OPAQUE);
    int c = alpha ? 4 : 3;
    byte[] out = new byte[w * h * c];
    int[] argb = new int[w];
    for (int y = 0; y < h; y++) {
      bi.getRGB(0, y, w, 1, argb, 0, w);
      for (int x = 0, o = y * w * c; x < w; x++, o += c) {
        int p = argb[x];
        out[o] = (byte) (p >>> 16);
        out[o + 1] = (byte) (p >>> 8);
        out[o + 2] = (byte) p;
        if (alpha) out[o + 3] = (byte) (p >>> 24);
      }
    }
    return Image.wrap(w, h, alpha ? Image.Mode.RGBA : Image.Mode.RGB, out);
  }

  /** The image as an AWT image (TYPE_BYTE_GRAY, TYPE_3BYTE_BGR or TYPE_4BYTE_ABGR). */
  public static BufferedImage toBufferedImage(Image img) {
    Image src = img.mode() == Image.Mode.LA ? img.convert(Image.Mode.RGBA) : img;
    int w = src.width(), h = src.height(), c = src.channels();
    int type = switch (c) {
      case 1 -> BufferedImage.TYPE_BYTE_GRAY;
      case 3 -> BufferedImage.TYPE_3BYTE_BGR;
      default -> BufferedImage.TYPE_4BYTE_ABGR;
    };
    BufferedImage bi = new BufferedImage(w, h, type);
    byte[] dst = ((DataBufferByte) bi.getRaster().getDataBuffer()).getData();
    byte[] px = src.buffer();
    if (c == 1) System.arraycopy(px, 0, dst, 0, px.length);
    else {
      for (int i = 0; i < px.length; i += c) {
        for (int k = 0; k < c; k++) {
          // BGR: reverse RGB; ABGR: alpha first then B, G, R
          int from = c == 3 ? 2 - k : (k == 0 ? 3 : 3 - k);
          dst[i + k] = px[i + from];
        }
      }
    }
    return bi;
  }

  /** Encodes {@code img} to {@code file}; the extension picks the format. JPEG drops alpha. */
  public static void write(Image img, Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    String format = switch (ext) {
      case "png" -> "png";
      case "jpg", "jpeg" -> "jpeg";
      case "bmp" -> "bmp";
      case "gif" -> "gif";
      case "tif", "tiff" -> "tiff";
      default -> throw new IllegalArgumentException("cannot save " + file + ": unknown image extension '" + ext + "' (use png, jpg, jpeg, bmp, gif, tif or tiff)");
    };
    Image out = img;
    if ((format.equals("jpeg") || format.equals("bmp")) && (img.channels() == 2 || img.channels() == 4)) out = img.convert(img.channels() == 2 ? Image.Mode.L : Image.Mode.RGB);
    try {
      if (!ImageIO.write(toBufferedImage(out), format, file.toFile())) throw new IllegalArgumentException("cannot save " + file + ": no " + format + " writer for a " + out.mode() + " image");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save " + file + ": " + e.getMessage(), e);
    }
  }
}
