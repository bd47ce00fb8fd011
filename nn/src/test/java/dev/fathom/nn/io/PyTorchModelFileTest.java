package dev.fathom.nn.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import dev.fathom.nn.BatchNorm2d;
import dev.fathom.nn.Conv2d;
import dev.fathom.nn.IncompatibleKeys;
import dev.fathom.nn.Linear;
import dev.fathom.nn.MaxPool2d;
import dev.fathom.nn.Module;
import dev.fathom.tck.TensorAssert;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A state dict written by PyTorch's torch.save loads into the same Fathom model and gives PyTorch's output. */
class PyTorchModelFileTest {
  /** gen_io.py's CNN: Conv2d(1,4,3,p=1) - BatchNorm2d(4) - ReLU - MaxPool2d(2) - Flatten - Linear(36,3). */
  static final class Cnn extends Module {
    Cnn() {
      registerModule("conv1", new Conv2d(1, 4, 3, Conv2d.options().padding(1)));
      registerModule("bn1", new BatchNorm2d(4));
      registerModule("pool", new MaxPool2d(2));
      registerModule("fc", new Linear(36, 3));
    }

    @Override
    public Tensor forward(Tensor x) {
      Tensor h = child("pool").forward(child("bn1").forward(child("conv1").forward(x)).relu());
      return child("fc").forward(h.flatten(1, -1));
    }
  }

  private static Map<String, Tensor> modelKeys(Map<String, Tensor> all) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    all.forEach((k, v) -> {
      if (!k.startsWith("extra.")) out.put(k, v);
    });
    return out;
  }

  @Test
  void aZipCheckpointFromPyTorchGivesPyTorchsOutput() throws Exception {
    check("cnn_state_dict.pth");
  }

  @Test
  void aLegacyCheckpointFromPyTorchGivesPyTorchsOutput() throws Exception {
    check("cnn_state_dict_legacy.pth");
  }

  private void check(String file) throws Exception {
    Cnn model = new Cnn();
    IncompatibleKeys keys = model.loadStateDict(modelKeys(TorchFiles.loadStateDict(IoFixtures.file(file))));
    assertThat(keys.missingKeys()).isEmpty();
    model.eval();
    var expected = IoFixtures.expected();
    Tensor x = IoFixtures.expectedTensors(wrap("x", expected.getAsJsonObject("cnn_input"))).get("x");
    Tensor want = IoFixtures.expectedTensors(wrap("y", expected.getAsJsonObject("cnn_output"))).get("y");
    Tensor got;
    try (var g = Fathom.noGrad()) {
      got = model.forward(x);
    }
    // float32 conv, batch norm in eval mode and a linear layer: 1e-5 covers summation order
    TensorAssert.assertClose(got, want, 1e-5, 1e-5, file + " output");
  }

  private static com.google.gson.JsonObject wrap(String name, com.google.gson.JsonObject t) {
    com.google.gson.JsonObject o = new com.google.gson.JsonObject();
    o.add(name, t);
    return o;
  }
}
