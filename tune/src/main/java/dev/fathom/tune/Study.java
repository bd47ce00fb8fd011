package dev.fathom.tune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The trials of one search over a {@link SearchSpace}: what a {@link Tuner} fills and returns,
 * what it saves after every trial and what it resumes from.
 *
 * <pre>{@code
 * Study study = tuner.run(p -> loss(p));
 * Parameters best = study.bestParameters();
 * study.writeCsv(Path.of("trials.csv"));
 * study.plotTrace(Path.of("trace.png"));
 * study.save(Path.of("study.json"));
 * Study again = Study.load(Path.of("study.json"), space);   // resume with Tuner.resume(again)
 * }</pre>
 */
public final class Study {
  private final SearchSpace space;
  private final Direction direction;
  private final List<Trial> trials = new ArrayList<>();

  /** An empty study. */
  public Study(SearchSpace space, Direction direction) {
    this.space = Objects.requireNonNull(space, "space");
    this.direction = Objects.requireNonNull(direction, "direction");
  }

  /** The search space. */
  public SearchSpace space() {
    return space;
  }

  /** Whether smaller or larger values are better. */
  public Direction direction() {
    return direction;
  }

  /** A snapshot of the finished trials, ordered by trial number. */
  public synchronized List<Trial> trials() {
    List<Trial> copy = new ArrayList<>(trials);
    copy.sort(Comparator.comparingInt(Trial::number));
    return copy;
  }

  /** The number of finished trials. */
  public synchronized int size() {
    return trials.size();
  }

  /** The smallest trial number not used yet. */
  public synchronized int nextNumber() {
    return trials.stream().mapToInt(Trial::number).max().orElse(-1) + 1;
  }

  /** Records a finished trial. */
  public synchronized void add(Trial trial) {
    for (Trial t : trials) {
      if (t.number() == trial.number()) {
        throw new IllegalArgumentException("study already has a trial number " + trial.number());
      }
    }
    trials.add(trial);
  }

  /** The completed trial with the best value (stopped and failed trials never count). */
  public synchronized Optional<Trial> best() {
    Trial best = null;
    for (Trial t : trials()) {
      if (t.status() == Trial.Status.COMPLETED && (best == null || direction.isBetter(t.value(), best.value()))) {
        best = t;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The best completed trial's configuration.
   *
   * @throws IllegalStateException when no trial has completed
   */
  public Parameters bestParameters() {
    return best().orElseThrow(() -> new IllegalStateException(
        "no completed trial among " + size() + " (see trials() for failures)")).parameters();
  }

  /** Writes one row per trial: number, status, value, each parameter, duration and error. */
  public void writeCsv(Path path) throws IOException {
    StudyFiles.writeCsv(this, path);
  }

  /** Draws each trial's value and the best value so far against the trial number, as a PNG. */
  public void plotTrace(Path path) throws IOException {
    StudyFiles.plotTrace(this, path);
  }

  /** Saves the study as JSON; {@link #load} reads it back. */
  public void save(Path path) throws IOException {
    StudyFiles.save(this, path);
  }

  /**
   * Reads a study saved by {@link #save}, checking its configurations against {@code space}.
   *
   * @throws IllegalArgumentException when the file does not match the space
   */
  public static Study load(Path path, SearchSpace space) throws IOException {
    return StudyFiles.load(path, space);
  }

  @Override
  public String toString() {
    return "Study(" + direction + ", " + size() + " trials, best " + best().map(Trial::value).orElse(Double.NaN) + ")";
  }
}
