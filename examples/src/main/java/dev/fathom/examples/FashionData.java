package dev.fathom.examples;

import dev.fathom.Generator;
import dev.fathom.Tensor;
import dev.fathom.data.Dataset;
import dev.fathom.data.Datasets;
import dev.fathom.data.Sample;
import dev.fathom.data.Subset;
import dev.fathom.vision.FashionMNIST;
import dev.fathom.vision.ImageFolder;
import dev.fathom.vision.transforms.Compose;
import dev.fathom.vision.transforms.Grayscale;
import dev.fathom.vision.transforms.Normalize;
import dev.fathom.vision.transforms.Resize;
import dev.fathom.vision.transforms.ToTensor;
import dev.fathom.vision.transforms.Transform;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Where the examples get their images: the bundled Fashion-MNIST subset (6,000 training and 1,000
 * test images), the full set in a folder, or an ImageFolder tree — all as 1x28x28 tensors
 * normalised with Fashion-MNIST's mean and std.
 *
 * <pre>{@code
 * FashionData d = FashionData.bundled();
 * Dataset<Sample<Object, Long>> train = d.train();   // items (Tensor [1, 28, 28], label)
 * }</pre>
 */
public final class FashionData {
  /** Fashion-MNIST's pixel mean and standard deviation (on [0, 1] values). */
  public static final double MEAN = 0.2860, STD = 0.3530;
  private static final String[] FILES = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};

  private final Dataset<Sample<Object, Long>> train;
  private final Dataset<Sample<Object, Long>> test;
  private final List<String> classes;
  private final String description;

  private FashionData(Dataset<Sample<Object, Long>> train, Dataset<Sample<Object, Long>> test, List<String> classes, String description) {
    this.train = train;
    this.test = test;
    this.classes = classes;
    this.description = description;
  }

  /** The transform from an image to a normalised [1, 28, 28] tensor. */
  public static Transform<Object, Object> transform() {
    return Compose.of(new Grayscale(1), new Resize(new int[] {28, 28}), new ToTensor(), new Normalize(new double[] {MEAN}, new double[] {STD}));
  }

  /** The subset shipped inside the examples jar, unpacked to a temporary folder. */
  public static FashionData bundled() {
    return fashion(bundledDir(), "the bundled Fashion-MNIST subset");
  }

  /** Unpacks the bundled subset's four IDX files to a temporary folder and returns it. */
  public static Path bundledDir() {
    try {
      Path dir = Files.createTempDirectory("fathom-fashion-mnist");
      dir.toFile().deleteOnExit();
      for (String f : FILES) {
        try (InputStream in = FashionData.class.getResourceAsStream("fashion-mnist/" + f)) {
          if (in == null) throw new IllegalStateException("the bundled Fashion-MNIST subset is missing from the class path (" + f + ")");
          Path target = dir.resolve(f);
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          target.toFile().deleteOnExit();
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the bundled Fashion-MNIST subset", e);
    }
  }

  /** The four Fashion-MNIST IDX files in {@code dir} (e.g. /usr/share/datasets/fashion-mnist). */
  public static FashionData fashionMnist(Path dir) {
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException("Fashion-MNIST folder " + dir + " does not exist (apt-get install dataset-fashion-mnist puts it in /usr/share/datasets/fashion-mnist)");
    return fashion(dir, "Fashion-MNIST in " + dir);
  }

  private static FashionData fashion(Path dir, String what) {
    Transform<Object, Object> t = transform();
    FashionMNIST<Object> train = new FashionMNIST<>(dir, true, t);
    FashionMNIST<Object> test = new FashionMNIST<>(dir, false, t);
    return new FashionData(train, test, train.classes(), what);
  }

  /** An ImageFolder tree: 80% for training and 20% for testing, split with a fixed seed. */
  public static FashionData imageFolder(Path root) {
    if (!Files.isDirectory(root)) throw new IllegalArgumentException("data folder " + root + " does not exist");
    ImageFolder<Object> all = new ImageFolder<>(root, transform());
    List<Subset<Sample<Object, Long>>> parts = Datasets.randomSplit(all, new double[] {0.8, 0.2}, new Generator(42));
    return new FashionData(parts.get(0), parts.get(1), all.classes(), "the ImageFolder " + root);
  }

  public Dataset<Sample<Object, Long>> train() { return train; }

  public Dataset<Sample<Object, Long>> test() { return test; }

  public List<String> classes() { return classes; }

  public String description() { return description; }

  /** The first {@code n} items of a dataset (all of it when n <= 0 or larger). */
  public static <T> Dataset<T> limit(Dataset<T> d, int n) {
    if (n <= 0 || n >= d.size()) return d;
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) idx[i] = i;
    return new Subset<>(d, idx);
  }

  /** Denormalises [N, 1, 28, 28] images back to [0, 1] for saving. */
  public static Tensor toUnit(Tensor x) {
    return x.mul(STD).add(MEAN).clamp(0, 1);
  }
}
