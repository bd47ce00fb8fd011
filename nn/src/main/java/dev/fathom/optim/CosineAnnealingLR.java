package dev.fathom.optim;

import java.util.Map;

/**
 * Cosine annealing from each group's base lr down to {@code etaMin} over {@code tMax} epochs and
 * back up over the next {@code tMax}, as {@code torch.optim.lr_scheduler.CosineAnnealingLR}, in
 * PyTorch's recursive form (each step rescales the current lr), so it gives PyTorch's numbers:
 * without outside changes, lr = eta_min + (base_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2.
 * Default etaMin 0.
 *
 * <pre>{@code
 * var scheduler = new CosineAnnealingLR(optimizer, 50, CosineAnnealingLR.options().etaMin(1e-5));
 * }</pre>
 */
public final class CosineAnnealingLR extends LRScheduler {
  private int tMax;
  private double etaMin;

  /** CosineAnnealingLR's keyword arguments: eta_min (default 0) and last_epoch. */
  public static final class Options extends LRScheduler.Options<Options> {
    double etaMin;

    public Options etaMin(double etaMin) {
      this.etaMin = etaMin;
      return this;
    }
  }

  public static Options options() {
    return new Options();
  }

  public CosineAnnealingLR(Optimizer optimizer, int tMax) {
    this(optimizer, tMax, options());
  }

  public CosineAnnealingLR(Optimizer optimizer, int tMax, Options options) {
    if (tMax <= 0) throw new IllegalArgumentException("CosineAnnealingLR: T_max must be positive, got " + tMax);
    this.tMax = tMax;
    this.etaMin = options.etaMin;
    super(optimizer, options.lastEpoch);
  }

  @Override
  protected double[] computeLr() {
    double[] lrs = currentLrs(optimizer);
    if (lastEpoch == 0) return lrs;
    for (int i = 0; i < lrs.length; i++) {
      if (stepCount == 1 && lastEpoch > 0) {
        lrs[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(lastEpoch * Math.PI / tMax)) / 2;
      } else if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
        lrs[i] = lrs[i] + (baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
      } else {
        lrs[i] = (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax)) * (lrs[i] - etaMin) + etaMin;
      }
    }
    return lrs;
  }

  @Override
  protected void saveSettings(Map<String, Object> out) {
    out.put("T_max", tMax);
    out.put("eta_min", etaMin);
  }

  @Override
  protected void loadSettings(Map<String, Object> state) {
    tMax = integer(state, "T_max");
    etaMin = number(state, "eta_min");
  }
}
