package dev.fathom.vision;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A PNG decoder (all colour types, bit depths 1-16, Adam7 interlacing, palettes with tRNS) that
 * produces what PIL's {@code Image.open} holds: 16-bit colour samples keep their high byte, 16-bit
 * grayscale (PIL's mode "I") is clipped to 255, low-bit grayscale is scaled to 0..255, palette
 * images expand to RGB (RGBA when the palette has transparency). Chunk CRCs are checked.
 */
final class PngDecoder {
  private static final byte[] SIGNATURE = {(byte) 137, 80, 78, 71, 13, 10, 26, 10};
  private static final int[][] ADAM7 = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}};

  private PngDecoder() {}

  static boolean isPng(byte[] b) {
    if (b.length < 8) return false;
    for (int i = 0; i < 8; i++) if (b[i] != SIGNATURE[i]) return false;
    return true;
  }

  /** Decodes; {@code name} appears in error messages. */
  static Image decode(byte[] b, String name) {
    int width = 0, height = 0, depth = 0, colorType = -1, interlace = 0;
    byte[] palette = null, trns = null;
    byte[] idat = new byte[Math.max(16, b.length)];
    int idatLen = 0;
    boolean end = false;
    CRC32 crc = new CRC32();
    int pos = 8;
    while (!end) {
      if (pos + 8 > b.length) throw fail(name, "truncated file: chunk header missing at byte " + pos + " (no IEND chunk)");
      int len = readInt(b, pos);
      int type = readInt(b, pos + 4);
      if (len < 0 || pos + 12L + len > b.length) throw fail(name, "truncated file: chunk " + typeName(type) + " at byte " + pos + " announces " + len + " bytes, " + Math.max(0, b.length - pos - 12) + " present");
      crc.reset();
      crc.update(b, pos + 4, len + 4);
      if ((int) crc.getValue() != readInt(b, pos + 8 + len)) throw fail(name, "corrupt data: CRC mismatch in chunk " + typeName(type) + " at byte " + pos);
      int d = pos + 8;
      switch (typeName(type)) {
        case "IHDR" -> {
          if (len < 13) throw fail(name, "IHDR chunk is " + len + " bytes, needs 13");
          width = readInt(b, d);
          height = readInt(b, d + 4);
          depth = b[d + 8] & 0xFF;
          colorType = b[d + 9] & 0xFF;
          interlace = b[d + 12] & 0xFF;
          if (width <= 0 || height <= 0 || (long) width * height > (1L << 28)) throw fail(name, "invalid image size " + width + "x" + height);
          if (!validDepth(colorType, depth)) throw fail(name, "invalid bit depth " + depth + " for colour type " + colorType);
          if (interlace > 1) throw fail(name, "unknown interlace method " + interlace);
        }
        case "PLTE" -> palette = java.util.Arrays.copyOfRange(b, d, d + len);
        case "tRNS" -> trns = java.util.Arrays.copyOfRange(b, d, d + len);
        case "IDAT" -> {
          if (idatLen + len > idat.length) idat = java.util.Arrays.copyOf(idat, Math.max(idat.length * 2, idatLen + len));
          System.arraycopy(b, d, idat, idatLen, len);
          idatLen += len;
        }
        case "IEND" -> end = true;
        default -> { }
      }
      pos += 12 + len;
    }
    if (colorType < 0) throw fail(name, "no IHDR chunk");
    if (colorType == 3 && palette == null) throw fail(name, "palette image without a PLTE chunk");
    int channelsIn = switch (colorType) {
      case 0, 3 -> 1;
      case 2 -> 3;
      case 4 -> 2;
      default -> 4;
    };
    Image.Mode mode = switch (colorType) {
      case 0 -> Image.Mode.L;
      case 2 -> Image.Mode.RGB;
      case 3 -> trns != null ? Image.Mode.RGBA : Image.Mode.RGB;
      case 4 -> Image.Mode.LA;
      default -> Image.Mode.RGBA;
    };
    int bitsPerPixel = channelsIn * depth;
    int bpp = Math.max(1, bitsPerPixel / 8);
    long rawSize = 0;
    if (interlace == 0) rawSize = (long) height * (1 + ((long) width * bitsPerPixel + 7) / 8);
    else for (int[] p : ADAM7) rawSize += passRawSize(width, height, p, bitsPerPixel);
    byte[] raw = new byte[(int) rawSize];
    Inflater inf = new Inflater();
    try {
      inf.setInput(idat, 0, idatLen);
      int got = 0;
      while (got < raw.length) {
        int n = inf.inflate(raw, got, raw.length - got);
        if (n == 0) {
          if (inf.finished() || inf.needsInput()) throw fail(name, "truncated image data: " + got + " of " + raw.length + " bytes decompressed");
          if (inf.needsDictionary()) throw fail(name, "corrupt image data: zlib stream needs a dictionary");
        }
        got += n;
      }
    } catch (DataFormatException e) {
      throw fail(name, "corrupt image data: " + e.getMessage());
    } finally {
      inf.end();
    }
    byte[] out = new byte[width * height * mode.channels()];
    Expander ex = new Expander(colorType, depth, mode.channels(), palette, trns);
    if (interlace == 0) {
      unfilterRows(raw, 0, width, height, bitsPerPixel, bpp, name);
      int stride = 1 + (width * bitsPerPixel + 7) / 8;
      for (int y = 0; y < height; y++) ex.row(raw, y * stride + 1, width, out, y * width, 1);
    } else {
      int off = 0;
      for (int[] p : ADAM7) {
        int pw = (width - p[0] + p[2] - 1) / p[2], ph = (height - p[1] + p[3] - 1) / p[3];
        if (pw <= 0 || ph <= 0) continue;
        unfilterRows(raw, off, pw, ph, bitsPerPixel, bpp, name);
        int stride = 1 + (pw * bitsPerPixel + 7) / 8;
        for (int y = 0; y < ph; y++) ex.row(raw, off + y * stride + 1, pw, out, (p[1] + y * p[3]) * width + p[0], p[2]);
        off += ph * stride;
      }
    }
    return Image.wrap(width, height, mode, out);
  }

  private static long passRawSize(int w, int h, int[] p, int bitsPerPixel) {
    long pw = (w - p[0] + p[2] - 1) / p[2], ph = (h - p[1] + p[3] - 1) / p[3];
    return pw <= 0 || ph <= 0 ? 0 : ph * (1 + (pw * bitsPerPixel + 7) / 8);
  }

  private static boolean validDepth(int colorType, int depth) {
    return switch (colorType) {
      case 0 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
      case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
      case 2, 4, 6 -> depth == 8 || depth == 16;
      default -> false;
    };
  }

  /** Undoes the per-row filters in place; each row is a filter byte and its data. */
  private static void unfilterRows(byte[] r, int off, int width, int height, int bitsPerPixel, int bpp, String name) {
    int rowBytes = (width * bitsPerPixel + 7) / 8, stride = rowBytes + 1;
    for (int y = 0; y < height; y++) {
      int s = off + y * stride, cur = s + 1, prev = cur - stride;
      boolean first = y == 0;
      switch (r[s]) {
        case 0 -> { }
        case 1 -> {
          for (int i = bpp; i < rowBytes; i++) r[cur + i] += r[cur + i - bpp];
        }
        case 2 -> {
          if (!first) for (int i = 0; i < rowBytes; i++) r[cur + i] += r[prev + i];
        }
        case 3 -> {
          for (int i = 0; i < rowBytes; i++) {
            int left = i >= bpp ? r[cur + i - bpp] & 0xFF : 0, up = first ? 0 : r[prev + i] & 0xFF;
            r[cur + i] += (byte) ((left + up) >>> 1);
          }
        }
        case 4 -> {
          if (first) {
            for (int i = bpp; i < rowBytes; i++) r[cur + i] += r[cur + i - bpp]; // paeth(a, 0, 0) = a
          } else {
            for (int i = 0; i < bpp; i++) r[cur + i] += r[prev + i]; // paeth(0, b, 0) = b
            if (bpp == 3) {
              paeth3(r, cur, prev, rowBytes);
              break;
            }
            for (int i = bpp; i < rowBytes; i++) {
              int a = r[cur + i - bpp] & 0xFF, bu = r[prev + i] & 0xFF, c = r[prev + i - bpp] & 0xFF;
              r[cur + i] += (byte) paeth(a, bu, c);
            }
          }
        }
        default -> throw fail(name, "corrupt image data: unknown filter type " + r[s] + " in row " + y);
      }
    }
  }

  /** Paeth for 3 bytes per pixel with the left and upper-left bytes kept in registers (the hot case: RGB8). */
  private static void paeth3(byte[] r, int cur, int prev, int rowBytes) {
    int a0 = r[cur] & 0xFF, a1 = r[cur + 1] & 0xFF, a2 = r[cur + 2] & 0xFF;
    int c0 = r[prev] & 0xFF, c1 = r[prev + 1] & 0xFF, c2 = r[prev + 2] & 0xFF;
    for (int i = 3; i + 2 < rowBytes; i += 3) {
      int b0 = r[prev + i] & 0xFF, b1 = r[prev + i + 1] & 0xFF, b2 = r[prev + i + 2] & 0xFF;
      a0 = (r[cur + i] + paeth(a0, b0, c0)) & 0xFF;
      a1 = (r[cur + i + 1] + paeth(a1, b1, c1)) & 0xFF;
      a2 = (r[cur + i + 2] + paeth(a2, b2, c2)) & 0xFF;
      r[cur + i] = (byte) a0;
      r[cur + i + 1] = (byte) a1;
      r[cur + i + 2] = (byte) a2;
      c0 = b0;
      c1 = b1;
      c2 = b2;
    }
  }

  /** The Paeth predictor without branches (on noisy images the branches mispredict half the time). */
  private static int paeth(int a, int b, int c) {
    int pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
    int useA = ~((pb - pa) | (pc - pa)) >> 31, useB = ~(pc - pb) >> 31;
    return (a & useA) | (~useA & ((b & useB) | (c & ~useB)));
  }

  /** Converts unfiltered scanlines to 8-bit pixels of the output mode. */
  private static final class Expander {
    final int colorType, depth, co;
    final byte[] lut;

    Expander(int colorType, int depth, int co, byte[] palette, byte[] trns) {
      this.colorType = colorType;
      this.depth = depth;
      this.co = co;
      if (colorType == 3) {
        lut = new byte[256 * co];
        for (int i = 0; i < 256; i++) {
          for (int c = 0; c < 3; c++) lut[i * co + c] = 3 * i + c < palette.length ? palette[3 * i + c] : 0;
          if (co == 4) lut[i * co + 3] = trns != null && i < trns.length ? trns[i] : (byte) 255;
        }
      } else {
        lut = null;
      }
    }

    /** Writes {@code n} pixels from {@code src} to pixel positions {@code dstPixel + k * step}. */
    void row(byte[] src, int s, int n, byte[] dst, int dstPixel, int step) {
      int o = dstPixel * co, ostep = step * co;
      if (depth == 8 && colorType != 3) {
        if (step == 1) System.arraycopy(src, s, dst, o, n * co);
        else for (int k = 0; k < n; k++, o += ostep, s += co) System.arraycopy(src, s, dst, o, co);
        return;
      }
      if (depth == 16) {
        if (colorType == 0) {
          for (int k = 0; k < n; k++, o += ostep, s += 2) {
            int v = (src[s] & 0xFF) << 8 | (src[s + 1] & 0xFF);
            dst[o] = (byte) Math.min(v, 255);
          }
        } else {
          for (int k = 0; k < n; k++, o += ostep) for (int c = 0; c < co; c++, s += 2) dst[o + c] = src[s];
        }
        return;
      }
      int perByte = 8 / depth, mask = (1 << depth) - 1, scale = colorType == 0 ? 255 / mask : 1;
      for (int k = 0; k < n; k++, o += ostep) {
        int v;
        if (depth == 8) v = src[s + k] & 0xFF;
        else {
          int byteVal = src[s + k / perByte] & 0xFF;
          v = (byteVal >>> (8 - depth * (k % perByte + 1))) & mask;
        }
        if (lut != null) System.arraycopy(lut, v * co, dst, o, co);
        else dst[o] = (byte) (v * scale);
      }
    }
  }

  private static int readInt(byte[] b, int p) {
    return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
  }

  private static String typeName(int t) {
    return new String(new char[] {(char) (t >>> 24 & 0xFF), (char) (t >>> 16 & 0xFF), (char) (t >>> 8 & 0xFF), (char) (t & 0xFF)});
  }

  private static ImageDecodeException fail(String name, String what) {
    return new ImageDecodeException("cannot decode PNG " + name + ": " + what, null);
  }
}
