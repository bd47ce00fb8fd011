package dev.fathom.nn;

import dev.fathom.Tensor;
import dev.fathom.nn.functional.F;

/**
 * 2-d convolution, as {@code nn.Conv2d}. Input {@code [N, C_in, H, W]} (or {@code [C_in, H, W]}),
 * output {@code [N, C_out, H_out, W_out]} with
 * {@code H_out = (H + 2*padding - dilation*(kH - 1) - 1) / stride + 1}. Weight
 * {@code [C_out, C_in/groups, kH, kW]}, bias {@code [C_out]}; PyTorch's default initialisation
 * (kaiming-uniform with {@code a = sqrt(5)}, bias uniform on ±1/sqrt(fan_in)).
 *
 * <p>Padding is an int, a pair, {@code "same"} (stride 1; an even kernel pads one more at the
 * bottom/right, as PyTorch) or {@code "valid"}. {@code paddingMode} is "zeros" (default),
 * "reflect", "replicate" or "circular".
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(1, 16, 3, Conv2d.options().padding(1));
 * Tensor y = conv.forward(x);                            // [64, 1, 28, 28] -> [64, 16, 28, 28]
 * new Conv2d(3, 8, new int[] {3, 5}, Conv2d.options().stride(2).padding("valid").bias(false));
 * }</pre>
 */
public final class Conv2d extends Module {
  private final int inChannels;
  private final int outChannels;
  private final Pair kernelSize;
  private final Pair stride;
  private final Object padding;
  private final Pair dilation;
  private final int groups;
  private final boolean hasBias;
  private final String paddingMode;

  /** Optional arguments with PyTorch's defaults: stride 1, padding 0, dilation 1, groups 1, bias true, padding_mode "zeros". */
  public static final class Options {
    private Pair stride = Pair.of(1);
    private Object padding = Pair.of(0);
    private Pair dilation = Pair.of(1);
    private int groups = 1;
    private boolean bias = true;
    private String paddingMode = "zeros";

    public Options stride(int s) { stride = Pair.of(s); return this; }

    public Options stride(int sH, int sW) { stride = new Pair(sH, sW, false); return this; }

    public Options padding(int p) { padding = Pair.of(p); return this; }

    public Options padding(int pH, int pW) { padding = new Pair(pH, pW, false); return this; }

    /** {@code "same"} or {@code "valid"}. */
    public Options padding(String p) {
      if (!p.equals("same") && !p.equals("valid")) throw new IllegalArgumentException("Invalid padding string '" + p + "', should be one of {'valid', 'same'}");
      padding = p;
      return this;
    }

    public Options dilation(int d) { dilation = Pair.of(d); return this; }

    public Options dilation(int dH, int dW) { dilation = new Pair(dH, dW, false); return this; }

    public Options groups(int g) { groups = g; return this; }

    public Options bias(boolean b) { bias = b; return this; }

    public Options paddingMode(String mode) { paddingMode = Convs.checkPaddingMode("Conv2d", mode, false); return this; }
  }

  public static Options options() {
    return new Options();
  }

  public Conv2d(int inChannels, int outChannels, int kernelSize) {
    this(inChannels, outChannels, new int[] {kernelSize}, options());
  }

  public Conv2d(int inChannels, int outChannels, int kernelSize, Options options) {
    this(inChannels, outChannels, new int[] {kernelSize}, options);
  }

  /** A rectangular kernel {@code {kH, kW}}. */
  public Conv2d(int inChannels, int outChannels, int[] kernelSize, Options options) {
    Convs.checkChannels("Conv2d", inChannels, outChannels, options.groups);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = Pair.of(kernelSize, "Conv2d kernel_size");
    this.stride = options.stride.tuple();
    this.padding = options.padding instanceof Pair p ? p.tuple() : options.padding;
    this.dilation = options.dilation.tuple();
    this.groups = options.groups;
    this.hasBias = options.bias;
    this.paddingMode = options.paddingMode;
    if ("same".equals(padding) && (stride.h() != 1 || stride.w() != 1)) {
      throw new IllegalArgumentException("Conv2d: padding='same' is not supported for strided convolutions");
    }
    registerParameter("weight", Tensor.zeros(outChannels, inChannels / groups, this.kernelSize.h(), this.kernelSize.w()));
    if (hasBias) registerParameter("bias", Tensor.zeros(outChannels));
    resetParameters();
  }

  public void resetParameters() {
    Convs.reset(weight(), bias());
  }

  public Tensor weight() {
    return parameter("weight");
  }

  /** The bias, or null without one. */
  public Tensor bias() {
    return hasBias ? parameter("bias") : null;
  }

  public int inChannels() { return inChannels; }

  public int outChannels() { return outChannels; }

  @Override
  public Tensor forward(Tensor input) {
    int[] s = {stride.h(), stride.w()}, d = {dilation.h(), dilation.w()};
    Tensor out;
    if (paddingMode.equals("zeros")) {
      out = padding instanceof Pair p
          ? F.conv2d(input, weight(), bias(), s, new int[] {p.h(), p.w()}, d, groups)
          : F.conv2d(input, weight(), bias(), s, (String) padding, d, groups);
    } else {
      int[] lrtb = explicitPadding();
      Tensor padded = Convs.pad(input, lrtb[0], lrtb[1], lrtb[2], lrtb[3], paddingMode);
      out = F.conv2d(padded, weight(), bias(), s, new int[] {0, 0}, d, groups);
    }
    return withHooks(out, input);
  }

  /** (left, right, top, bottom) for the non-zero padding modes; "same" puts the odd one at the end. */
  private int[] explicitPadding() {
    if (padding instanceof Pair p) return new int[] {p.w(), p.w(), p.h(), p.h()};
    if (padding.equals("valid")) return new int[4];
    int totalH = dilation.h() * (kernelSize.h() - 1), totalW = dilation.w() * (kernelSize.w() - 1);
    return new int[] {totalW / 2, totalW - totalW / 2, totalH / 2, totalH - totalH / 2};
  }

  @Override
  protected String extraRepr() {
    return Convs.repr(inChannels, outChannels, kernelSize, stride, padding, dilation, null, groups, hasBias, paddingMode);
  }
}
