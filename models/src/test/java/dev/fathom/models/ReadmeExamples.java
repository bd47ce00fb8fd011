package dev.fathom.models;

import dev.fathom.data.DataLoader;
import dev.fathom.nn.CrossEntropyLoss;
import dev.fathom.nn.Dropout;
import dev.fathom.nn.Linear;
import dev.fathom.nn.Module;
import dev.fathom.nn.ReLU;
import dev.fathom.nn.Sequential;
import dev.fathom.optim.Adam;
import dev.fathom.optim.SGD;
import dev.fathom.train.History;
import dev.fathom.train.Metrics;
import dev.fathom.train.Trainer;
import dev.fathom.vision.ImageFolder;
import dev.fathom.vision.transforms.Compose;
import dev.fathom.vision.transforms.RandomHorizontalFlip;
import dev.fathom.vision.transforms.RandomResizedCrop;
import dev.fathom.vision.transforms.ToTensor;
import java.nio.file.Path;

/** The two examples of models/README.md, verbatim between the signature lines; ReadmeExamplesTest runs them. */
final class ReadmeExamples {
  private ReadmeExamples() {}

  /** README: "Fine-tune ResNet-18 on an ImageFolder". */
  static History fineTune(ResNet model, Path root, Preprocessing pre, int epochs) {
    var train = new ImageFolder<>(root.resolve("train"), Compose.of(
        new RandomResizedCrop(pre.cropSize()), new RandomHorizontalFlip(), new ToTensor(), pre.normalization()));
    var valid = new ImageFolder<>(root.resolve("val"), pre);           // resize, center crop, normalize
    var trainLoader = new DataLoader<>(train, DataLoader.options().batchSize(32).shuffle(true));
    var validLoader = DataLoader.of(valid, 64);

    Transfer.replaceHead(model, new Linear(model.numFeatures(), train.classes().size()));
    var optimizer = new SGD(Transfer.parameterGroups(model, 1e-3, 1e-2), SGD.options().lr(1e-2).momentum(0.9));
    var trainer = new Trainer(model, new CrossEntropyLoss(), optimizer, Trainer.options()
        .epochs(epochs).patience(3).restoreBestWeights(true).metric("accuracy", Metrics::accuracy).progress(false));
    return trainer.fit(trainLoader, validLoader);
  }

  /** README: "Extract features with DenseNet-121, train a small head on them". */
  static History featureExtraction(DenseNet densenet, Path root, Preprocessing pre, int epochs) {
    Module backbone = densenet.backbone();                             // [N, 3, 224, 224] -> [N, 1024]
    var trainImages = new ImageFolder<>(root.resolve("train"), pre);
    var validImages = new ImageFolder<>(root.resolve("val"), pre);
    Transfer.Features train = Transfer.extractFeatures(backbone, DataLoader.of(trainImages, 64));   // once, under no-grad
    Transfer.Features valid = Transfer.extractFeatures(backbone, DataLoader.of(validImages, 64));

    int classes = trainImages.classes().size();
    var head = new Sequential(new Linear(densenet.numFeatures(), 256), new ReLU(), new Dropout(0.2), new Linear(256, classes));
    var trainer = new Trainer(head, new CrossEntropyLoss(), new Adam(head.parameters(), 1e-3),
        Trainer.options().epochs(epochs).metric("accuracy", Metrics::accuracy).progress(false));
    return trainer.fit(train.loader(32, true), valid.loader(256, false));
  }
}
