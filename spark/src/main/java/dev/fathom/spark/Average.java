package dev.fathom.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * The {@code treeAggregate} accumulator of a parameter-averaging round: sums (in double) every
 * floating-point tensor of the states of the workers that trained, and counts them; the average
 * gives each such worker the same weight, as Deeplearning4j's averaging does. Integer state
 * ({@code num_batches_tracked}, step counters) is taken from one of them: it is the same on all.
 */
final class Average implements Serializable {
  private double[] sums;
  private byte[] template;
  private int workers;
  private double lossSum;
  private long samples;
  private long nanos;

  Average add(StageResult r) {
    lossSum += r.lossSum();
    samples += r.samples();
    nanos = Math.max(nanos, r.stepNanos());
    if (r.state() == null) return this;
    Object tree = StateCodec.decode(r.state());
    if (sums == null) {
      sums = new double[Math.toIntExact(StateCodec.floatingCount(tree))];
      template = r.state();
    }
    StateCodec.accumulate(tree, sums, 0);
    workers++;
    return this;
  }

  Average merge(Average o) {
    lossSum += o.lossSum;
    samples += o.samples;
    nanos = Math.max(nanos, o.nanos);
    if (o.sums == null) return this;
    if (sums == null) {
      sums = o.sums;
      template = o.template;
    } else {
      for (int i = 0; i < sums.length; i++) sums[i] += o.sums[i];
    }
    workers += o.workers;
    return this;
  }

  /** The averaged state tree (model and optimizer), or null when no worker trained. */
  Map<?, ?> averaged() {
    return sums == null ? null : (Map<?, ?>) StateCodec.withFloating(StateCodec.decode(template), sums, workers);
  }

  int workers() {
    return workers;
  }

  double lossSum() {
    return lossSum;
  }

  long samples() {
    return samples;
  }

  long slowestNanos() {
    return nanos;
  }
}
