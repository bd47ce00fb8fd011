package dev.fathom.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyFilesTest {
  private final SearchSpace space = SearchSpace.builder()
      .floatRange("lr", 1e-4, 1e-1, Scale.LOG)
      .intRange("width", 8, 64)
      .choice("optimizer", "adam", "sgd")
      .fixed("epochs", 3)
      .build();
  @TempDir Path dir;

  private static double objective(Parameters p) {
    if (p.getString("optimizer").equals("sgd") && p.getInt("width") > 40) {
      throw new IllegalArgumentException("too wide, \"sgd\"");
    }
    return Math.log10(p.getDouble("lr")) + p.getInt("width") / 64.0;
  }

  private Tuner tuner(int trials) {
    return Tuner.builder(space).strategy(Strategy.random()).trials(trials).seed(9).build();
  }

  @Test
  void savedStudyLoadsBackEqual() throws Exception {
    Study study = tuner(12).run(StudyFilesTest::objective);
    Path file = dir.resolve("study.json");
    study.save(file);
    Study loaded = Study.load(file, space);
    assertThat(loaded.trials()).isEqualTo(study.trials());
    assertThat(loaded.direction()).isEqualTo(study.direction());
  }

  @Test
  void resumedStudyMatchesAnUninterruptedOne() throws Exception {
    Path file = dir.resolve("study.json");
    Tuner.builder(space).strategy(Strategy.random()).trials(5).seed(9).saveTo(file).build().run(StudyFilesTest::objective);
    Study resumed = tuner(12).resume(Study.load(file, space), StudyFilesTest::objective);
    Study straight = tuner(12).run(StudyFilesTest::objective);
    assertThat(resumed.trials()).extracting(Trial::parameters)
        .isEqualTo(straight.trials().stream().map(Trial::parameters).toList());
  }

  @Test
  void resumedBayesianStudyContinuesTheNumbering() throws Exception {
    Path file = dir.resolve("bo.json");
    SearchSpace small = SearchSpace.builder().floatRange("x", 0, 1).build();
    Tuner.builder(small).trials(7).saveTo(file).build().run(p -> Math.pow(p.getDouble("x") - 0.3, 2));
    Study resumed = Tuner.builder(small).trials(10).build()
        .resume(Study.load(file, small), p -> Math.pow(p.getDouble("x") - 0.3, 2));
    assertThat(resumed.trials()).extracting(Trial::number).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void loadingIntoADifferentSpaceIsRejected() throws Exception {
    Path file = dir.resolve("study.json");
    tuner(2).run(StudyFilesTest::objective).save(file);
    SearchSpace other = SearchSpace.builder().floatRange("lr", 1e-4, 1e-1).build();
    assertThatThrownBy(() -> Study.load(file, other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was saved for parameters [lr, width, optimizer, epochs]");
  }

  @Test
  void csvHasAHeaderAndOneQuotedRowPerTrial() throws Exception {
    Study study = tuner(12).run(StudyFilesTest::objective);
    Path csv = dir.resolve("trials.csv");
    study.writeCsv(csv);
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.getFirst()).isEqualTo("trial,status,value,lr,width,optimizer,epochs,duration_ms,error");
    assertThat(lines).hasSize(13);
    assertThat(lines).filteredOn(l -> l.contains(",FAILED,")).isNotEmpty()
        .allSatisfy(l -> assertThat(l).endsWith(",\"objective threw java.lang.IllegalArgumentException: too wide, \"\"sgd\"\"\""));
  }

  @Test
  void traceIsAPngImage() throws Exception {
    Study study = tuner(8).run(StudyFilesTest::objective);
    Path png = dir.resolve("trace.png");
    study.plotTrace(png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(800);
    assertThat(image.getHeight()).isEqualTo(500);
  }
}
