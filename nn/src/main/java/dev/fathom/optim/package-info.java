/**
 * Optimizers, learning-rate schedulers and gradient clipping with PyTorch's names, defaults and
 * numbers ({@code torch.optim}, {@code torch.optim.lr_scheduler}, {@code torch.nn.utils.clip_grad_*}).
 *
 * <p>Optimizers: {@link dev.fathom.optim.SGD}, {@link dev.fathom.optim.Adam},
 * {@link dev.fathom.optim.AdamW}, {@link dev.fathom.optim.RMSprop}, {@link dev.fathom.optim.Adagrad},
 * on the base {@link dev.fathom.optim.Optimizer} with {@link dev.fathom.optim.ParamGroup}s.
 * Schedulers: {@link dev.fathom.optim.StepLR}, {@link dev.fathom.optim.MultiStepLR},
 * {@link dev.fathom.optim.ExponentialLR}, {@link dev.fathom.optim.CosineAnnealingLR},
 * {@link dev.fathom.optim.OneCycleLR} (on {@link dev.fathom.optim.LRScheduler}) and
 * {@link dev.fathom.optim.ReduceLROnPlateau}. Clipping: {@link dev.fathom.optim.Clip}.
 *
 * <pre>{@code
 * var optimizer = new Adam(model.parameters(), Adam.options().lr(1e-3).weightDecay(1e-4));
 * var scheduler = new StepLR(optimizer, 10, StepLR.options().gamma(0.5));
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *   for (Batch b : loader) {
 *     optimizer.zeroGrad();
 *     criterion.forward(model.forward(b.x()), b.y()).backward();
 *     Clip.clipGradNorm(model.parameters(), 1.0);
 *     optimizer.step();
 *   }
 *   scheduler.step();
 * }
 * }</pre>
 */
package dev.fathom.optim;
