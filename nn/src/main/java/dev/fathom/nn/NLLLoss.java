package dev.fathom.nn;

import dev.fathom.Tensor;
import dev.fathom.nn.functional.F;

/**
 * Negative log likelihood, as {@code nn.NLLLoss}: {@code -w[y] * input[y]} for log-probabilities
 * {@code [N, C]} ({@code [C]}, {@code [N, C, d1, ...]}) and int64 class indices {@code [N]}; pair
 * it with {@link LogSoftmax}. {@code weight} (registered as the buffer {@code weight}),
 * {@code ignoreIndex} and {@code reduction} as in {@link CrossEntropyLoss}.
 *
 * <pre>{@code
 * Tensor loss = new NLLLoss().forward(new LogSoftmax(1).forward(logits), labels);
 * }</pre>
 */
public final class NLLLoss extends Module {
  private final long ignoreIndex;
  private final String reduction;

  /** Optional arguments: weight (null), ignore_index (-100), reduction ("mean"). */
  public static final class Options {
    private Tensor weight;
    private long ignoreIndex = -100;
    private String reduction = "mean";

    public Options weight(Tensor w) { weight = w; return this; }

    public Options ignoreIndex(long i) { ignoreIndex = i; return this; }

    public Options reduction(String r) { reduction = Reductions.check(r); return this; }

    public Tensor weight() { return weight; }

    public long ignoreIndex() { return ignoreIndex; }

    public String reduction() { return reduction; }
  }

  public static Options options() {
    return new Options();
  }

  public NLLLoss() {
    this(options());
  }

  public NLLLoss(Options options) {
    this.ignoreIndex = options.ignoreIndex;
    this.reduction = options.reduction;
    if (options.weight != null) registerBuffer("weight", options.weight);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    Tensor w = bufferOrNull("weight");
    return withHooks(F.nllLoss(input, target, w, ignoreIndex, reduction), input, target);
  }
}
