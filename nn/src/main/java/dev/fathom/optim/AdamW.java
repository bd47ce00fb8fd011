package dev.fathom.optim;

import dev.fathom.Tensor;
import java.util.List;

/**
 * Adam with decoupled weight decay, as {@code torch.optim.AdamW}: each step first shrinks the
 * parameter, {@code p = p * (1 - lr * weight_decay)}, and the gradient itself is not decayed; the
 * rest is {@link Adam}'s update (see there, and for the state). Defaults as Adam's except
 * weight_decay 1e-2. Options are {@link Adam.Options}.
 *
 * <pre>{@code
 * var opt = new AdamW(model.parameters(), AdamW.options().lr(3e-4).weightDecay(0.05));
 * }</pre>
 */
public final class AdamW extends Adam {
  public static Adam.Options options() {
    return new Adam.Options();
  }

  public AdamW(Iterable<Tensor> params) {
    this(params, options());
  }

  public AdamW(Iterable<Tensor> params, double lr) {
    this(params, options().lr(lr));
  }

  public AdamW(Iterable<Tensor> params, Adam.Options options) {
    this(List.of(ParamGroup.of(params)), options);
  }

  public AdamW(List<ParamGroup> groups, Adam.Options options) {
    super(groups, options, true);
  }
}
