package dev.fathom.examples;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The data options the image commands share. */
public final class DataOptions {
  @Option(names = "--data", paramLabel = "DIR", description = "An ImageFolder tree (one folder per class); 80/20 train/test split.")
  Path data;

  @Option(names = "--fashion-mnist", paramLabel = "DIR", description = "The full Fashion-MNIST set (e.g. /usr/share/datasets/fashion-mnist).")
  Path fashionMnist;

  @Option(names = "--limit", paramLabel = "N", description = "Use only the first N training images (0 = all).")
  int limit;

  /** The chosen data: --data, --fashion-mnist, or the bundled subset. */
  FashionData load() {
    if (data != null && fashionMnist != null) throw new IllegalArgumentException("give either --data or --fashion-mnist, not both");
    if (data != null) return FashionData.imageFolder(data);
    if (fashionMnist != null) return FashionData.fashionMnist(fashionMnist);
    return FashionData.bundled();
  }
}
