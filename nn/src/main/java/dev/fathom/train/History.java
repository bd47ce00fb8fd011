package dev.fathom.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link Trainer#fit} run produced, epoch by epoch: mean train and validation loss (as the
 * course's {@code trainer} returns), each metric on both sets, the learning rate, the best epoch and
 * whether early stopping ended the run.
 *
 * <pre>{@code
 * History h = trainer.fit(trainLoader, validLoader);
 * List<Double> valid = h.validLoss();
 * h.writeCsv(Path.of("runs/metrics.csv"));
 * }</pre>
 */
public final class History {
  private final List<Double> trainLoss = new ArrayList<>();
  private final List<Double> validLoss = new ArrayList<>();
  private final List<Double> lr = new ArrayList<>();
  private final Map<String, List<Double>> trainMetrics = new LinkedHashMap<>();
  private final Map<String, List<Double>> validMetrics = new LinkedHashMap<>();
  private int bestEpoch = -1;
  private boolean stoppedEarly;

  public List<Double> trainLoss() { return List.copyOf(trainLoss); }

  /** Validation loss per epoch; empty when no validation loader was given. */
  public List<Double> validLoss() { return List.copyOf(validLoss); }

  /** The learning rate of the first parameter group at each epoch's end. */
  public List<Double> learningRate() { return List.copyOf(lr); }

  public Map<String, List<Double>> trainMetrics() { return copy(trainMetrics); }

  public Map<String, List<Double>> validMetrics() { return copy(validMetrics); }

  /** Epochs run. */
  public int epochs() { return trainLoss.size(); }

  /** The 0-based epoch with the lowest monitored loss, or -1 before the first epoch. */
  public int bestEpoch() { return bestEpoch; }

  public boolean stoppedEarly() { return stoppedEarly; }

  /**
   * A history from values recorded elsewhere (trainers outside this package, such as
   * {@code fathom-spark}'s): one entry per epoch in each list and metric series; {@code validLoss}
   * is empty when there was no validation.
   *
   * <pre>{@code
   * History h = History.of(List.of(0.9, 0.5), List.of(1.0, 0.7), List.of(1e-3, 1e-3), Map.of(), Map.of("accuracy", List.of(0.6, 0.8)), 1, false);
   * }</pre>
   *
   * @throws IllegalArgumentException when a series has another length than {@code trainLoss}
   */
  public static History of(List<Double> trainLoss, List<Double> validLoss, List<Double> learningRate,
      Map<String, List<Double>> trainMetrics, Map<String, List<Double>> validMetrics, int bestEpoch, boolean stoppedEarly) {
    int n = trainLoss.size();
    if ((!validLoss.isEmpty() && validLoss.size() != n) || learningRate.size() != n) {
      throw new IllegalArgumentException("History.of: " + n + " train losses but " + validLoss.size() + " validation losses and " + learningRate.size() + " learning rates");
    }
    for (Map<String, List<Double>> m : List.of(trainMetrics, validMetrics)) {
      m.forEach((k, v) -> {
        if (v.size() != n) throw new IllegalArgumentException("History.of: metric '" + k + "' has " + v.size() + " values for " + n + " epochs");
      });
    }
    if (bestEpoch < -1 || bestEpoch >= n) throw new IllegalArgumentException("History.of: best epoch " + bestEpoch + " outside [-1, " + n + ")");
    History h = new History();
    h.trainLoss.addAll(trainLoss);
    h.validLoss.addAll(validLoss);
    h.lr.addAll(learningRate);
    trainMetrics.forEach((k, v) -> h.trainMetrics.put(k, new ArrayList<>(v)));
    validMetrics.forEach((k, v) -> h.validMetrics.put(k, new ArrayList<>(v)));
    h.bestEpoch = bestEpoch;
    h.stoppedEarly = stoppedEarly;
    return h;
  }

  void addEpoch(double train, Double valid, Map<String, Double> trainM, Map<String, Double> validM, double learningRate) {
    trainLoss.add(train);
    if (valid != null) validLoss.add(valid);
    trainM.forEach((k, v) -> trainMetrics.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    validM.forEach((k, v) -> validMetrics.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    lr.add(learningRate);
  }

  void setBestEpoch(int e) { bestEpoch = e; }

  void setStoppedEarly(boolean s) { stoppedEarly = s; }

  /** One row per epoch: epoch, train_loss, valid_loss, each metric, lr. */
  public String toCsv() {
    StringBuilder sb = new StringBuilder("epoch,train_loss");
    if (!validLoss.isEmpty()) sb.append(",valid_loss");
    for (String k : trainMetrics.keySet()) sb.append(",train_").append(k);
    for (String k : validMetrics.keySet()) sb.append(",valid_").append(k);
    sb.append(",lr\n");
    for (int e = 0; e < trainLoss.size(); e++) {
      sb.append(e + 1).append(',').append(num(trainLoss.get(e)));
      if (!validLoss.isEmpty()) sb.append(',').append(num(validLoss.get(e)));
      for (List<Double> v : trainMetrics.values()) sb.append(',').append(num(v.get(e)));
      for (List<Double> v : validMetrics.values()) sb.append(',').append(num(v.get(e)));
      sb.append(',').append(num(lr.get(e))).append('\n');
    }
    return sb.toString();
  }

  public void writeCsv(Path file) {
    try {
      if (file.getParent() != null) Files.createDirectories(file.getParent());
      Files.writeString(file, toCsv());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write metrics to " + file, e);
    }
  }

  /** State for checkpoints. */
  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("train_loss", new ArrayList<>(trainLoss));
    m.put("valid_loss", new ArrayList<>(validLoss));
    m.put("lr", new ArrayList<>(lr));
    m.put("train_metrics", copyMutable(trainMetrics));
    m.put("valid_metrics", copyMutable(validMetrics));
    m.put("best_epoch", (long) bestEpoch);
    return m;
  }

  /** Reads the {@code "history"} entry of a checkpoint written by {@link Trainer#saveCheckpoint}. */
  @SuppressWarnings("unchecked")
  public static History fromMap(Map<String, Object> m) {
    History h = new History();
    for (Object v : (List<Object>) m.get("train_loss")) h.trainLoss.add(((Number) v).doubleValue());
    for (Object v : (List<Object>) m.get("valid_loss")) h.validLoss.add(((Number) v).doubleValue());
    for (Object v : (List<Object>) m.get("lr")) h.lr.add(((Number) v).doubleValue());
    ((Map<String, Object>) m.get("train_metrics")).forEach((k, v) -> h.trainMetrics.put(k, numbers((List<Object>) v)));
    ((Map<String, Object>) m.get("valid_metrics")).forEach((k, v) -> h.validMetrics.put(k, numbers((List<Object>) v)));
    h.bestEpoch = ((Number) m.get("best_epoch")).intValue();
    return h;
  }

  private static List<Double> numbers(List<Object> in) {
    List<Double> out = new ArrayList<>();
    for (Object o : in) out.add(((Number) o).doubleValue());
    return out;
  }

  private static Map<String, List<Double>> copy(Map<String, List<Double>> m) {
    Map<String, List<Double>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return out;
  }

  private static Map<String, Object> copyMutable(Map<String, List<Double>> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
    return out;
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.6g", v);
  }
}
