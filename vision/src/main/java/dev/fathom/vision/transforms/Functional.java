package dev.fathom.vision.transforms;

import dev.fathom.DType;
import dev.fathom.Tensor;
import dev.fathom.spi.Shapes;
import dev.fathom.vision.Image;
import java.util.Arrays;

/**
 * The functional transforms, as {@code torchvision.transforms.functional}. Geometric and colour
 * functions take an {@link Image} (PIL's semantics and arithmetic) or an image {@link Tensor}
 * {@code [..., C, H, W]} (torchvision's tensor semantics) and return the same kind.
 *
 * <pre>{@code
 * Image small = Functional.resize(img, new int[] {32});            // shorter side 32, bilinear + antialias
 * Tensor x = Functional.normalize(Functional.toTensor(small), new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5});
 * }</pre>
 */
public final class Functional {
  private Functional() {}

  // ---- conversion -----------------------------------------------------------------------------

  /** HWC uint8 image to a FLOAT32 tensor {@code [C, H, W]} in [0, 1], as {@code to_tensor}. */
  public static Tensor toTensor(Image img) {
    int c = img.channels(), h = img.height(), w = img.width(), plane = h * w;
    byte[] px = img.buffer();
    float[] out = new float[c * plane];
    for (int ch = 0; ch < c; ch++) {
      int o = ch * plane;
      for (int i = 0, s = ch; i < plane; i++, s += c) out[o + i] = (px[s] & 0xFF) / 255f;
    }
    return Tensor.of(out, c, h, w);
  }

  /** HWC uint8 image to a UINT8 tensor {@code [C, H, W]}, as {@code pil_to_tensor}. */
  public static Tensor pilToTensor(Image img) {
    int c = img.channels(), h = img.height(), w = img.width(), plane = h * w;
    byte[] px = img.buffer(), out = new byte[px.length];
    for (int ch = 0; ch < c; ch++) for (int i = 0, s = ch; i < plane; i++, s += c) out[ch * plane + i] = px[s];
    return Tensor.ofUint8(out, c, h, w);
  }

  /**
   * A {@code [C, H, W]} or {@code [H, W]} tensor (C of 1 to 4) to an image, as {@code to_pil_image}:
   * floating values are multiplied by 255 and truncated, as torchvision's {@code mul(255).byte()}.
   */
  public static Image toPilImage(Tensor t) {
    if (t.dim() != 2 && t.dim() != 3) throw new IllegalArgumentException("to_pil_image: pic should be 2/3 dimensional. Got " + t.dim() + " dimensions.");
    int c = t.dim() == 2 ? 1 : (int) t.size(0), h = (int) t.size(-2), w = (int) t.size(-1);
    Image.Mode mode = Image.Mode.ofChannels(c);
    float[] v = t.detach().toFloatArray();
    boolean scale = t.dtype().isFloatingPoint();
    byte[] px = new byte[v.length];
    int plane = h * w;
    for (int ch = 0; ch < c; ch++) {
      for (int i = 0; i < plane; i++) {
        float f = scale ? v[ch * plane + i] * 255f : v[ch * plane + i];
        px[i * c + ch] = (byte) (f <= 0 ? 0 : f >= 255 ? 255 : (int) f);
      }
    }
    return Image.wrap(w, h, mode, px);
  }

  /** {@code (x - mean[c]) / std[c]} per channel of a float tensor {@code [..., C, H, W]}, as {@code normalize}. */
  public static Tensor normalize(Tensor t, double[] mean, double[] std) {
    if (!t.dtype().isFloatingPoint()) throw new IllegalArgumentException("normalize: input tensor should be a float tensor. Got " + t.dtype().torchName());
    if (t.dim() < 3) throw new IllegalArgumentException("normalize: expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = " + Shapes.str(t.shapeInts()));
    int c = (int) t.size(-3), plane = (int) (t.size(-1) * t.size(-2));
    if ((mean.length != 1 && mean.length != c) || (std.length != 1 && std.length != c)) {
      throw new IllegalArgumentException("normalize: mean (" + mean.length + " values) and std (" + std.length + ") must have 1 or C = " + c + " values");
    }
    for (double s : std) if (s == 0) throw new IllegalArgumentException("normalize: std evaluated to zero after conversion to " + t.dtype().torchName() + ", leading to division by zero.");
    float[] v = t.detach().toFloatArray();
    for (int k = 0; k < v.length / plane; k++) {
      int ch = k % c;
      float m = (float) mean[mean.length == 1 ? 0 : ch], s = (float) std[std.length == 1 ? 0 : ch];
      for (int i = k * plane, end = i + plane; i < end; i++) v[i] = (v[i] - m) / s;
    }
    Tensor out = Tensor.of(v, t.shape());
    return t.dtype() == DType.FLOAT32 ? out : out.to(t.dtype());
  }

