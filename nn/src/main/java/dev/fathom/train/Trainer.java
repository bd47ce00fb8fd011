package dev.fathom.train;

import dev.fathom.Device;
import dev.fathom.Fathom;
import dev.fathom.Generator;
import dev.fathom.Tensor;
import dev.fathom.nn.Module;
import dev.fathom.nn.io.TorchFiles;
import dev.fathom.optim.Clip;
import dev.fathom.optim.LRScheduler;
import dev.fathom.optim.OneCycleLR;
import dev.fathom.optim.Optimizer;
import dev.fathom.optim.ReduceLROnPlateau;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training loop of the course's {@code trainer(model, criterion, optimizer, trainloader,
 * validloader, epochs, patience)}: per epoch, train over the loader, then compute the mean
 * validation loss under no-grad in eval mode; stop early when the validation loss has not improved
 * for {@code patience} epochs; optionally restore the best weights, step a scheduler, compute
 * metrics, show progress, and checkpoint every N epochs so a run can resume.
 *
 * <p>A loader is any {@code Iterable} of {@link LabeledBatch}es ({@code DataLoader} is one).
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model.parameters(), 1e-3),
 *     Trainer.options().epochs(10).patience(3).restoreBestWeights(true).metric("accuracy", Metrics::accuracy));
 * History h = trainer.fit(trainLoader, validLoader);
 * System.out.println(h.trainLoss() + " " + h.validLoss());
 * }</pre>
 */
public final class Trainer {
  /** Optional arguments, with the defaults shown. */
  public static final class Options {
    private int epochs = 10;
    private int patience = 0;
    private double minDelta = 0;
    private String earlyStopping = "no_improvement";
    private boolean restoreBestWeights;
    private Device device;
    private LRScheduler scheduler;
    private ReduceLROnPlateau plateau;
    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private double clipGradNorm;
    private int checkpointEvery;
    private Path checkpointDir;
    private Path resumeFrom;
    private Boolean progress;
    private PrintStream out = System.out;
    private boolean verbose = true;

    /** Epochs to run (default 10). */
    public Options epochs(int v) {
      if (v < 1) throw new IllegalArgumentException("Trainer: epochs must be >= 1, got " + v);
      epochs = v;
      return this;
    }

    /** Stop after this many epochs without improvement of the monitored loss; 0 (default) never stops early. */
    public Options patience(int v) {
      if (v < 0) throw new IllegalArgumentException("Trainer: patience must be >= 0, got " + v);
      patience = v;
      return this;
    }

    /**
     * How patience counts: {@code "no_improvement"} (default: epochs since the best loss, as Keras
     * and Lightning) or {@code "consecutive_increases"} (epochs in a row whose loss rose, as the
     * course's {@code trainer}).
     */
    public Options earlyStopping(String mode) {
      EarlyStopping.isConsecutiveIncreases(mode);
      earlyStopping = mode;
      return this;
    }

    /** The least decrease that counts as an improvement (default 0). */
    public Options minDelta(double v) { minDelta = v; return this; }

    /** Load the best epoch's weights back at the end (default false). */
    public Options restoreBestWeights(boolean v) { restoreBestWeights = v; return this; }

    /** Moves the model and every batch to this device (default: leave them where they are). */
    public Options device(Device v) { device = v; return this; }

    /** Stepped once per epoch, or once per batch for {@link OneCycleLR}. */
    public Options scheduler(LRScheduler v) { scheduler = v; return this; }

    /** Stepped once per epoch with the monitored loss. */
    public Options scheduler(ReduceLROnPlateau v) { plateau = v; return this; }

    /** A metric computed on both sets each epoch, e.g. {@code metric("accuracy", Metrics::accuracy)}. */
    public Options metric(String name, Metric m) { metrics.put(name, m); return this; }

    /** Clips the gradients' total 2-norm to this before each step (0, the default, does not clip). */
    public Options clipGradNorm(double v) { clipGradNorm = v; return this; }

    /** Writes {@code dir/checkpoint.pth} every {@code n} epochs (0 = never). */
    public Options checkpoint(int n, Path dir) {
      if (n < 0) throw new IllegalArgumentException("Trainer: checkpoint interval must be >= 0, got " + n);
      checkpointEvery = n;
      checkpointDir = dir;
      return this;
    }

    /** Continues the run saved in this checkpoint (model, optimizer, scheduler, epoch, RNG state, history). */
    public Options resumeFrom(Path v) { resumeFrom = v; return this; }

    /** Forces the progress bar on or off (default: on for interactive terminals). */
    public Options progress(boolean v) { progress = v; return this; }

    /** Where progress and epoch lines go (default System.out). */
    public Options out(PrintStream v) { out = v; return this; }

    /** Prints one line per epoch (default true). */
    public Options verbose(boolean v) { verbose = v; return this; }
  }

