package dev.fathom.vision;

import dev.fathom.Tensor;
import dev.fathom.spi.Shapes;
import java.nio.file.Path;

/**
 * Image grids, as {@code torchvision.utils}: {@link #makeGrid} tiles a batch {@code [B, C, H, W]}
 * into one image {@code [C, H', W']}; {@link #saveImage} writes it to a file.
 *
 * <pre>{@code
 * VisionUtils.saveImage(fakes, Path.of("samples.png"), VisionUtils.options().nrow(8).normalize(true));
 * Tensor grid = VisionUtils.makeGrid(batch);   // [3, H', W']
 * }</pre>
 */
public final class VisionUtils {
  private VisionUtils() {}

  /** Optional arguments with torchvision's defaults: nrow 8, padding 2, no normalisation, padValue 0. */
  public static final class Options {
    private int nrow = 8;
    private int padding = 2;
    private boolean normalize;
    private double[] valueRange;
    private boolean scaleEach;
    private double padValue;

    /** Images per row. */
    public Options nrow(int v) { nrow = v; return this; }

    public Options padding(int v) { padding = v; return this; }

    /** Shifts to [0, 1] by the min and max (or {@link #valueRange}). */
    public Options normalize(boolean v) { normalize = v; return this; }

    public Options valueRange(double low, double high) { valueRange = new double[] {low, high}; return this; }

    /** Normalises each image by its own min and max. */
    public Options scaleEach(boolean v) { scaleEach = v; return this; }

    public Options padValue(double v) { padValue = v; return this; }
  }

  public static Options options() { return new Options(); }

  public static Tensor makeGrid(Tensor tensor) { return makeGrid(tensor, options()); }

  /**
   * The grid, as {@code make_grid}: {@code [H, W]} and {@code [C, H, W]} are single images;
   * 1-channel inputs are repeated to 3 channels; a single image is returned without padding.
   */
  public static Tensor makeGrid(Tensor tensor, Options o) {
    if (tensor.dim() < 2 || tensor.dim() > 4) throw new IllegalArgumentException("make_grid: expected a tensor of 2 to 4 dims, got shape " + Shapes.str(tensor.shapeInts()));
    if (o.nrow <= 0 || o.padding < 0) throw new IllegalArgumentException("make_grid: nrow must be positive and padding non-negative");
    long[] s = tensor.shape();
    int b, c, h, w;
    if (s.length == 4) { b = (int) s[0]; c = (int) s[1]; h = (int) s[2]; w = (int) s[3]; }
    else if (s.length == 3) { b = 1; c = (int) s[0]; h = (int) s[1]; w = (int) s[2]; }
    else { b = 1; c = 1; h = (int) s[0]; w = (int) s[1]; }
    float[] v = tensor.detach().toFloatArray();
    int plane = h * w;
    int outC = c == 1 ? 3 : c;
    if (o.normalize) {
      if (o.scaleEach) for (int i = 0; i < b; i++) normRange(v, i * c * plane, (i + 1) * c * plane, o.valueRange);
      else normRange(v, 0, v.length, o.valueRange);
    }
    float[] imgs = v;
    if (c == 1 && outC == 3) {
      imgs = new float[b * 3 * plane];
      for (int i = 0; i < b; i++) for (int k = 0; k < 3; k++) System.arraycopy(v, i * plane, imgs, (i * 3 + k) * plane, plane);
    }
    if (b == 1) return Tensor.of(imgs, outC, h, w);
    int xmaps = Math.min(o.nrow, b), ymaps = (b + xmaps - 1) / xmaps;
    int cellH = h + o.padding, cellW = w + o.padding;
    int gh = cellH * ymaps + o.padding, gw = cellW * xmaps + o.padding;
    float[] grid = new float[outC * gh * gw];
    java.util.Arrays.fill(grid, (float) o.padValue);
    for (int k = 0; k < b; k++) {
      int y0 = (k / xmaps) * cellH + o.padding, x0 = (k % xmaps) * cellW + o.padding;
      for (int ch = 0; ch < outC; ch++) {
        for (int y = 0; y < h; y++) System.arraycopy(imgs, ((k * outC + ch) * h + y) * w, grid, (ch * gh + y0 + y) * gw + x0, w);
      }
    }
    return Tensor.of(grid, outC, gh, gw);
  }

  private static void normRange(float[] v, int from, int to, double[] range) {
    float lo, hi;
    if (range != null) {
      lo = (float) range[0];
      hi = (float) range[1];
    } else {
      lo = Float.POSITIVE_INFINITY;
      hi = Float.NEGATIVE_INFINITY;
      for (int i = from; i < to; i++) {
        lo = Math.min(lo, v[i]);
        hi = Math.max(hi, v[i]);
      }
    }
    float d = Math.max(hi - lo, 1e-5f);
    for (int i = from; i < to; i++) v[i] = (Math.max(lo, Math.min(hi, v[i])) - lo) / d;
  }

  public static void saveImage(Tensor tensor, Path file) { saveImage(tensor, file, options()); }

  /**
   * Writes {@link #makeGrid}'s grid as an 8-bit image, as {@code save_image}: values in [0, 1] are
   * mapped by {@code clamp(x * 255 + 0.5, 0, 255)} truncated.
   */
  public static void saveImage(Tensor tensor, Path file, Options o) {
    Tensor grid = makeGrid(tensor, o);
    int c = (int) grid.size(0), h = (int) grid.size(1), w = (int) grid.size(2);
    float[] v = grid.toFloatArray();
    byte[] px = new byte[h * w * c];
    int plane = h * w;
    for (int ch = 0; ch < c; ch++) {
      for (int i = 0; i < plane; i++) {
        float f = v[ch * plane + i] * 255f + 0.5f;
        px[i * c + ch] = (byte) (int) Math.max(0f, Math.min(255f, f));
      }
    }
    Image.wrap(w, h, Image.Mode.ofChannels(c), px).save(file);
  }
}