  // ---- geometry ------------------------------------------------------------------------------

  /** The (height, width) {@code resize} produces: one value = the shorter side (the longer keeps the aspect, truncated). */
  public static int[] resizedSize(int height, int width, int[] size, Integer maxSize) {
    if (size.length == 2) {
      if (maxSize != null) throw new IllegalArgumentException("resize: max_size should only be passed if size specifies the length of the smaller edge");
      return new int[] {size[0], size[1]};
    }
    if (size.length != 1) throw new IllegalArgumentException("resize: size must be an int or a 1 or 2 element sequence, not a " + size.length + " element sequence");
    int shortSide = Math.min(width, height), longSide = Math.max(width, height);
    int newShort = size[0], newLong = (int) ((long) newShort * longSide / (double) shortSide);
    if (maxSize != null) {
      if (maxSize <= newShort) throw new IllegalArgumentException("resize: max_size = " + maxSize + " must be strictly greater than the requested size for the smaller edge size = " + newShort);
      if (newLong > maxSize) {
        newShort = (int) ((double) maxSize * newShort / newLong);
        newLong = maxSize;
      }
    }
    return width <= height ? new int[] {newLong, newShort} : new int[] {newShort, newLong};
  }

  /** {@code resize} with bilinear interpolation (antialiased for images; tensors without antialias, as torchvision 0.14). */
  public static <T> T resize(T img, int[] size) { return resize(img, size, InterpolationMode.BILINEAR, null, false); }

  /**
   * Resizes to {@code size} ({@code {h, w}}, or {@code {s}} for the shorter side). Images always
   * antialias (PIL); tensors antialias only when asked (bilinear and bicubic).
   */
  @SuppressWarnings("unchecked")
  public static <T> T resize(T img, int[] size, InterpolationMode mode, Integer maxSize, boolean antialias) {
    int[] hw = dims(img);
    int[] out = resizedSize(hw[0], hw[1], size, maxSize);
    if (out[0] <= 0 || out[1] <= 0) throw new IllegalArgumentException("resize: output size " + out[0] + "x" + out[1] + " must be positive");
    if (out[0] == hw[0] && out[1] == hw[1]) return img;
    if (img instanceof Image im) return (T) Resample.resize(im, out[1], out[0], mode);
    Planes p = Planes.of("resize", (Tensor) img);
    float[] r = Resample.resize(p.data, p.n, p.h, p.w, out[0], out[1], mode, antialias);
    if (mode == InterpolationMode.BICUBIC && p.dtype == DType.UINT8) for (int i = 0; i < r.length; i++) r[i] = Math.max(0, Math.min(255, r[i]));
    return (T) p.back(r, out[0], out[1]);
  }

  /** The {@code h x w} window at (top, left), zero outside the image, as {@code crop}. */
  @SuppressWarnings("unchecked")
  public static <T> T crop(T img, int top, int left, int height, int width) {
    if (height <= 0 || width <= 0) throw new IllegalArgumentException("crop: size must be positive, got " + height + "x" + width);
    if (img instanceof Image im) return (T) ImageOps.crop(im, top, left, height, width);
    Planes p = Planes.of("crop", (Tensor) img);
    return (T) p.back(TensorOps.crop(p, top, left, height, width), height, width);
  }

  /** The central {@code {h, w}} (or {@code {s}}) window, zero-padded when larger, as {@code center_crop}. */
  public static <T> T centerCrop(T img, int[] size) {
    int[] hw = dims(img), crop = pairOf("center_crop", size);
    int top = (int) Math.rint((hw[0] - crop[0]) / 2.0), left = (int) Math.rint((hw[1] - crop[1]) / 2.0);
    if (crop[0] > hw[0] || crop[1] > hw[1]) {
      int padTop = crop[0] > hw[0] ? (crop[0] - hw[0]) / 2 : 0, padLeft = crop[1] > hw[1] ? (crop[1] - hw[1]) / 2 : 0;
      int padBottom = crop[0] > hw[0] ? (crop[0] - hw[0] + 1) / 2 : 0, padRight = crop[1] > hw[1] ? (crop[1] - hw[1] + 1) / 2 : 0;
      T padded = pad(img, new int[] {padLeft, padTop, padRight, padBottom}, 0, Pad.CONSTANT);
      int[] phw = dims(padded);
      if (crop[0] == phw[0] && crop[1] == phw[1]) return padded;
      return centerCrop(padded, crop);
    }
    return crop(img, top, left, crop[0], crop[1]);
  }

  /** {@code crop} then {@code resize} to {@code size}, as {@code resized_crop}. */
  public static <T> T resizedCrop(T img, int top, int left, int height, int width, int[] size, InterpolationMode mode, boolean antialias) {
    return resize(crop(img, top, left, height, width), size, mode, null, antialias);
  }

