package dev.fathom.examples;

import dev.fathom.nn.Module;
import dev.fathom.nn.Summary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints torchsummary's table for an example network or a zoo model (input 3x224x224). */
@Command(name = "summary", mixinStandardHelpOptions = true, description = "Print the summary table of a network.")
public final class SummaryCommand implements Callable<Integer> {
  private record Entry(Supplier<Module> model, List<long[]> inputs) {}

  static final Map<String, Entry> MODELS = new LinkedHashMap<>();

  static {
    MODELS.put("cnn", new Entry(() -> Networks.cnn(1, 10, 128), List.of(new long[] {1, 28, 28})));
    MODELS.put("network1", new Entry(() -> Networks.network1(1, 6, 1), List.of(new long[] {1})));
    MODELS.put("autoencoder", new Entry(Networks.Autoencoder::new, List.of(new long[] {1, 28, 28})));
    MODELS.put("generator", new Entry(() -> Networks.generator(32), List.of(new long[] {Networks.NZ, 1, 1})));
    MODELS.put("discriminator", new Entry(() -> Networks.discriminator(32), List.of(new long[] {1, 28, 28})));
    MODELS.put("multi-input", new Entry(() -> new Networks.MultiInput(MultiInputCommand.FEATURES, 10),
        List.of(new long[] {1, 28, 28}, new long[] {MultiInputCommand.FEATURES})));
    long[] image = {3, 224, 224};
    MODELS.put("resnet18", new Entry(dev.fathom.models.Models::resnet18, List.<long[]>of(image)));
    MODELS.put("resnet50", new Entry(dev.fathom.models.Models::resnet50, List.<long[]>of(image)));
    MODELS.put("densenet121", new Entry(dev.fathom.models.Models::densenet121, List.<long[]>of(image)));
    MODELS.put("mobilenet_v2", new Entry(dev.fathom.models.Models::mobilenetV2, List.<long[]>of(image)));
    MODELS.put("vgg11", new Entry(dev.fathom.models.Models::vgg11, List.<long[]>of(image)));
    MODELS.put("alexnet", new Entry(dev.fathom.models.Models::alexnet, List.<long[]>of(image)));
    MODELS.put("squeezenet1_1", new Entry(dev.fathom.models.Models::squeezenet1_1, List.<long[]>of(image)));
  }

  @Option(names = "--model", required = true, paramLabel = "NAME", description = "One of: ${COMPLETION-CANDIDATES}.", completionCandidates = Names.class)
  String model;

  static final class Names implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return MODELS.keySet().iterator();
    }
  }

  @Override
  public Integer call() {
    Entry e = MODELS.get(model);
    if (e == null) throw new IllegalArgumentException("unknown model '" + model + "'; choose one of " + String.join(", ", MODELS.keySet()));
    Module m = e.model().get();
    System.out.println(m);
    System.out.println(Summary.of(m, e.inputs()));
    return 0;
  }
}
