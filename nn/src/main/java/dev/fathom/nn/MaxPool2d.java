package dev.fathom.nn;

import dev.fathom.Tensor;
import dev.fathom.nn.functional.F;

/**
 * 2-d max pooling, as {@code nn.MaxPool2d}: input {@code [N, C, H, W]} (or {@code [C, H, W]}),
 * output {@code [N, C, H_out, W_out]} with
 * {@code H_out = floor((H + 2*padding - dilation*(k - 1) - 1) / stride) + 1} (ceil with
 * {@code ceilMode}). The stride defaults to the kernel size.
 *
 * <pre>{@code
 * MaxPool2d pool = new MaxPool2d(2);                      // [N, 16, 28, 28] -> [N, 16, 14, 14]
 * new MaxPool2d(3, MaxPool2d.options().stride(2).padding(1));
 * }</pre>
 */
public final class MaxPool2d extends Module {
  private final Pair kernelSize;
  private final Pair stride;
  private final Pair padding;
  private final Pair dilation;
  private final boolean ceilMode;

  /** Optional arguments: stride (= kernel size), padding 0, dilation 1, ceil_mode false. */
  public static final class Options {
    private Pair stride;
    private Pair padding = Pair.of(0);
    private Pair dilation = Pair.of(1);
    private boolean ceilMode;

    public Options stride(int s) { stride = Pair.of(s); return this; }

    public Options stride(int sH, int sW) { stride = new Pair(sH, sW, false); return this; }

    public Options padding(int p) { padding = Pair.of(p); return this; }

    public Options padding(int pH, int pW) { padding = new Pair(pH, pW, false); return this; }

    public Options dilation(int d) { dilation = Pair.of(d); return this; }

    public Options dilation(int dH, int dW) { dilation = new Pair(dH, dW, false); return this; }

    public Options ceilMode(boolean c) { ceilMode = c; return this; }
  }

  public static Options options() {
    return new Options();
  }

  public MaxPool2d(int kernelSize) {
    this(kernelSize, options());
  }

  public MaxPool2d(int kernelSize, Options options) {
    this(Pair.of(kernelSize), options);
  }

  /** A rectangular window {@code {kH, kW}}. */
  public MaxPool2d(int[] kernelSize, Options options) {
    this(Pair.of(kernelSize, "MaxPool2d kernel_size"), options);
  }

  private MaxPool2d(Pair kernelSize, Options options) {
    this.kernelSize = kernelSize;
    this.stride = options.stride == null ? kernelSize : options.stride;
    this.padding = options.padding;
    this.dilation = options.dilation;
    this.ceilMode = options.ceilMode;
  }

  @Override
  public Tensor forward(Tensor input) {
    Tensor out = F.maxPool2d(input, new int[] {kernelSize.h(), kernelSize.w()}, new int[] {stride.h(), stride.w()},
        new int[] {padding.h(), padding.w()}, new int[] {dilation.h(), dilation.w()}, ceilMode);
    return withHooks(out, input);
  }

  @Override
  protected String extraRepr() {
    return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation + ", ceil_mode=" + Repr.pyBool(ceilMode);
  }
}