  /** Pads by {@code {all}}, {@code {leftRight, topBottom}} or {@code {left, top, right, bottom}}, as {@code pad}. */
  @SuppressWarnings("unchecked")
  public static <T> T pad(T img, int[] padding, double fill, Pad mode) {
    int l, t, r, b;
    switch (padding.length) {
      case 1 -> l = t = r = b = padding[0];
      case 2 -> { l = r = padding[0]; t = b = padding[1]; }
      case 4 -> { l = padding[0]; t = padding[1]; r = padding[2]; b = padding[3]; }
      default -> throw new IllegalArgumentException("pad: padding must be an int or a 1, 2, or 4 element sequence, not a " + padding.length + " element sequence");
    }
    if (img instanceof Image im) {
      int[] f = new int[im.channels()];
      Arrays.fill(f, (int) fill);
      return (T) ImageOps.pad(im, l, t, r, b, mode, f);
    }
    Planes p = Planes.of("pad", (Tensor) img);
    return (T) p.back(TensorOps.pad(p, l, t, r, b, mode, (float) fill), p.h + t + b, p.w + l + r);
  }

  /** Mirrors left-right, as {@code hflip}. */
  @SuppressWarnings("unchecked")
  public static <T> T hflip(T img) {
    return img instanceof Image im ? (T) ImageOps.flip(im, true) : (T) tensor("hflip", img).flip(-1);
  }

  /** Mirrors top-bottom, as {@code vflip}. */
  @SuppressWarnings("unchecked")
  public static <T> T vflip(T img) {
    return img instanceof Image im ? (T) ImageOps.flip(im, false) : (T) tensor("vflip", img).flip(-2);
  }

  /** Rotates counter-clockwise by {@code angle} degrees about the centre, nearest sampling, same size, as {@code rotate}. */
  @SuppressWarnings("unchecked")
  public static <T> T rotate(T img, double angle, double fill) {
    if (img instanceof Image im) {
      int[] f = new int[im.channels()];
      Arrays.fill(f, (int) fill);
      return (T) ImageOps.rotate(im, angle, f);
    }
    Planes p = Planes.of("rotate", (Tensor) img);
    return (T) p.back(TensorOps.rotate(p, angle, (float) fill), p.h, p.w);
  }

  // ---- colour --------------------------------------------------------------------------------

  /** Multiplies brightness by {@code factor} (0 gives black), as {@code adjust_brightness}. */
  @SuppressWarnings("unchecked")
  public static <T> T adjustBrightness(T img, double factor) {
    checkFactor("brightness", factor);
    if (img instanceof Image im) return (T) ImageOps.blend(im, new byte[im.buffer().length], factor);
    Planes p = colorPlanes("adjust_brightness", img, false);
    return (T) p.backTruncated(TensorOps.blend(p, new float[p.data.length], false, (float) factor));
  }

  /** Blends with the mean gray level (0 gives uniform gray), as {@code adjust_contrast}. */
  @SuppressWarnings("unchecked")
  public static <T> T adjustContrast(T img, double factor) {
    checkFactor("contrast", factor);
    if (img instanceof Image im) return (T) ImageOps.blend(im, ImageOps.contrastDegenerate(im), factor);
    Planes p = colorPlanes("adjust_contrast", img, false);
    float[] gray = p.c == 3 ? TensorOps.grayscale(p) : p.data;
    int plane = p.h * p.w, images = p.n / p.c, perImage = p.c == 3 ? plane : p.c * plane;
    float[] means = new float[images * plane];
    for (int im = 0; im < images; im++) {
      double sum = 0;
      for (int i = 0; i < perImage; i++) sum += gray[im * perImage + i];
      Arrays.fill(means, im * plane, (im + 1) * plane, (float) (sum / perImage));
    }
    return (T) p.backTruncated(TensorOps.blend(p, means, true, (float) factor));
  }

  /** Blends with the grayscale image (0 gives gray, 2 doubles saturation), as {@code adjust_saturation}. */
  @SuppressWarnings("unchecked")
  public static <T> T adjustSaturation(T img, double factor) {
    checkFactor("saturation", factor);
    if (img instanceof Image im) return (T) ImageOps.blend(im, ImageOps.saturationDegenerate(im), factor);
    Planes p = colorPlanes("adjust_saturation", img, false);
    if (p.c == 1) return img;
    return (T) p.backTruncated(TensorOps.blend(p, TensorOps.grayscale(p), true, (float) factor));
  }

