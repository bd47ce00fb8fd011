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

  @SuppressWarnings("unchecked")
  static History fromMap(Map<String, Object> m) {
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
