package dev.fathom.spark;

import dev.fathom.DType;
import dev.fathom.Fathom;
import dev.fathom.Tensor;
import dev.fathom.nn.Module;
import dev.fathom.optim.Clip;
import dev.fathom.optim.Optimizer;
import dev.fathom.train.TensorBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One worker's copy of the model, its optimizer and loss, with the two kinds of step the trainer
 * runs: a synchronous data-parallel step (local backward, gradients averaged over the ring, the same
 * optimizer step everywhere) and a purely local step (for parameter averaging).
 *
 * <p>The ring carries one float vector per step: the trainable parameters' gradients, each worker's
 * scaled by its share of the global batch ({@code n_r / n}, so the sum is the gradient of the mean
 * loss over the whole global batch), followed by the floating-point buffers (BatchNorm running
 * statistics), which worker 0 sends and the others send as zeros, so the sum is worker 0's values:
 * the buffers are broadcast from worker 0 every step, as DDP's {@code broadcast_buffers=True}.
 * Integer buffers ({@code num_batches_tracked}) advance identically on every worker.
 */
final class Replica {
  final Module model;
  final Optimizer optimizer;
  final Module criterion;
  private final TrainingSpec spec;
  private final List<Tensor> params = new ArrayList<>();
  private final List<Tensor> floatBuffers = new ArrayList<>();
  private final int vectorLength;
  private float[] vector;

  Replica(TrainingSpec spec, byte[] state) {
    this.spec = spec;
    this.model = spec.model().get();
    this.optimizer = spec.optimizer().create(model);
    this.criterion = spec.loss().get();
    load(model, optimizer, state);
    long len = 0;
    for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
      Tensor p = e.getValue();
      if (!p.requiresGrad()) continue;
      if (p.dtype() != DType.FLOAT32) {
        throw new IllegalArgumentException("SparkTrainer: the all-reduce carries FLOAT32 gradients, but parameter '" + e.getKey() + "' is " + p.dtype());
      }
      params.add(p);
      len += p.numel();
    }
    for (Tensor b : model.buffers()) {
      if (b.dtype() == DType.FLOAT32) {
        floatBuffers.add(b);
        len += b.numel();
      }
    }
    vectorLength = Math.toIntExact(len);
  }

  /** The model's and the optimizer's state as bytes. */
  static byte[] state(Module model, Optimizer optimizer) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("model", model.stateDict());
    tree.put("optimizer", optimizer.stateDict());
    return StateCodec.encode(tree);
  }

  /** Loads state made by {@link #state} (or an averaged tree of the same structure). */
  static void load(Module model, Optimizer optimizer, byte[] state) {
    load(model, optimizer, (Map<?, ?>) StateCodec.decode(state));
  }

  @SuppressWarnings("unchecked")
  static void load(Module model, Optimizer optimizer, Map<?, ?> tree) {
    model.loadStateDict((Map<String, Tensor>) tree.get("model"));
    optimizer.loadStateDict((Map<String, Object>) tree.get("optimizer"));
  }

  byte[] state() {
    return state(model, optimizer);
  }

  /** Floats in the per-step all-reduce: gradients then floating-point buffers. */
  int vectorLength() {
    return vectorLength;
  }

  /**
   * One synchronous step. {@code batch} is this worker's part of the global batch (null when it has
   * none this step), {@code share} its fraction of the global batch's samples.
   *
   * @return the local mean loss times the local batch size (0 without a batch)
   */
  double syncStep(TensorBatch batch, float share, boolean broadcastsBuffers, RingAllReduce ring, long[] allReduceNanos) {
    model.train();
    optimizer.zeroGrad();
    double lossTimesN = 0;
    if (batch != null) {
      Tensor loss = forward(batch);
      loss.backward();
      lossTimesN = loss.item() * batch.label().size(0);
    }
    if (vector == null) vector = new float[vectorLength];
    float[] v = vector;
    int off = 0;
    for (Tensor p : params) {
      int n = (int) p.numel();
      if (p.grad() == null) {
        Arrays.fill(v, off, off + n, 0f);
      } else {
        float[] g = p.grad().toFloatArray();
        for (int i = 0; i < n; i++) v[off + i] = g[i] * share;
      }
      off += n;
    }
    for (Tensor b : floatBuffers) {
      int n = (int) b.numel();
      if (broadcastsBuffers) System.arraycopy(b.toFloatArray(), 0, v, off, n);
      else Arrays.fill(v, off, off + n, 0f);
      off += n;
    }
    long t0 = System.nanoTime();
    ring.allReduceSum(v);
    allReduceNanos[0] += System.nanoTime() - t0;
    try (var g = Fathom.noGrad()) {
      off = 0;
      for (Tensor p : params) {
        int n = (int) p.numel();
        p.setGrad(Tensor.of(Arrays.copyOfRange(v, off, off + n), p.shape()));
        off += n;
      }
      for (Tensor b : floatBuffers) {
        int n = (int) b.numel();
        b.copy_(Tensor.of(Arrays.copyOfRange(v, off, off + n), b.shape()));
        off += n;
      }
    }
    if (spec.clipGradNorm() > 0) Clip.clipGradNorm(params, spec.clipGradNorm());
    optimizer.step();
    return lossTimesN;
  }

  /** One local step on this worker's batch alone (parameter averaging); returns mean loss times batch size. */
  double localStep(TensorBatch batch) {
    model.train();
    optimizer.zeroGrad();
    Tensor loss = forward(batch);
    loss.backward();
    if (spec.clipGradNorm() > 0) Clip.clipGradNorm(params, spec.clipGradNorm());
    optimizer.step();
    return loss.item() * batch.label().size(0);
  }

  private Tensor forward(TensorBatch batch) {
    Tensor out = model.forward(batch.inputs().toArray(Tensor[]::new));
    return criterion.forward(out, batch.label());
  }
}
