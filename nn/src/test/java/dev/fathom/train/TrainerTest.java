package dev.fathom.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fathom.Fathom;
import dev.fathom.Tensor;
import dev.fathom.nn.Linear;
import dev.fathom.nn.MSELoss;
import dev.fathom.nn.Module;
import dev.fathom.nn.Sequential;
import dev.fathom.nn.Sigmoid;
import dev.fathom.optim.Adam;
import dev.fathom.optim.SGD;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  private static final JsonObject FIX = load();

  private static JsonObject load() {
    var in = TrainerTest.class.getResourceAsStream("/fixtures/trainer_regression.json");
    return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
  }

  private static Tensor tensor(JsonObject o) {
    var shape = o.getAsJsonArray("shape");
    var data = o.getAsJsonArray("data");
    float[] v = new float[data.size()];
    for (int i = 0; i < v.length; i++) v[i] = data.get(i).getAsFloat();
    long[] s = new long[shape.size()];
    for (int i = 0; i < s.length; i++) s[i] = shape.get(i).getAsLong();
    return Tensor.of(v, s);
  }

  /** The course's network1(1, 6, 1) with the fixture's initial weights. */
  private static Sequential network() {
    Sequential net = new Sequential(new Linear(1, 6), new Sigmoid(), new Linear(6, 1));
    Map<String, Tensor> init = new LinkedHashMap<>();
    for (var e : FIX.getAsJsonObject("init").entrySet()) init.put(e.getKey(), tensor(e.getValue().getAsJsonObject()));
    net.loadStateDict(init);
    return net;
  }

  private static List<LabeledBatch> split(String x, String y) {
    return TensorBatch.split(tensor(FIX.getAsJsonObject(x)), tensor(FIX.getAsJsonObject(y)), 32);
  }

  private static Trainer.Options quiet() {
    return Trainer.options().out(new PrintStream(new ByteArrayOutputStream())).progress(false);
  }

  @Test
  void regressionGivesPyTorchsLossCurves() {
    Sequential net = network();
    Trainer t = new Trainer(net, new MSELoss(), new Adam(net.parameters(), 0.05),
        quiet().epochs(10).patience(3).earlyStopping("consecutive_increases"));
    History h = t.fit(split("x_train", "y_train"), split("x_valid", "y_valid"));
    var tl = FIX.getAsJsonArray("train_loss");
    var vl = FIX.getAsJsonArray("valid_loss");
    assertThat(h.epochs()).isEqualTo(tl.size());
    // float32 training over 40 Adam steps: losses agree to 1e-4 relative (summation order differs)
    for (int e = 0; e < tl.size(); e++) {
      assertThat(h.trainLoss().get(e)).isCloseTo(tl.get(e).getAsDouble(), within(1e-4 * tl.get(e).getAsDouble() + 1e-6));
      assertThat(h.validLoss().get(e)).isCloseTo(vl.get(e).getAsDouble(), within(1e-4 * vl.get(e).getAsDouble() + 1e-6));
    }
    for (var e : FIX.getAsJsonObject("final").entrySet()) {
      dev.fathom.tck.TensorAssert.assertClose(net.stateDict().get(e.getKey()), tensor(e.getValue().getAsJsonObject()), 1e-3, 1e-4, e.getKey());
    }
  }

  /** A model whose validation loss is scripted per epoch: it rises from epoch 2 on. */
  private static final class Scripted extends Module {
    final Tensor w = registerParameter("w", Tensor.zeros(1).requiresGrad(true));
    final List<Boolean> seenTraining = new ArrayList<>();
    final List<Boolean> seenGrad = new ArrayList<>();
    int validCalls;

    @Override
    public Tensor forward(Tensor x) {
      seenTraining.add(isTraining());
      seenGrad.add(Fathom.isGradEnabled());
      if (!isTraining()) {
        validCalls++;
        double[] script = {3, 2, 1, 1.5, 2, 2.5, 3, 3.5};
        return x.mul(0).add(w).add(script[Math.min(validCalls - 1, script.length - 1)]);
      }
      return x.mul(0).add(w);
    }
  }

  private static List<LabeledBatch> ones() {
    return List.of(TensorBatch.of(Tensor.ones(4, 1), Tensor.zeros(4, 1)));
  }

  @Test
  void earlyStoppingStopsAfterPatienceEpochsWithoutImprovement() {
    Scripted m = new Scripted();
    History h = new Trainer(m, new MSELoss(), new SGD(m.parameters(), 0.0), quiet().epochs(8).patience(2)).fit(ones(), ones());
    assertThat(h.bestEpoch()).isEqualTo(2);
    assertThat(h.epochs()).isEqualTo(5);
    assertThat(h.stoppedEarly()).isTrue();
  }

  @Test
  void validationRunsInEvalModeWithoutGrad() {
    Scripted m = new Scripted();
    new Trainer(m, new MSELoss(), new SGD(m.parameters(), 0.0), quiet().epochs(1)).fit(ones(), ones());
    assertThat(m.seenTraining).containsExactly(true, false);
    assertThat(m.seenGrad).containsExactly(true, false);
    assertThat(m.isTraining()).isTrue();
  }

  @Test
  void restoreBestWeightsLoadsTheBestEpoch() {
    Scripted m = new Scripted();
    try (var g = Fathom.noGrad()) {
      m.w.fill_(1);
    }
    // training loss w^2 with SGD lr 0.1 gives w = 0.8^k after epoch k; validation is best at epoch 3
    History h = new Trainer(m, new MSELoss(), new SGD(m.parameters(), 0.1), quiet().epochs(6).restoreBestWeights(true)).fit(ones(), ones());
    assertThat(h.bestEpoch()).isEqualTo(2);
    assertThat(m.w.item()).isCloseTo(Math.pow(0.8, 3), within(1e-6));
  }

  @Test
  void checkpointThenResumeEqualsAnUninterruptedRun(@TempDir Path dir) {
    Sequential a = network();
    History full = new Trainer(a, new MSELoss(), new Adam(a.parameters(), 0.05), quiet().epochs(4)).fit(split("x_train", "y_train"), split("x_valid", "y_valid"));

    Sequential b = network();
    new Trainer(b, new MSELoss(), new Adam(b.parameters(), 0.05), quiet().epochs(2).checkpoint(2, dir.resolve("new/folder"))).fit(split("x_train", "y_train"), split("x_valid", "y_valid"));
    assertThat(dir.resolve("new/folder/checkpoint.pth")).exists();
    Sequential c = new Sequential(new Linear(1, 6), new Sigmoid(), new Linear(6, 1));
    History resumed = new Trainer(c, new MSELoss(), new Adam(c.parameters(), 0.05), quiet().epochs(4).resumeFrom(dir.resolve("new/folder/checkpoint.pth")))
        .fit(split("x_train", "y_train"), split("x_valid", "y_valid"));
    assertThat(resumed.trainLoss()).containsExactlyElementsOf(full.trainLoss());
    assertThat(resumed.validLoss()).containsExactlyElementsOf(full.validLoss());
    for (var e : a.stateDict().entrySet()) assertThat(c.stateDict().get(e.getKey()).toFloatArray()).containsExactly(e.getValue().toFloatArray());
  }

  @Test
  void resumingFromAFileThatIsNotACheckpointSaysSo(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("weights.pth");
    dev.fathom.nn.io.TorchFiles.save(f, new LinkedHashMap<>(network().stateDict()));
    Sequential c = network();
    Trainer t = new Trainer(c, new MSELoss(), new Adam(c.parameters(), 0.05), quiet().resumeFrom(f));
    assertThatThrownBy(() -> t.fit(split("x_train", "y_train"), null)).hasMessageContaining("is not a Fathom checkpoint");
  }

  @Test
  void metricsAreAveragedOverTheEpoch() {
    Module m = new Module() {
      @Override
      public Tensor forward(Tensor x) {
        return x;
      }
    };
    // logits favour class 0 in 3 of 4 rows; labels are all 0
    Tensor logits = Tensor.of(new float[] {2, 0, 1, 0, 0, 3, 5, 1}, 4, 2);
    Tensor labels = Tensor.zeros(dev.fathom.DType.INT64, 4);
    var t = new Trainer(m, new dev.fathom.nn.CrossEntropyLoss(), new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), 0.1), quiet().metric("accuracy", Metrics::accuracy));
    Trainer.Evaluation ev = t.evaluate(List.of(TensorBatch.of(logits, labels)));
    assertThat(ev.metrics().get("accuracy")).isEqualTo(0.75);
  }

  @Test
  void curvesAndCsvAreWritten(@TempDir Path dir) throws Exception {
    Sequential net = network();
    History h = new Trainer(net, new MSELoss(), new Adam(net.parameters(), 0.05), quiet().epochs(3)).fit(split("x_train", "y_train"), split("x_valid", "y_valid"));
    Curves.save(h, dir.resolve("curves.png"));
    h.writeCsv(dir.resolve("metrics.csv"));
    assertThat(javax.imageio.ImageIO.read(dir.resolve("curves.png").toFile()).getWidth()).isEqualTo(800);
    List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo("epoch,train_loss,valid_loss,lr");
  }

  @Test
  void nonInteractiveProgressPrintsOneLinePerEpoch() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Sequential net = network();
    new Trainer(net, new MSELoss(), new Adam(net.parameters(), 0.05), Trainer.options().epochs(2).progress(false).out(new PrintStream(buf)))
        .fit(split("x_train", "y_train"), split("x_valid", "y_valid"));
    String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("Epoch 1/2  train loss ").contains("valid loss");
  }

  @Test
  void anEmptyLoaderIsAnError() {
    Sequential net = network();
    Trainer t = new Trainer(net, new MSELoss(), new Adam(net.parameters(), 0.05), quiet());
    assertThatThrownBy(() -> t.fit(List.of(), null)).hasMessageContaining("yielded no batches");
  }
}
