package dev.fathom.tune;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's usage example, and checks that the README shows exactly this code. */
class ReadmeExampleTest {
  private static final Path SOURCE = Path.of("src/test/java/dev/fathom/tune/ReadmeExampleTest.java");
  @TempDir Path dir;

  /** A stand-in for a training epoch: a loss with its minimum near lr 3e-3, hidden 128, adam. */
  private static double trainOneEpoch(double lr, double weightDecay, int hidden, String optimizer, int epoch) {
    double fit = Math.pow(Math.log10(lr / 3e-3), 2) + Math.pow(Math.log(hidden / 128.0), 2) / 4;
    return fit + 10 * weightDecay + (optimizer.equals("adam") ? 0 : 0.3) + 1.0 / epoch;
  }

  private Study example() throws IOException {
    // README-BEGIN
    SearchSpace space = SearchSpace.builder()
        .floatRange("lr", 1e-4, 1e-1, Scale.LOG)
        .floatRange("weight_decay", 1e-6, 1e-2, Scale.LOG)
        .intRange("hidden", 16, 256, Scale.LOG)
        .choice("optimizer", "adam", "sgd")
        .build();

    Tuner tuner = Tuner.builder(space)
        .strategy(Strategy.bayesian())      // or Strategy.random(), Strategy.grid()
        .trials(20)
        .parallelism(2)                     // two trials at a time, on two threads
        .earlyStopping(EarlyStopper.median(2, 3))
        .saveTo(dir.resolve("study.json"))  // saved after every trial
        .seed(42)
        .build();

    Study study = tuner.run((p, reporter) -> {
      double loss = Double.NaN;
      for (int epoch = 1; epoch <= 5; epoch++) {
        loss = trainOneEpoch(p.getDouble("lr"), p.getDouble("weight_decay"), p.getInt("hidden"),
            p.getString("optimizer"), epoch);
        reporter.report(epoch, loss);       // may end a poor trial early
      }
      return loss;
    });

    System.out.println("best: " + study.bestParameters());
    study.writeCsv(dir.resolve("trials.csv"));
    study.plotTrace(dir.resolve("trace.png"));

    // Later, or after a crash: load the study and run it on to 30 trials.
    Study resumed = Tuner.builder(space).trials(30).seed(42).build()
        .resume(Study.load(dir.resolve("study.json"), space), p -> trainOneEpoch(p.getDouble("lr"),
            p.getDouble("weight_decay"), p.getInt("hidden"), p.getString("optimizer"), 5));
    // README-END
    return resumed;
  }

  @Test
  void exampleRunsAndFindsAGoodConfiguration() throws IOException {
    Study study = example();
    assertThat(study.trials()).hasSize(30);
    assertThat(study.bestParameters().getString("optimizer")).isEqualTo("adam");
    assertThat(Files.exists(dir.resolve("trace.png"))).isTrue();
    assertThat(Files.readAllLines(dir.resolve("trials.csv"))).hasSize(21);
  }

  @Test
  void readmeShowsTheExampleVerbatim() throws IOException {
    String source = Files.readString(SOURCE);
    List<String> lines = Arrays.asList(source.substring(
        source.indexOf("// README-BEGIN\n") + "// README-BEGIN\n".length(), source.indexOf("    // README-END")).split("\n"));
    String example = lines.stream().map(l -> l.length() >= 4 ? l.substring(4) : l.strip()).collect(Collectors.joining("\n"));
    String readme = Files.readString(Path.of("README.md"));
    String block = readme.substring(readme.indexOf("```java\n") + "```java\n".length(), readme.indexOf("\n```", readme.indexOf("```java\n")));
    assertThat(block).isEqualTo(example);
  }
}
