package dev.fathom.tune;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a hyperparameter search: asks a {@link Strategy} for configurations, evaluates the user's
 * objective on up to {@code parallelism} threads at once, lets an {@link EarlyStopper} end poor
 * trials from their reports, records every trial (a throwing or NaN trial is recorded as FAILED
 * and the search goes on) in a {@link Study}, and saves the study after each trial when asked.
 *
 * <pre>{@code
 * Tuner tuner = Tuner.builder(space)
 *     .strategy(Strategy.bayesian())
 *     .trials(30)
 *     .seed(1)
 *     .build();
 * Study study = tuner.run(p -> validationLoss(p.getDouble("lr"), p.getInt("width")));
 * System.out.println(study.bestParameters());
 * }</pre>
 *
 * <p>{@code run} takes an {@link Objective} ({@code p -> value}) or a {@link ReportingObjective}
 * ({@code (p, reporter) -> value}); a method reference to an overloaded method matches both, so
 * give it a type: {@code tuner.run((Objective) MyModel::loss)}.
 */
public final class Tuner {
  private final SearchSpace space;
  private final Direction direction;
  private final Strategy strategy;
  private final int trials;
  private final int parallelism;
  private final EarlyStopper earlyStopper;
  private final long seed;
  private final Path saveTo;
  private final Consumer<Trial> listener;

  private Tuner(Builder b) {
    this.space = b.space;
    this.direction = b.direction;
    this.strategy = b.strategy;
    this.trials = b.trials;
    this.parallelism = b.parallelism;
    this.earlyStopper = b.earlyStopper;
    this.seed = b.seed;
    this.saveTo = b.saveTo;
    this.listener = b.listener;
  }

  /** A builder for a search over {@code space}. */
  public static Builder builder(SearchSpace space) {
    return new Builder(space);
  }

  /** Runs a new study of an objective without intermediate reports. */
  public Study run(Objective objective) {
    Objects.requireNonNull(objective, "objective");
    return run((p, reporter) -> objective.evaluate(p));
  }

  /** Runs a new study of an objective that reports intermediate values. */
  public Study run(ReportingObjective objective) {
    return resume(new Study(space, direction), objective);
  }

  /** Continues {@code study} (for example one from {@link Study#load}) until it has the trial budget. */
  public Study resume(Study study, Objective objective) {
    Objects.requireNonNull(objective, "objective");
    return resume(study, (p, reporter) -> objective.evaluate(p));
  }

