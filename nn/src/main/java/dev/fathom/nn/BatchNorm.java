package dev.fathom.nn;

import dev.fathom.DType;
import dev.fathom.Fathom;
import dev.fathom.Tensor;
import dev.fathom.nn.functional.F;

/**
 * What {@link BatchNorm1d} and {@link BatchNorm2d} share, as PyTorch's {@code _BatchNorm}:
 * per-channel normalisation with learnable {@code weight} (ones) and {@code bias} (zeros) when
 * affine, and buffers {@code running_mean} (zeros), {@code running_var} (ones) and
 * {@code num_batches_tracked} (int64 0) when tracking running stats.
 *
 * <p>In training mode the batch statistics normalise, and the running ones are updated as
 * {@code running = (1 - momentum) * running + momentum * batch} with the unbiased batch variance;
 * a null momentum makes it the cumulative average ({@code momentum = 1 / num_batches_tracked}).
 * In eval mode the running statistics normalise (batch ones when they are not tracked).
 *
 * <pre>{@code
 * BatchNorm2d bn = new BatchNorm2d(16, BatchNorm.options().momentum(0.01).eps(1e-3));
 * bn.forward(x);                              // x [N, 16, H, W]; updates running stats
 * Tensor mean = bn.runningMean();             // [16]
 * }</pre>
 */
public abstract sealed class BatchNorm extends Module permits BatchNorm1d, BatchNorm2d {
  private final int numFeatures;
  private final double eps;
  private final Double momentum;
  private final boolean affine;
  private final boolean trackRunningStats;

  /** Optional arguments with PyTorch's defaults: eps 1e-5, momentum 0.1 (null = cumulative average), affine true, track_running_stats true. */
  public static final class Options {
    private double eps = 1e-5;
    private Double momentum = 0.1;
    private boolean affine = true;
    private boolean trackRunningStats = true;

    public Options eps(double e) { eps = e; return this; }

    /** The running-average factor; null for a cumulative moving average. */
    public Options momentum(Double m) { momentum = m; return this; }

    public Options affine(boolean a) { affine = a; return this; }

    public Options trackRunningStats(boolean t) { trackRunningStats = t; return this; }
  }

  public static Options options() {
    return new Options();
  }

  BatchNorm(int numFeatures, Options options) {
    if (numFeatures <= 0) throw new IllegalArgumentException(getClass().getSimpleName() + ": num_features must be positive, got " + numFeatures);
    this.numFeatures = numFeatures;
    this.eps = options.eps;
    this.momentum = options.momentum;
    this.affine = options.affine;
    this.trackRunningStats = options.trackRunningStats;
    if (affine) {
      registerParameter("weight", Tensor.ones(numFeatures));
      registerParameter("bias", Tensor.zeros(numFeatures));
    }
    if (trackRunningStats) {
      registerBuffer("running_mean", Tensor.zeros(numFeatures));
      registerBuffer("running_var", Tensor.ones(numFeatures));
      registerBuffer("num_batches_tracked", Tensor.scalar(0, DType.INT64));
    }
  }

  /** Resets running_mean to 0, running_var to 1 and num_batches_tracked to 0. */
  public void resetRunningStats() {
    if (!trackRunningStats) return;
    try (var g = Fathom.noGrad()) {
      runningMean().zero_();
      runningVar().fill_(1);
      numBatchesTracked().zero_();
    }
  }

  /** Running stats reset, weight to ones and bias to zeros. */
  public void resetParameters() {
    resetRunningStats();
    if (affine) {
      Init.ones_(weight());
      Init.zeros_(bias());
    }
  }

  /** Checks the input's rank: {@code [N, C]}/{@code [N, C, L]} for 1d, {@code [N, C, H, W]} for 2d. */
  abstract void checkInputDim(Tensor input);

  public Tensor weight() { return affine ? parameter("weight") : null; }

  public Tensor bias() { return affine ? parameter("bias") : null; }

  public Tensor runningMean() { return trackRunningStats ? buffer("running_mean") : null; }

  public Tensor runningVar() { return trackRunningStats ? buffer("running_var") : null; }

  public Tensor numBatchesTracked() { return trackRunningStats ? buffer("num_batches_tracked") : null; }

  public int numFeatures() { return numFeatures; }

  @Override
  public Tensor forward(Tensor input) {
    checkInputDim(input);
    double factor = momentum == null ? 0 : momentum;
    if (isTraining() && trackRunningStats) {
      Tensor n = numBatchesTracked();
      try (var g = Fathom.noGrad()) {
        n.add_(1);
      }
      if (momentum == null) factor = 1.0 / n.longItem();
    }
    boolean useBatchStats = isTraining() || !trackRunningStats;
    Tensor out = F.batchNorm(input, runningMean(), runningVar(), weight(), bias(), useBatchStats, factor, eps);
    return withHooks(out, input);
  }

  /** Old checkpoints lack num_batches_tracked; PyTorch loads them with 0, and so does this. */
  @Override
  protected Tensor missingStateDefault(String localName) {
    return trackRunningStats && localName.equals("num_batches_tracked") ? Tensor.scalar(0, DType.INT64) : null;
  }

  @Override
  protected String extraRepr() {
    return numFeatures + ", eps=" + Repr.pyFloat(eps) + ", momentum=" + Repr.pyFloat(momentum) + ", affine=" + Repr.pyBool(affine)
        + ", track_running_stats=" + Repr.pyBool(trackRunningStats);
  }
}
