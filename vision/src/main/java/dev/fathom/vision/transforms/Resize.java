package dev.fathom.vision.transforms;

import java.util.Arrays;

/**
 * Resizes an image or image tensor, as {@code transforms.Resize}: an int resizes the shorter side
 * keeping the aspect ratio, {@code {h, w}} sets both. Bilinear by default; images are always
 * antialiased (PIL), tensors only with {@code antialias(true)} (torchvision 0.14's default).
 *
 * <pre>{@code
 * new Resize(256);
 * new Resize(new int[] {224, 224}, Resize.options().interpolation(InterpolationMode.BICUBIC));
 * }</pre>
 */
public final class Resize implements Transform<Object, Object> {
  private final int[] size;
  private final Options o;

  /** Optional arguments: interpolation (BILINEAR), maxSize (none), antialias (false; images always antialias). */
  public static final class Options {
    private InterpolationMode interpolation = InterpolationMode.BILINEAR;
    private Integer maxSize;
    private boolean antialias;

    public Options interpolation(InterpolationMode m) { interpolation = m; return this; }

    public Options maxSize(int v) { maxSize = v; return this; }

    public Options antialias(boolean v) { antialias = v; return this; }
  }

  public static Options options() { return new Options(); }

  public Resize(int size) { this(new int[] {size}, options()); }

  public Resize(int size, Options o) { this(new int[] {size}, o); }

  public Resize(int[] size) { this(size, options()); }

  public Resize(int[] size, Options o) {
    if (size.length != 1 && size.length != 2) throw new IllegalArgumentException("Resize: size must be an int or a 1 or 2 element sequence, got " + size.length + " elements");
    for (int s : size) if (s <= 0) throw new IllegalArgumentException("Resize: size must be positive, got " + Arrays.toString(size));
    this.size = size.clone();
    this.o = o;
  }

  @Override public Object apply(Object img) { return Functional.resize(img, size, o.interpolation, o.maxSize, o.antialias); }

  @Override public String toString() { return "Resize(size=" + Arrays.toString(size) + ", interpolation=" + o.interpolation.name().toLowerCase() + ")"; }
}
