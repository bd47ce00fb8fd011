package dev.fathom.benchmarks;

import dev.fathom.Fathom;
import dev.fathom.Tensor;
import dev.fathom.models.Models;
import dev.fathom.models.ResNet;
import dev.fathom.nn.CrossEntropyLoss;
import dev.fathom.optim.SGD;
import dev.fathom.spi.Parallel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Fathom side of {@code benchmarks/resnet_compare.sh}: ResNet-18 (random weights) on the default
 * CPU backend at 224x224, with the protocol of {@link Compare#medianMillis} (warm-up, then the
 * median and the best of 7 samples), printing {@code case<TAB>median ms<TAB>best ms} per call:
 * <ul>
 *   <li>{@code resnet18_eval_b1}, {@code resnet18_eval_b16}: eval-mode forward under no-grad;
 *   <li>{@code resnet18_train_b16}: one training step (zero grad, forward, cross entropy, backward,
 *       SGD with momentum 0.9) in training mode.
 * </ul>
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp benchmarks.jar dev.fathom.benchmarks.ResNetBench 2
 * }</pre>
 */
public final class ResNetBench {
  private ResNetBench() {}

  static Map<String, Runnable> cases() {
    Fathom.manualSeed(0);
    ResNet model = Models.resnet18();
    Tensor x1 = Tensor.rand(1, 3, 224, 224), x16 = Tensor.rand(16, 3, 224, 224);
    Tensor y16 = Tensor.randint(0, 1000, 16);
    SGD opt = new SGD(model.parameters(), SGD.options().lr(0.01).momentum(0.9));
    CrossEntropyLoss loss = new CrossEntropyLoss();
    Map<String, Runnable> cases = new LinkedHashMap<>();
    cases.put("resnet18_eval_b1", () -> eval(model, x1));
    cases.put("resnet18_eval_b16", () -> eval(model, x16));
    cases.put("resnet18_train_b16", () -> {
      model.train();
      opt.zeroGrad();
      loss.forward(model.forward(x16), y16).backward();
      opt.step();
    });
    return cases;
  }

  private static void eval(ResNet model, Tensor x) {
    model.eval();
    try (var g = Fathom.noGrad()) {
      model.forward(x);
    }
  }

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: ResNetBench <threads> [case prefixes, comma-separated]");
      System.exit(2);
    }
    Parallel.setNumThreads(Integer.parseInt(args[0]));
    String[] prefixes = args.length > 1 && !args[1].equals("all") ? args[1].split(",") : new String[] {""};
    double warmup = Double.parseDouble(System.getProperty("fathom.bench.warmup", "10"));
    System.err.println("# backend " + Fathom.backendName(dev.fathom.Device.cpu()) + ", threads " + args[0]);
    Map<String, Runnable> all = cases();
    for (Map.Entry<String, Runnable> c : all.entrySet()) {
      boolean selected = false;
      // A full case name selects that case only (resnet18_eval_b1 is also a prefix of resnet18_eval_b16).
      for (String p : prefixes) selected |= all.containsKey(p) ? c.getKey().equals(p) : c.getKey().startsWith(p);
      if (!selected) continue;
      double[] samples = Compare.samples(c.getValue(), warmup);
      System.out.printf("%s\t%.6f\t%.6f%n", c.getKey(), samples[3], samples[0]);
      System.out.flush();
    }
  }
}