  /**
   * Continues {@code study} until it holds {@code trials} trials or the strategy runs out.
   *
   * @throws IllegalArgumentException when the study's space or direction differ from the tuner's
   */
  public Study resume(Study study, ReportingObjective objective) {
    Objects.requireNonNull(objective, "objective");
    if (!study.space().names().equals(space.names()) || study.direction() != direction) {
      throw new IllegalArgumentException("resume: the study searches " + study.space().names() + " ("
          + study.direction() + ") but the tuner searches " + space.names() + " (" + direction + ")");
    }
    Strategy.Session suggester = strategy.open(space, direction, seed);
    EarlyStopper.Session stopper = earlyStopper.open(direction);
    for (Trial t : study.trials()) {
      for (Trial.Report r : t.reports()) {
        stopper.report(t.number(), r.step(), r.value());
      }
      stopper.ended(t.number(), t.status());
    }
    AtomicInteger threadCount = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, "fathom-tune-" + threadCount.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
    CompletionService<Trial> running = new ExecutorCompletionService<>(pool);
    Map<Integer, Parameters> pending = new LinkedHashMap<>();
    int next = study.nextNumber();
    boolean exhausted = false;
    try {
      while (true) {
        while (!exhausted && pending.size() < parallelism && study.size() + pending.size() < trials) {
          Optional<Parameters> suggestion = suggester.suggest(next, study.trials(), new ArrayList<>(pending.values()));
          if (suggestion.isEmpty()) {
            exhausted = true;
            break;
          }
          int number = next++;
          Parameters p = suggestion.get();
          pending.put(number, p);
          running.submit(() -> evaluate(number, p, objective, stopper));
        }
        if (pending.isEmpty()) {
          return study;
        }
        Trial done = running.take().get();
        pending.remove(done.number());
        stopper.ended(done.number(), done.status());
        study.add(done);
        if (saveTo != null) {
          study.save(saveTo);
        }
        listener.accept(done);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("tuner interrupted after " + study.size() + " trials", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("tuner: trial bookkeeping failed", e.getCause());
    } catch (IOException e) {
      throw new UncheckedIOException("tuner: could not save the study to " + saveTo, e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Trial evaluate(int number, Parameters p, ReportingObjective objective, EarlyStopper.Session stopper) {
    List<Trial.Report> reports = new ArrayList<>();
    String[] failure = {null};
    boolean[] stopRequested = {false};
    Reporter reporter = (step, value) -> {
      synchronized (reports) {
        reports.add(new Trial.Report(step, value));
      }
      if (!Double.isFinite(value)) {
        failure[0] = "reported " + value + " at step " + step;
        throw new TrialStoppedException("trial " + number + " " + failure[0]);
      }
      if (stopper.report(number, step, value)) {
        stopRequested[0] = true;
        throw new TrialStoppedException("trial " + number + " stopped early at step " + step);
      }
    };
    long start = System.nanoTime();
    Trial.Status status;
    double value = Double.NaN;
    String error = "";
    try {
      double result = objective.evaluate(p, reporter);
      if (failure[0] != null) {
        status = Trial.Status.FAILED;
        error = failure[0];
      } else if (!Double.isFinite(result)) {
        status = Trial.Status.FAILED;
        error = "objective returned " + result;
      } else {
        status = stopRequested[0] ? Trial.Status.STOPPED : Trial.Status.COMPLETED;
        value = result;
      }
    } catch (TrialStoppedException e) {
      if (failure[0] != null || !stopRequested[0]) {
        status = Trial.Status.FAILED;
        error = failure[0] != null ? failure[0] : "objective threw " + e;
      } else {
        status = Trial.Status.STOPPED;
        synchronized (reports) {
          value = reports.getLast().value();
        }
      }
    } catch (Exception | OutOfMemoryError | StackOverflowError | AssertionError e) {
      status = Trial.Status.FAILED;
      error = "objective threw " + e;
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    synchronized (reports) {
      return new Trial(number, p, status, value, reports, error, millis);
    }
  }

  /** Settings of a search; only the space is required. */
  public static final class Builder {
    private final SearchSpace space;
    private Direction direction = Direction.MINIMIZE;
    private Strategy strategy = Strategy.bayesian();
    private int trials = 20;
    private int parallelism = 1;
    private EarlyStopper earlyStopper = EarlyStopper.none();
    private long seed = 0;
    private Path saveTo;
    private Consumer<Trial> listener = t -> {};

    private Builder(SearchSpace space) {
      this.space = Objects.requireNonNull(space, "space");
    }

    /** Minimise (the default) or maximise. */
    public Builder direction(Direction direction) {
      this.direction = Objects.requireNonNull(direction, "direction");
      return this;
    }

    /** Shorthand for {@code direction(Direction.MAXIMIZE)}. */
    public Builder maximize() {
      return direction(Direction.MAXIMIZE);
    }

    /** The strategy; Bayesian optimisation by default. */
    public Builder strategy(Strategy strategy) {
      this.strategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /** The trial budget: the number of trials the study holds when the search ends (default 20). */
    public Builder trials(int trials) {
      if (trials < 1) {
        throw new IllegalArgumentException("tuner: trials must be >= 1, got " + trials);
      }
      this.trials = trials;
      return this;
    }

    /** How many trials run at once, each on its own thread (default 1). */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1) {
        throw new IllegalArgumentException("tuner: parallelism must be >= 1, got " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /** The early stopper for objectives that report intermediate values; none by default. */
    public Builder earlyStopping(EarlyStopper earlyStopper) {
      this.earlyStopper = Objects.requireNonNull(earlyStopper, "earlyStopper");
      return this;
    }

    /** The seed of the strategy's randomness (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Saves the study to {@code path} as JSON after every trial, for {@link Study#load}. */
    public Builder saveTo(Path path) {
      this.saveTo = Objects.requireNonNull(path, "path");
      return this;
    }

    /** Called on the tuner's thread after each trial finishes (for progress output). */
    public Builder onTrial(Consumer<Trial> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The tuner. */
    public Tuner build() {
      return new Tuner(this);
    }
  }
}