  /** Loss and metrics over one pass of a loader. */
  public record Evaluation(double loss, Map<String, Double> metrics) {}

  private final Module model;
  private final Module criterion;
  private final Optimizer optimizer;
  private final Options o;

  public static Options options() {
    return new Options();
  }

  public Trainer(Module model, Module criterion, Optimizer optimizer) {
    this(model, criterion, optimizer, options());
  }

  public Trainer(Module model, Module criterion, Optimizer optimizer, Options options) {
    this.model = model;
    this.criterion = criterion;
    this.optimizer = optimizer;
    this.o = options;
  }

  /** Trains for the configured epochs; {@code valid} may be null (then the train loss is monitored). */
  public History fit(Iterable<? extends LabeledBatch> train, Iterable<? extends LabeledBatch> valid) {
    if (o.device != null) model.to(o.device);
    History history = new History();
    int start = 0;
    if (o.resumeFrom != null) {
      Resumed r = resume(o.resumeFrom);
      start = r.epochsDone();
      history = r.history();
    }
    ProgressBar bar = new ProgressBar(o.out, o.progress != null ? o.progress : ProgressBar.isInteractive());
    EarlyStopping stopping = new EarlyStopping(o.earlyStopping, o.patience, o.minDelta);
    stopping.replay(history);
    Map<String, Tensor> bestState = o.restoreBestWeights && history.bestEpoch() >= 0 ? snapshot() : null;
    Integer knownBatches = train instanceof Collection<?> c ? c.size() : null;
    for (int epoch = start; epoch < o.epochs; epoch++) {
      long t0 = System.nanoTime();
      String label = String.format(Locale.ROOT, "Epoch %d/%d", epoch + 1, o.epochs);
      Evaluation tr = trainEpoch(train, bar, label, knownBatches);
      Evaluation va = valid == null ? null : evaluate(valid);
      double monitored = va == null ? tr.loss() : va.loss();
      if (o.plateau != null) o.plateau.step(monitored);
      if (o.scheduler != null && !(o.scheduler instanceof OneCycleLR)) o.scheduler.step();
      history.addEpoch(tr.loss(), va == null ? null : va.loss(), tr.metrics(), va == null ? Map.of() : va.metrics(), optimizer.getLr(0));
      if (stopping.record(monitored)) {
        history.setBestEpoch(epoch);
        if (o.restoreBestWeights) bestState = snapshot();
      }
      bar.finish(epochLine(label, tr, va, (System.nanoTime() - t0) / 1e9));
      if (o.checkpointEvery > 0 && (epoch + 1) % o.checkpointEvery == 0) saveCheckpoint(o.checkpointDir.resolve("checkpoint.pth"), epoch + 1, history);
      if (stopping.shouldStop() && epoch + 1 < o.epochs) {
        history.setStoppedEarly(true);
        if (o.verbose) o.out.println(stopping.stopMessage(epoch + 1));
        break;
      }
    }
    if (o.restoreBestWeights && bestState != null) {
      model.loadStateDict(bestState);
      if (o.verbose) o.out.printf(Locale.ROOT, "Restored the weights of epoch %d%n", history.bestEpoch() + 1);
    }
    return history;
  }

