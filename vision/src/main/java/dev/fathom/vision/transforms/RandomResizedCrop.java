package dev.fathom.vision.transforms;

import dev.fathom.Generator;
import java.util.Arrays;

/**
 * A random crop of random area and aspect ratio, resized to {@code size}, as
 * {@code transforms.RandomResizedCrop}: up to 10 tries of area {@code scale} x the image area and
 * log-uniform aspect ratio {@code ratio}, then a central crop as fallback.
 *
 * <pre>{@code
 * new RandomResizedCrop(224);   // scale (0.08, 1), ratio (3/4, 4/3), bilinear
 * }</pre>
 */
public final class RandomResizedCrop implements Transform<Object, Object> {
  private final int[] size;
  private final Options o;

  /** Optional arguments: scale (0.08, 1), ratio (3/4, 4/3), interpolation (BILINEAR), antialias (false, tensors only), generator. */
  public static final class Options {
    private double[] scale = {0.08, 1.0};
    private double[] ratio = {3.0 / 4.0, 4.0 / 3.0};
    private InterpolationMode interpolation = InterpolationMode.BILINEAR;
    private boolean antialias;
    private Generator generator;

    public Options scale(double lo, double hi) { scale = new double[] {lo, hi}; return this; }

    public Options ratio(double lo, double hi) { ratio = new double[] {lo, hi}; return this; }

    public Options interpolation(InterpolationMode m) { interpolation = m; return this; }

    public Options antialias(boolean v) { antialias = v; return this; }

    public Options generator(Generator g) { generator = g; return this; }
  }

  public static Options options() { return new Options(); }

  public RandomResizedCrop(int size) { this(new int[] {size}, options()); }

  public RandomResizedCrop(int size, Options o) { this(new int[] {size}, o); }

  public RandomResizedCrop(int[] size, Options o) {
    this.size = Functional.pairOf("RandomResizedCrop", size);
    if (o.scale[0] > o.scale[1] || o.ratio[0] > o.ratio[1]) throw new IllegalArgumentException("RandomResizedCrop: scale and ratio should be of kind (min, max)");
    this.o = o;
  }

  /** The crop (top, left, height, width) for an image of {@code height x width}, as {@code get_params}. */
  public int[] params(int height, int width, Generator generator) {
    Generator g = Rand.of(generator != null ? generator : o.generator);
    double area = (double) height * width, logLo = Math.log(o.ratio[0]), logHi = Math.log(o.ratio[1]);
    for (int attempt = 0; attempt < 10; attempt++) {
      double targetArea = area * Rand.uniform(g, o.scale[0], o.scale[1]);
      double aspect = Math.exp(Rand.uniform(g, logLo, logHi));
      int w = (int) Math.rint(Math.sqrt(targetArea * aspect)), h = (int) Math.rint(Math.sqrt(targetArea / aspect));
      if (w > 0 && w <= width && h > 0 && h <= height) {
        int i = Rand.randint(g, 0, height - h + 1), j = Rand.randint(g, 0, width - w + 1);
        return new int[] {i, j, h, w};
      }
    }
    double inRatio = (double) width / height;
    int w, h;
    if (inRatio < o.ratio[0]) {
      w = width;
      h = (int) Math.rint(w / o.ratio[0]);
    } else if (inRatio > o.ratio[1]) {
      h = height;
      w = (int) Math.rint(h * o.ratio[1]);
    } else {
      w = width;
      h = height;
    }
    return new int[] {(height - h) / 2, (width - w) / 2, h, w};
  }

  @Override
  public Object apply(Object img) {
    int[] hw = Functional.dims(img);
    int[] p = params(hw[0], hw[1], null);
    return Functional.resizedCrop(img, p[0], p[1], p[2], p[3], size, o.interpolation, o.antialias);
  }

  @Override public String toString() { return "RandomResizedCrop(size=" + Arrays.toString(size) + ", scale=" + Arrays.toString(o.scale) + ", ratio=" + Arrays.toString(o.ratio) + ")"; }
}
