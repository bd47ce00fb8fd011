package dev.fathom.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's "A model" example, compiled and run. */
class ReadmeModelExampleTest {
  static class Net extends Module {
    Net() {
      registerModule("cnn", new Sequential(new Conv2d(1, 4, 3), new ReLU(), new MaxPool2d(2), new Flatten()));
      registerModule("fc", new Sequential(new Linear(5, 8), new ReLU()));
      registerModule("head", new Linear(4 * 3 * 3 + 8, 3));
    }

    @Override
    public Tensor forward(Tensor image, Tensor data) {
      Tensor both = Tensor.cat(1, child("cnn").forward(image), child("fc").forward(data));
      return child("head").forward(both);
    }
  }

  @Test
  void readmeExampleRuns() {
    Net net = new Net();
    Tensor loss = new CrossEntropyLoss().forward(net.forward(Tensor.rand(4, 1, 8, 8), Tensor.rand(4, 5)),
        Tensor.of(new long[] {0, 2, 1, 0}));
    loss.backward();
    assertThat(net.toString()).startsWith("Net(\n  (cnn): Sequential(\n    (0): Conv2d(1, 4, kernel_size=(3, 3), stride=(1, 1))");
    Summary s = Summary.of(net, List.of(new long[] {1, 8, 8}, new long[] {5}));
    assertThat(s.totalParams()).isEqualTo(40 + 48 + 135);
    net.replaceChild("head", new Linear(44, 2));
    assertThat(net.forward(Tensor.rand(1, 1, 8, 8), Tensor.rand(1, 5)).shape()).containsExactly(1, 2);
    assertThat(net.parameter("cnn.0.weight").grad()).isNotNull();
  }
}
