package dev.fathom.examples;

import dev.fathom.Fathom;
import dev.fathom.Generator;
import dev.fathom.Tensor;
import dev.fathom.data.Batch;
import dev.fathom.data.DataLoader;
import dev.fathom.data.Dataset;
import dev.fathom.data.Datasets;
import dev.fathom.data.Sample;
import dev.fathom.models.ImageClassifier;
import dev.fathom.models.Models;
import dev.fathom.models.Preprocessing;
import dev.fathom.models.Transfer;
import dev.fathom.models.Weights;
import dev.fathom.nn.CrossEntropyLoss;
import dev.fathom.nn.Linear;
import dev.fathom.nn.Module;
import dev.fathom.nn.Sequential;
import dev.fathom.nn.io.SafeTensors;
import dev.fathom.nn.io.TorchFiles;
import dev.fathom.optim.Adam;
import dev.fathom.train.History;
import dev.fathom.train.Metrics;
import dev.fathom.train.Trainer;
import dev.fathom.vision.ImageFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Transfer learning as the course teaches it: a pretrained ResNet-18 or DenseNet-121 with its
 * backbone frozen and a new head trained on an ImageFolder ("approach 1"), or, with
 * {@code --features}, the frozen backbone run once to cache features and a small head trained on
 * them ("approach 2").
 */
@Command(name = "transfer", mixinStandardHelpOptions = true,
    description = "Fine-tune a pretrained ResNet-18 or DenseNet-121 head on an ImageFolder (or train on cached features with --features).")
public final class TransferCommand implements Callable<Integer> {
  @Option(names = "--weights", required = true, paramLabel = "FILE",
      description = "torchvision's weights (resnet18-f37072fd.pth, densenet121-a639ec97.pth) or a .pth/.safetensors state dict of the same architecture.")
  Path weights;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "An ImageFolder tree, or DIR/train and DIR/val trees.")
  Path data;

  @Option(names = "--arch", defaultValue = "resnet18", description = "resnet18 or densenet121 (default: ${DEFAULT-VALUE}).")
  String arch;

  @Option(names = "--features", description = "Approach 2: cache the frozen backbone's features once, then train a small head on them.")
  boolean features;

  @Option(names = "--epochs", defaultValue = "3", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "16", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--image-size", defaultValue = "0", description = "Crop size (default: the weights' own, 224; resize is 8/7 of it).")
  int imageSize;

  @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    Fathom.manualSeed(seed);
    System.out.println(FathomCli.banner());
    Weights entry = switch (arch) {
      case "resnet18" -> Weights.RESNET18_IMAGENET1K_V1;
      case "densenet121" -> Weights.DENSENET121_IMAGENET1K_V1;
      default -> throw new IllegalArgumentException("--arch must be resnet18 or densenet121, got '" + arch + "'");
    };
    Module model = load(entry);
    ImageClassifier classifier = (ImageClassifier) model;
    Preprocessing pre = imageSize > 0 ? Preprocessing.imageClassification(imageSize, imageSize * 8 / 7) : entry.transforms();

    if (!Files.isDirectory(data)) throw new IllegalArgumentException("data folder " + data + " does not exist");
    Dataset<Sample<Tensor, Long>> train, valid;
    List<String> classes;
    if (Files.isDirectory(data.resolve("train")) && Files.isDirectory(data.resolve("val"))) {
      ImageFolder<Tensor> t = new ImageFolder<>(data.resolve("train"), pre);
      train = t;
      valid = new ImageFolder<>(data.resolve("val"), pre);
      classes = t.classes();
    } else {
      ImageFolder<Tensor> all = new ImageFolder<>(data, pre);
      var parts = Datasets.randomSplit(all, new double[] {0.8, 0.2}, new Generator(seed));
      train = parts.get(0);
      valid = parts.get(1);
      classes = all.classes();
    }
    System.out.printf(Locale.ROOT, "%s with %s; %d training and %d validation images of %d classes%n",
        arch, weights.getFileName(), train.size(), valid.size(), classes.size());
    DataLoader<Batch> trainLoader = new DataLoader<>(train, DataLoader.options().batchSize(batchSize).shuffle(true).generator(new Generator(seed)));
    DataLoader<Batch> validLoader = new DataLoader<>(valid, DataLoader.options().batchSize(batchSize));

    History h;
    if (features) {
      Module backbone = classifier.backbone();
      long t0 = System.nanoTime();
      Transfer.Features trainF = Transfer.extractFeatures(backbone, trainLoader);
      Transfer.Features validF = Transfer.extractFeatures(backbone, validLoader);
      System.out.printf(Locale.ROOT, "Extracted %d x %d features in %.1f s%n", trainF.size(), classifier.numFeatures(), (System.nanoTime() - t0) / 1e9);
      Sequential head = new Sequential(new Linear(classifier.numFeatures(), classes.size()));
      Trainer trainer = new Trainer(head, new CrossEntropyLoss(), new Adam(head.parameters(), 1e-3),
          Trainer.options().epochs(epochs).metric("accuracy", Metrics::accuracy));
      h = trainer.fit(trainF.loader(batchSize, true), validF.loader(batchSize, false));
    } else {
      Transfer.freezeBackbone(classifier);
      Transfer.replaceHead(classifier, new Sequential(new Linear(classifier.numFeatures(), classes.size())));
      Trainer trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(Transfer.trainableParameters(model), 1e-3),
          Trainer.options().epochs(epochs).metric("accuracy", Metrics::accuracy));
      h = trainer.fit(trainLoader, validLoader);
    }
    System.out.printf(Locale.ROOT, "Validation accuracy after %d epochs: %.4f%n", h.epochs(), h.validMetrics().get("accuracy").get(h.epochs() - 1));
    return 0;
  }

  /** torchvision's file (hash-checked), or any state dict of the architecture. */
  private Module load(Weights entry) throws java.io.IOException {
    if (!Files.isRegularFile(weights)) throw new IllegalArgumentException("weights file " + weights + " does not exist (torchvision publishes " + entry.url() + ")");
    if (weights.getFileName().toString().equals(entry.fileName())) {
      return arch.equals("resnet18") ? Models.resnet18(entry, weights) : Models.densenet121(entry, weights);
    }
    Module model = arch.equals("resnet18") ? Models.resnet18() : Models.densenet121();
    Map<String, Tensor> state = weights.toString().endsWith(".safetensors") ? SafeTensors.load(weights) : TorchFiles.loadStateDict(weights);
    try {
      model.loadStateDict(state);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("weights file " + weights + " does not fit " + arch + ": " + e.getMessage(), e);
    }
    return model;
  }
}
