package dev.fathom.vision;

import dev.fathom.data.Dataset;
import dev.fathom.data.Sample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Images in class folders, {@code root/<class>/.../<file>}, as {@code torchvision.datasets.ImageFolder}.
 * Classes are the sub-folders of {@code root} sorted by code point (Python's default sort, so
 * {@code "Zebra"} comes before {@code "ant"}); each class folder is walked recursively (nested
 * folders included) in sorted order, keeping files whose lower-cased name ends in one of
 * {@link #IMG_EXTENSIONS}. Items are read with {@link Image#read} and converted to RGB, as
 * torchvision's {@code pil_loader}, then passed through the transform.
 *
 * <pre>{@code
 * var ds = new ImageFolder<>(Path.of("data/train"), Compose.of(new Resize(56), new ToTensor()));
 * ds.classes();                 // ["cat", "dog"]
 * Sample<Object, Long> s = ds.get(0);   // (Tensor [3, 56, 56], 0)
 * }</pre>
 *
 * <p>torchvision's {@code target_transform} is {@link Dataset#map} here.
 */
public final class ImageFolder<X> implements Dataset<Sample<X, Long>> {
  /** torchvision's {@code IMG_EXTENSIONS}. */
  public static final List<String> IMG_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp");

  /** Python's default string order: by Unicode code point. */
  static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
    int i = 0, j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i), cb = b.codePointAt(j);
      if (ca != cb) return Integer.compare(ca, cb);
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  };

  /** One file and its class index. */
  public record Item(Path path, int classIndex) {}

  private final Path root;
  private final Function<? super Image, ? extends X> transform;
  private final List<String> classes;
  private final Map<String, Integer> classToIdx;
  private final List<Item> samples;

  public ImageFolder(Path root, Function<? super Image, ? extends X> transform) {
    this.root = root;
    this.transform = transform;
    this.classes = findClasses(root);
    Map<String, Integer> idx = new LinkedHashMap<>();
    for (int i = 0; i < classes.size(); i++) idx.put(classes.get(i), i);
    this.classToIdx = Collections.unmodifiableMap(idx);
    this.samples = List.copyOf(makeDataset(root, classes));
  }

  /** The images without a transform (RGB {@link Image}s). */
  public static ImageFolder<Image> of(Path root) { return new ImageFolder<>(root, Function.identity()); }

  private static List<String> findClasses(Path root) {
    if (!Files.isDirectory(root)) throw new UncheckedIOException(new IOException("ImageFolder: root " + root + " is not a directory"));
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(root)) {
      s.filter(Files::isDirectory).forEach(p -> names.add(p.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("ImageFolder: cannot list " + root + ": " + e.getMessage(), e);
    }
    if (names.isEmpty()) throw new UncheckedIOException(new IOException("Couldn't find any class folder in " + root + "."));
    names.sort(CODE_POINT_ORDER);
    return List.copyOf(names);
  }

  private static List<Item> makeDataset(Path root, List<String> classes) {
    List<Item> out = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      Path dir = root.resolve(classes.get(c));
      List<Path> dirs;
      try (Stream<Path> s = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
        dirs = new ArrayList<>(s.filter(Files::isDirectory).toList());
      } catch (IOException e) {
        throw new UncheckedIOException("ImageFolder: cannot walk " + dir + ": " + e.getMessage(), e);
      }
      dirs.sort((a, b) -> CODE_POINT_ORDER.compare(a.toString(), b.toString()));
      int before = out.size();
      for (Path d : dirs) {
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(d)) {
          s.filter(p -> !Files.isDirectory(p)).forEach(p -> files.add(p.getFileName().toString()));
        } catch (IOException e) {
          throw new UncheckedIOException("ImageFolder: cannot list " + d + ": " + e.getMessage(), e);
        }
        files.sort(CODE_POINT_ORDER);
        for (String f : files) if (hasImageExtension(f)) out.add(new Item(d.resolve(f), c));
      }
      if (out.size() == before) empty.add(classes.get(c));
    }
    if (!empty.isEmpty()) {
      empty.sort(CODE_POINT_ORDER);
      throw new UncheckedIOException(new IOException("Found no valid file for the classes " + String.join(", ", empty) + ". Supported extensions are: " + String.join(", ", IMG_EXTENSIONS)));
    }
    return out;
  }

  static boolean hasImageExtension(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String e : IMG_EXTENSIONS) if (lower.endsWith(e)) return true;
    return false;
  }

  public Path root() { return root; }

  /** Class names in index order. */
  public List<String> classes() { return classes; }

  /** Class name to index, as {@code class_to_idx}. */
  public Map<String, Integer> classToIdx() { return classToIdx; }

  /** (path, class index) of every item, as {@code samples}. */
  public List<Item> samples() { return samples; }

  /** The class index of every item, as {@code targets}. */
  public int[] targets() { return samples.stream().mapToInt(Item::classIndex).toArray(); }

  @Override public int size() { return samples.size(); }

  @Override
  public Sample<X, Long> get(int index) {
    Item it = samples.get(Dataset.checkIndex(index, samples.size()));
    Image img = ImageCodec.read(it.path()).convert(Image.Mode.RGB);
    return new Sample<>(transform.apply(img), (long) it.classIndex());
  }
}
