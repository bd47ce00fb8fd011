package dev.fathom.vision.transforms;

import dev.fathom.Generator;
import java.util.Arrays;

/**
 * A crop of {@code size} at a uniformly random position, after optional padding, as
 * {@code transforms.RandomCrop}.
 *
 * <pre>{@code
 * new RandomCrop(32, RandomCrop.options().padding(4).paddingMode(Pad.REFLECT));   // CIFAR augmentation
 * }</pre>
 */
public final class RandomCrop implements Transform<Object, Object> {
  private final int[] size;
  private final Options o;

  /** Optional arguments: padding (none), padIfNeeded (false), fill (0), paddingMode (CONSTANT), generator. */
  public static final class Options {
    private int[] padding;
    private boolean padIfNeeded;
    private double fill;
    private Pad paddingMode = Pad.CONSTANT;
    private Generator generator;

    /** {@code {all}}, {@code {leftRight, topBottom}} or {@code {left, top, right, bottom}}. */
    public Options padding(int... v) { padding = v.clone(); return this; }

    public Options padIfNeeded(boolean v) { padIfNeeded = v; return this; }

    public Options fill(double v) { fill = v; return this; }

    public Options paddingMode(Pad v) { paddingMode = v; return this; }

    public Options generator(Generator g) { generator = g; return this; }
  }

  public static Options options() { return new Options(); }

  public RandomCrop(int size) { this(new int[] {size}, options()); }

  public RandomCrop(int size, Options o) { this(new int[] {size}, o); }

  public RandomCrop(int[] size, Options o) {
    this.size = Functional.pairOf("RandomCrop", size);
    this.o = o;
  }

  @Override
  public Object apply(Object img) {
    Object x = img;
    if (o.padding != null) x = Functional.pad(x, o.padding, o.fill, o.paddingMode);
    int[] hw = Functional.dims(x);
    if (o.padIfNeeded && hw[1] < size[1]) x = Functional.pad(x, new int[] {size[1] - hw[1], 0}, o.fill, o.paddingMode);
    hw = Functional.dims(x);
    if (o.padIfNeeded && hw[0] < size[0]) x = Functional.pad(x, new int[] {0, size[0] - hw[0]}, o.fill, o.paddingMode);
    hw = Functional.dims(x);
    if (hw[0] < size[0] || hw[1] < size[1]) {
      throw new IllegalArgumentException("RandomCrop: required crop size " + Arrays.toString(size) + " is larger than input image size " + Arrays.toString(hw));
    }
    Generator g = Rand.of(o.generator);
    int top = Rand.randint(g, 0, hw[0] - size[0] + 1), left = Rand.randint(g, 0, hw[1] - size[1] + 1);
    return Functional.crop(x, top, left, size[0], size[1]);
  }

  @Override public String toString() { return "RandomCrop(size=" + Arrays.toString(size) + ", padding=" + Arrays.toString(o.padding) + ")"; }
}