  private String epochLine(String label, Evaluation tr, Evaluation va, double seconds) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s  train loss %.4f", label, tr.loss()));
    tr.metrics().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  train %s %.4f", k, v)));
    if (va != null) {
      sb.append(String.format(Locale.ROOT, "  valid loss %.4f", va.loss()));
      va.metrics().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  valid %s %.4f", k, v)));
    }
    return sb.append(String.format(Locale.ROOT, "  (%.1fs)", seconds)).toString();
  }

  private Evaluation trainEpoch(Iterable<? extends LabeledBatch> loader, ProgressBar bar, String label, Integer total) {
    model.train();
    double lossSum = 0;
    long count = 0, batches = 0;
    Map<String, Double> metricSums = new LinkedHashMap<>();
    for (LabeledBatch b : loader) {
      Tensor[] inputs = inputs(b);
      Tensor target = move(b.label());
      Tensor output = model.forward(inputs);
      Tensor loss = criterion.forward(output, target);
      optimizer.zeroGrad();
      loss.backward();
      if (o.clipGradNorm > 0) Clip.clipGradNorm(model.parameters(), o.clipGradNorm);
      optimizer.step();
      if (o.scheduler instanceof OneCycleLR) o.scheduler.step();
      long n = target.dim() == 0 ? 1 : target.size(0);
      double l = loss.item();
      lossSum += l * n;
      count += n;
      batches++;
      for (Map.Entry<String, Metric> m : o.metrics.entrySet()) {
        metricSums.merge(m.getKey(), m.getValue().compute(output.detach(), target) * n, Double::sum);
      }
      bar.update(label, batches, total == null ? batches : total, String.format(Locale.ROOT, "loss %.4f", lossSum / count));
    }
    if (count == 0) throw new IllegalArgumentException("Trainer: the training loader yielded no batches");
    return new Evaluation(lossSum / count, divide(metricSums, count));
  }

  /** Mean loss and metrics over a loader, in eval mode under no-grad (the model's mode is restored). */
  public Evaluation evaluate(Iterable<? extends LabeledBatch> loader) {
    boolean wasTraining = model.isTraining();
    model.eval();
    double lossSum = 0;
    long count = 0;
    Map<String, Double> metricSums = new LinkedHashMap<>();
    try (var g = Fathom.noGrad()) {
      for (LabeledBatch b : loader) {
        Tensor target = move(b.label());
        Tensor output = model.forward(inputs(b));
        long n = target.dim() == 0 ? 1 : target.size(0);
        lossSum += criterion.forward(output, target).item() * n;
        count += n;
        for (Map.Entry<String, Metric> m : o.metrics.entrySet()) metricSums.merge(m.getKey(), m.getValue().compute(output, target) * n, Double::sum);
      }
    } finally {
      model.train(wasTraining);
    }
    if (count == 0) throw new IllegalArgumentException("Trainer: the evaluation loader yielded no batches");
    return new Evaluation(lossSum / count, divide(metricSums, count));
  }

  private static Map<String, Double> divide(Map<String, Double> sums, long n) {
    Map<String, Double> out = new LinkedHashMap<>();
    sums.forEach((k, v) -> out.put(k, v / n));
    return out;
  }

  private Tensor[] inputs(LabeledBatch b) {
    List<Tensor> in = b.inputs();
    Tensor[] out = new Tensor[in.size()];
    for (int i = 0; i < out.length; i++) out[i] = move(in.get(i));
    return out;
  }

  private Tensor move(Tensor t) {
    return o.device == null ? t : t.to(o.device);
  }

  private Map<String, Tensor> snapshot() {
    Map<String, Tensor> copy = new LinkedHashMap<>();
    model.stateDict().forEach((k, v) -> copy.put(k, v.detach().clone()));
    return copy;
  }

  // ---- checkpoints --------------------------------------------------------------------------

  private record Resumed(int epochsDone, History history) {}

  /** Saves model, optimizer, scheduler, epoch, RNG state and history as a PyTorch-readable {@code .pth}. */
  public void saveCheckpoint(Path file, int epochsDone, History history) {
    Map<String, Object> ck = new LinkedHashMap<>();
    ck.put("epoch", (long) epochsDone);
    ck.put("model_state_dict", new LinkedHashMap<>(model.stateDict()));
    ck.put("optimizer_state_dict", optimizer.stateDict());
    if (o.scheduler != null) ck.put("scheduler_state_dict", o.scheduler.stateDict());
    if (o.plateau != null) ck.put("plateau_state_dict", o.plateau.stateDict());
    Generator g = Generator.global();
    ck.put("rng_state", new LinkedHashMap<>(Map.of("seed", g.seed(), "offset", g.offset())));
    ck.put("history", history.toMap());
    try {
      if (file.getParent() != null) java.nio.file.Files.createDirectories(file.getParent());
      TorchFiles.save(file, ck);
    } catch (IOException e) {
      throw new UncheckedIOException("Trainer: cannot write checkpoint " + file, e);
    }
  }

  @SuppressWarnings("unchecked")
  private Resumed resume(Path file) {
    Map<String, Object> ck;
    try {
      ck = (Map<String, Object>) TorchFiles.load(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Trainer: cannot read checkpoint " + file, e);
    }
    for (String key : List.of("epoch", "model_state_dict", "optimizer_state_dict", "rng_state", "history")) {
      if (!ck.containsKey(key)) throw new IllegalArgumentException("Trainer: " + file + " is not a Fathom checkpoint (no '" + key + "')");
    }
    model.loadStateDict((Map<String, Tensor>) (Map<?, ?>) ck.get("model_state_dict"));
    if (o.device != null) model.to(o.device);
    optimizer.loadStateDict((Map<String, Object>) ck.get("optimizer_state_dict"));
    if (o.scheduler != null && ck.containsKey("scheduler_state_dict")) o.scheduler.loadStateDict((Map<String, Object>) ck.get("scheduler_state_dict"));
    if (o.plateau != null && ck.containsKey("plateau_state_dict")) o.plateau.loadStateDict((Map<String, Object>) ck.get("plateau_state_dict"));
    Map<String, Object> rng = (Map<String, Object>) ck.get("rng_state");
    Generator.global().setState(((Number) rng.get("seed")).longValue(), ((Number) rng.get("offset")).longValue());
    return new Resumed(((Number) ck.get("epoch")).intValue(), History.fromMap((Map<String, Object>) ck.get("history")));
  }
}
