package dev.fathom.nn;

import dev.fathom.Tensor;
import dev.fathom.nn.functional.F;

/**
 * Transposed 2-d convolution ("deconvolution"), as {@code nn.ConvTranspose2d}. Input
 * {@code [N, C_in, H, W]}, output {@code [N, C_out, H_out, W_out]} with
 * {@code H_out = (H - 1)*stride - 2*padding + dilation*(kH - 1) + output_padding + 1}. Weight
 * {@code [C_in, C_out/groups, kH, kW]}, bias {@code [C_out]}; PyTorch's default initialisation.
 * Only "zeros" padding exists, as in PyTorch.
 *
 * <pre>{@code
 * // DCGAN generator's first layer: [N, 100, 1, 1] -> [N, 512, 4, 4]
 * ConvTranspose2d up = new ConvTranspose2d(100, 512, 4, ConvTranspose2d.options().stride(1).padding(0).bias(false));
 * }</pre>
 */
public final class ConvTranspose2d extends Module {
  private final int inChannels;
  private final int outChannels;
  private final Pair kernelSize;
  private final Pair stride;
  private final Pair padding;
  private final Pair outputPadding;
  private final Pair dilation;
  private final int groups;
  private final boolean hasBias;

  /** Optional arguments with PyTorch's defaults: stride 1, padding 0, output_padding 0, groups 1, bias true, dilation 1. */
  public static final class Options {
    private Pair stride = Pair.of(1);
    private Pair padding = Pair.of(0);
    private Pair outputPadding = Pair.of(0);
    private Pair dilation = Pair.of(1);
    private int groups = 1;
    private boolean bias = true;

    public Options stride(int s) { stride = Pair.of(s); return this; }

    public Options stride(int sH, int sW) { stride = new Pair(sH, sW, false); return this; }

    public Options padding(int p) { padding = Pair.of(p); return this; }

    public Options padding(int pH, int pW) { padding = new Pair(pH, pW, false); return this; }

    public Options outputPadding(int p) { outputPadding = Pair.of(p); return this; }

    public Options outputPadding(int pH, int pW) { outputPadding = new Pair(pH, pW, false); return this; }

    public Options dilation(int d) { dilation = Pair.of(d); return this; }

    public Options dilation(int dH, int dW) { dilation = new Pair(dH, dW, false); return this; }

    public Options groups(int g) { groups = g; return this; }

    public Options bias(boolean b) { bias = b; return this; }

    /** Only "zeros" is accepted, as PyTorch. */
    public Options paddingMode(String mode) { Convs.checkPaddingMode("ConvTranspose2d", mode, true); return this; }
  }

  public static Options options() {
    return new Options();
  }

  public ConvTranspose2d(int inChannels, int outChannels, int kernelSize) {
    this(inChannels, outChannels, new int[] {kernelSize}, options());
  }

  public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, Options options) {
    this(inChannels, outChannels, new int[] {kernelSize}, options);
  }

  public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, Options options) {
    Convs.checkChannels("ConvTranspose2d", inChannels, outChannels, options.groups);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = Pair.of(kernelSize, "ConvTranspose2d kernel_size");
    this.stride = options.stride.tuple();
    this.padding = options.padding.tuple();
    this.outputPadding = options.outputPadding.tuple();
    this.dilation = options.dilation.tuple();
    this.groups = options.groups;
    this.hasBias = options.bias;
    registerParameter("weight", Tensor.zeros(inChannels, outChannels / groups, this.kernelSize.h(), this.kernelSize.w()));
    if (hasBias) registerParameter("bias", Tensor.zeros(outChannels));
    resetParameters();
  }

  public void resetParameters() {
    Convs.reset(weight(), bias());
  }

  public Tensor weight() {
    return parameter("weight");
  }

  public Tensor bias() {
    return hasBias ? parameter("bias") : null;
  }

  @Override
  public Tensor forward(Tensor input) {
    Tensor out = F.convTranspose2d(input, weight(), bias(), new int[] {stride.h(), stride.w()}, new int[] {padding.h(), padding.w()},
        new int[] {outputPadding.h(), outputPadding.w()}, groups, new int[] {dilation.h(), dilation.w()});
    return withHooks(out, input);
  }

  @Override
  protected String extraRepr() {
    return Convs.repr(inChannels, outChannels, kernelSize, stride, padding, dilation, outputPadding, groups, hasBias, "zeros");
  }
}
