package dev.fathom.nn;

import dev.fathom.Tensor;
import dev.fathom.nn.functional.F;

/**
 * Binary cross entropy of probabilities, as {@code nn.BCELoss}:
 * {@code -w * (y log x + (1 - y) log(1 - x))} with the logs clamped at -100. Input (in [0, 1],
 * e.g. after {@link Sigmoid}) and target of the same shape; {@code weight} broadcasts to it and is
 * registered as the buffer {@code weight}.
 *
 * <pre>{@code
 * BCELoss criterion = new BCELoss();
 * Tensor loss = criterion.forward(discriminator.forward(fake), Tensor.ones(n));   // DCGAN
 * }</pre>
 */
public final class BCELoss extends Module {
  private final String reduction;

  /** Optional arguments: {@code weight} (null), {@code reduction} ("mean"). */
  public static final class Options {
    private Tensor weight;
    private String reduction = "mean";

    public Options weight(Tensor w) { weight = w; return this; }

    public Options reduction(String r) { reduction = Reductions.check(r); return this; }

    public Tensor weight() { return weight; }

    public String reduction() { return reduction; }
  }

  public static Options options() {
    return new Options();
  }

  public BCELoss() {
    this(options());
  }

  public BCELoss(Options options) {
    this.reduction = options.reduction;
    if (options.weight != null) registerBuffer("weight", options.weight);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Tensor w = bufferOrNull("weight");
    return withHooks(F.binaryCrossEntropy(input, target, w, reduction), input, target);
  }
}
