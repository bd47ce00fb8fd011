package dev.fathom.vision;

import dev.fathom.DType;
import dev.fathom.Tensor;
import dev.fathom.data.Dataset;
import dev.fathom.data.IdxFile;
import dev.fathom.data.Sample;
import dev.fathom.spi.Shapes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The MNIST digits, as {@code torchvision.datasets.MNIST}: 28x28 grayscale {@link Image}s (mode L)
 * and labels 0-9 read from the four IDX files ({@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-...}; gzip or raw) in {@code root}, or in
 * torchvision's layout {@code root/MNIST/raw}. Nothing is downloaded.
 *
 * <pre>{@code
 * var train = new MNIST<>(Path.of("/data/mnist"), true, new ToTensor());   // items (Tensor [1, 28, 28], label)
 * }</pre>
 *
 * <p>torchvision's {@code target_transform} is {@link Dataset#map} here.
 */
public class MNIST<X> implements Dataset<Sample<X, Long>> {
  private final byte[] images;
  private final byte[] labels;
  private final int count, rows, cols;
  private final List<String> classes;
  private final Function<? super Image, ? extends X> transform;

  public MNIST(Path root, boolean train, Function<? super Image, ? extends X> transform) {
    this(root, train, transform, "MNIST", List.of("0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine"));
  }

  /** For datasets in the MNIST format ({@link FashionMNIST}): {@code folder} is torchvision's folder name. */
  protected MNIST(Path root, boolean train, Function<? super Image, ? extends X> transform, String folder, List<String> classes) {
    String prefix = train ? "train" : "t10k";
    Path imageFile = find(root, folder, prefix + "-images-idx3-ubyte");
    Path labelFile = find(root, folder, prefix + "-labels-idx1-ubyte");
    Tensor img = IdxFile.read(imageFile), lab = IdxFile.read(labelFile);
    if (img.dtype() != DType.UINT8 || img.dim() != 3) {
      throw new IdxFile.FormatException(folder + ": " + imageFile + " should hold uint8 images [N, rows, cols], found " + img.dtype().torchName() + " " + Shapes.str(img.shapeInts()), null);
    }
    if (lab.dtype() != DType.UINT8 || lab.dim() != 1) {
      throw new IdxFile.FormatException(folder + ": " + labelFile + " should hold uint8 labels [N], found " + lab.dtype().torchName() + " " + Shapes.str(lab.shapeInts()), null);
    }
    if (img.size(0) != lab.size(0)) {
      throw new IdxFile.FormatException(folder + ": " + imageFile + " has " + img.size(0) + " images but " + labelFile + " has " + lab.size(0) + " labels", null);
    }
    this.images = (byte[]) img.view().heap().array();
    this.labels = (byte[]) lab.view().heap().array();
    for (int i = 0; i < labels.length; i++) {
      if ((labels[i] & 0xFF) >= classes.size()) throw new IdxFile.FormatException(folder + ": " + labelFile + " has label " + (labels[i] & 0xFF) + " at index " + i + ", outside 0.." + (classes.size() - 1), null);
    }
    this.count = (int) img.size(0);
    this.rows = (int) img.size(1);
    this.cols = (int) img.size(2);
    this.classes = classes;
    this.transform = transform;
  }

  private static Path find(Path root, String folder, String base) {
    for (Path dir : new Path[] {root, root.resolve(folder).resolve("raw")}) {
      for (String name : new String[] {base + ".gz", base}) {
        Path p = dir.resolve(name);
        if (Files.isRegularFile(p)) return p;
      }
    }
    throw new UncheckedIOException(new IOException(folder + ": " + base + "(.gz) not found in " + root + " or " + root.resolve(folder).resolve("raw")));
  }

  public List<String> classes() { return classes; }

  @Override public int size() { return count; }

  /** The raw image {@code index} (mode L). */
  public Image image(int index) {
    Dataset.checkIndex(index, count);
    byte[] px = new byte[rows * cols];
    System.arraycopy(images, index * rows * cols, px, 0, px.length);
    return Image.wrap(cols, rows, Image.Mode.L, px);
  }

  /** The label of item {@code index}. */
  public int label(int index) { return labels[Dataset.checkIndex(index, count)] & 0xFF; }

  @Override
  public Sample<X, Long> get(int index) { return new Sample<>(transform.apply(image(index)), (long) label(index)); }
}