  /** Shifts hue by {@code factor} turns, factor in [-0.5, 0.5], as {@code adjust_hue}. */
  @SuppressWarnings("unchecked")
  public static <T> T adjustHue(T img, double factor) {
    if (!(factor >= -0.5 && factor <= 0.5)) throw new IllegalArgumentException("adjust_hue: hue_factor (" + factor + ") is not in [-0.5, 0.5].");
    if (img instanceof Image im) return (T) ImageOps.adjustHue(im, factor);
    Planes p = colorPlanes("adjust_hue", img, false);
    if (p.c == 1) return img;
    return (T) p.backTruncated(TensorOps.adjustHue(p, (float) factor));
  }

  /** Grayscale with 1 or 3 output channels, as {@code rgb_to_grayscale} (PIL's {@code convert("L")} for images). */
  @SuppressWarnings("unchecked")
  public static <T> T rgbToGrayscale(T img, int numOutputChannels) {
    if (numOutputChannels != 1 && numOutputChannels != 3) throw new IllegalArgumentException("rgb_to_grayscale: num_output_channels should be either 1 or 3");
    if (img instanceof Image im) {
      Image l = im.convert(Image.Mode.L);
      return (T) (numOutputChannels == 3 ? l.convert(Image.Mode.RGB) : l);
    }
    Planes p = colorPlanes("rgb_to_grayscale", img, true);
    float[] g = TensorOps.grayscale(p);
    if (numOutputChannels == 3) {
      int plane = p.h * p.w, images = p.n / 3;
      float[] g3 = new float[images * 3 * plane];
      for (int im = 0; im < images; im++) for (int k = 0; k < 3; k++) System.arraycopy(g, im * plane, g3, (im * 3 + k) * plane, plane);
      g = g3;
    }
    long[] shape = p.shapeOf(p.h, p.w);
    shape[shape.length - 3] = numOutputChannels;
    Tensor flat = Tensor.of(g, shape);
    return (T) (p.dtype == DType.FLOAT32 ? flat : flat.to(p.dtype));
  }

  /** Gaussian blur with odd kernel sizes {@code {kx, ky}} and sigmas {@code {sx, sy}}, reflect padding, as {@code gaussian_blur}. */
  @SuppressWarnings("unchecked")
  public static <T> T gaussianBlur(T img, int[] kernelSize, double[] sigma) {
    int kx = kernelSize[0], ky = kernelSize.length > 1 ? kernelSize[1] : kernelSize[0];
    double sx = sigma[0], sy = sigma.length > 1 ? sigma[1] : sigma[0];
    if (kx <= 0 || ky <= 0 || kx % 2 == 0 || ky % 2 == 0) throw new IllegalArgumentException("gaussian_blur: kernel size should have odd and positive integers. Got " + Arrays.toString(kernelSize));
    if (sx <= 0 || sy <= 0) throw new IllegalArgumentException("gaussian_blur: sigma should have positive values. Got " + Arrays.toString(sigma));
    if (img instanceof Image im) {
      Tensor t = pilToTensor(im);
      Planes p = Planes.of("gaussian_blur", t);
      Tensor blurred = p.back(TensorOps.gaussianBlur(p, kx, ky, sx, sy), p.h, p.w);
      return (T) toPilImage(blurred);
    }
    Planes p = Planes.of("gaussian_blur", (Tensor) img);
    return (T) p.back(TensorOps.gaussianBlur(p, kx, ky, sx, sy), p.h, p.w);
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** (height, width) of an image or image tensor. */
  static int[] dims(Object img) {
    if (img instanceof Image im) return new int[] {im.height(), im.width()};
    Tensor t = tensor("transform", img);
    if (t.dim() < 2) throw new IllegalArgumentException("expected an image tensor of at least 2 dims [..., H, W], got shape " + Shapes.str(t.shapeInts()));
    return new int[] {(int) t.size(-2), (int) t.size(-1)};
  }

  static Tensor tensor(String op, Object img) {
    if (img instanceof Tensor t) return t;
    throw new IllegalArgumentException(op + ": img should be an Image or a Tensor. Got " + (img == null ? "null" : img.getClass().getName()));
  }

  static int[] pairOf(String op, int[] size) {
    if (size.length == 1) return new int[] {size[0], size[0]};
    if (size.length == 2) return size.clone();
    throw new IllegalArgumentException(op + ": size should be an int or a 1 or 2 element sequence, got " + size.length + " elements");
  }

  private static Planes colorPlanes(String op, Object img, boolean needRgb) {
    Planes p = Planes.of(op, tensor(op, img));
    if (p.twoD || (p.c != 1 && p.c != 3) || (needRgb && p.c != 3)) {
      throw new IllegalArgumentException(op + ": input image tensor permitted channel values are " + (needRgb ? "[3]" : "[1, 3]") + ", but found " + (p.twoD ? 1 : p.c));
    }
    return p;
  }

  private static void checkFactor(String what, double f) {
    if (!(f >= 0)) throw new IllegalArgumentException(what + "_factor (" + f + ") is not non-negative.");
  }
}
