package dev.fathom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import dev.fathom.data.Batch;
import dev.fathom.data.DataLoader;
import dev.fathom.data.Sample;
import dev.fathom.data.TensorDataset;
import dev.fathom.nn.Conv2d;
import dev.fathom.nn.CrossEntropyLoss;
import dev.fathom.nn.Linear;
import dev.fathom.nn.Sequential;
import dev.fathom.nn.Sigmoid;
import dev.fathom.nn.Summary;
import dev.fathom.nn.io.TorchFiles;
import dev.fathom.optim.Adam;
import dev.fathom.vision.ImageFolder;
import dev.fathom.vision.transforms.Compose;
import dev.fathom.vision.transforms.Normalize;
import dev.fathom.vision.transforms.ToTensor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every line of the README's PyTorch-to-Fathom table, compiled and run. */
class CheatSheetTest {
  @TempDir Path dir;

  @Test
  void tensorAndAutogradLines() {
    Fathom.manualSeed(0);
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    Tensor images = Tensor.randn(64, 1, 28, 28);
    Tensor w = Tensor.zeros(2).requiresGrad(true);
    Tensor b = Tensor.ones(1);
    Tensor y = x.matmul(w.unsqueeze(0).t()).add(b);
    Tensor cols = x.slice(1, 1, 3), row = x.select(0, 0), flat = x.view(-1, 4);
    Tensor loss = y.sum();
    loss.backward();
    assertThat(w.grad().toFloatArray()).containsExactly(4, 6);
    try (var g = Fathom.noGrad()) {
      w.add_(1);
    }
    assertThat(images.shape()).containsExactly(64, 1, 28, 28);
    assertThat(cols.shape()).containsExactly(2, 1);
    assertThat(row.toFloatArray()).containsExactly(1, 2);
    assertThat(flat.shape()).containsExactly(1, 4);
    assertThat(w.toFloatArray()).containsExactly(1, 1);
  }

  @Test
  void modelLossOptimizerAndFileLines() throws Exception {
    Sequential model = new Sequential(new Linear(1, 6), new Sigmoid(), new Linear(6, 1));
    Conv2d conv = new Conv2d(1, 16, 3, Conv2d.options().padding(1));
    var criterion = new CrossEntropyLoss(CrossEntropyLoss.options().labelSmoothing(0.1));
    var optimizer = new Adam(model.parameters(), 0.05);
    Tensor loss = model.forward(Tensor.randn(8, 1)).square().mean();
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    model.train();
    model.eval();
    TorchFiles.save(dir.resolve("m.pth"), model.stateDict());
    model.loadStateDict(TorchFiles.loadStateDict(dir.resolve("m.pth")));
    Summary s = Summary.of(model, 1);
    assertThat(s.totalParams()).isEqualTo(19);
    assertThat(conv.forward(Tensor.zeros(1, 1, 5, 5)).shape()).containsExactly(1, 16, 5, 5);
    assertThat(criterion.forward(Tensor.zeros(2, 3), Tensor.of(new long[] {0, 1})).item()).isGreaterThan(0);
  }

  @Test
  void dataLines() throws Exception {
    for (String cls : new String[] {"cat", "dog"}) {
      Files.createDirectories(dir.resolve("data/train/" + cls));
      ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY), "png", dir.resolve("data/train/" + cls + "/a.png").toFile());
    }
    var t = Compose.of(new ToTensor(), new Normalize(new double[] {0.5}, new double[] {0.5}));
    var ds = new ImageFolder<>(dir.resolve("data/train"), t);
    var loader = new DataLoader<>(ds, DataLoader.options().batchSize(64).shuffle(true));
    int batches = 0;
    for (Batch b : loader) {
      Tensor X = b.input(), y = b.label();
      assertThat(X.shape()).containsExactly(2, 3, 4, 4);
      assertThat(y.toLongArray()).containsExactlyInAnyOrder(0, 1);
      batches++;
    }
    assertThat(batches).isEqualTo(1);
    assertThat(new TensorDataset(Tensor.zeros(3, 2)).size()).isEqualTo(3);
    assertThat(new Sample<>(1, 2L).label()).isEqualTo(2L);
  }
}
