package dev.fathom.nn;

import dev.fathom.Tensor;
import dev.fathom.nn.functional.F;

/**
 * 2-d average pooling, as {@code nn.AvgPool2d}: input {@code [N, C, H, W]} (or {@code [C, H, W]}),
 * output {@code [N, C, H_out, W_out]}. The stride defaults to the kernel size; padded cells count
 * in the average unless {@code countIncludePad(false)}.
 *
 * <pre>{@code
 * AvgPool2d pool = new AvgPool2d(2);                        // [N, C, 8, 8] -> [N, C, 4, 4]
 * new AvgPool2d(3, AvgPool2d.options().stride(2).padding(1).countIncludePad(false));
 * }</pre>
 */
public final class AvgPool2d extends Module {
  private final Pair kernelSize;
  private final Pair stride;
  private final Pair padding;
  private final boolean ceilMode;
  private final boolean countIncludePad;
  private final Integer divisorOverride;

  /** Optional arguments: stride (= kernel size), padding 0, ceil_mode false, count_include_pad true, divisor_override none. */
  public static final class Options {
    private Pair stride;
    private Pair padding = Pair.of(0);
    private boolean ceilMode;
    private boolean countIncludePad = true;
    private Integer divisorOverride;

    public Options stride(int s) { stride = Pair.of(s); return this; }

    public Options stride(int sH, int sW) { stride = new Pair(sH, sW, false); return this; }

    public Options padding(int p) { padding = Pair.of(p); return this; }

    public Options padding(int pH, int pW) { padding = new Pair(pH, pW, false); return this; }

    public Options ceilMode(boolean c) { ceilMode = c; return this; }

    public Options countIncludePad(boolean c) { countIncludePad = c; return this; }

    public Options divisorOverride(int d) { divisorOverride = d; return this; }
  }

  public static Options options() {
    return new Options();
  }

  public AvgPool2d(int kernelSize) {
    this(kernelSize, options());
  }

  public AvgPool2d(int kernelSize, Options options) {
    this(Pair.of(kernelSize), options);
  }

  public AvgPool2d(int[] kernelSize, Options options) {
    this(Pair.of(kernelSize, "AvgPool2d kernel_size"), options);
  }

  private AvgPool2d(Pair kernelSize, Options options) {
    this.kernelSize = kernelSize;
    this.stride = options.stride == null ? kernelSize : options.stride;
    this.padding = options.padding;
    this.ceilMode = options.ceilMode;
    this.countIncludePad = options.countIncludePad;
    this.divisorOverride = options.divisorOverride;
  }

  @Override
  public Tensor forward(Tensor input) {
    Tensor out = F.avgPool2d(input, new int[] {kernelSize.h(), kernelSize.w()}, new int[] {stride.h(), stride.w()},
        new int[] {padding.h(), padding.w()}, ceilMode, countIncludePad, divisorOverride);
    return withHooks(out, input);
  }

  @Override
  protected String extraRepr() {
    return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding;
  }
}
