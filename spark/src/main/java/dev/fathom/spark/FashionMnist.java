package dev.fathom.spark;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads Fashion-MNIST's IDX files ({@code train-images-idx3-ubyte.gz}, {@code ...-labels-idx1-ubyte.gz},
 * {@code t10k-...}, gzipped or not) into {@link Sample}s of 784 pixels scaled as
 * {@code ToTensor()} then {@code Normalize((0.2860,), (0.3530,))} (Fashion-MNIST's mean and
 * standard deviation, as the {@code fathom} examples use): {@code (pixel / 255 - MEAN) / STD}.
 *
 * <pre>{@code
 * List<Sample> train = FashionMnist.read(Path.of("/usr/share/datasets/fashion-mnist"), true, 0);  // 60000 samples
 * }</pre>
 */
public final class FashionMnist {
  /** The shape of one image. */
  public static final SampleFormat FORMAT = SampleFormat.classification(1, 28, 28);

  /** Fashion-MNIST's pixel mean and standard deviation (on [0, 1] values). */
  public static final float MEAN = 0.2860f, STD = 0.3530f;

  private FashionMnist() {}

  /** The number of images in the training or test set's file. */
  public static int size(Path dir, boolean train) throws IOException {
    Path images = find(dir, (train ? "train" : "t10k") + "-images-idx3-ubyte");
    try (DataInputStream im = open(images)) {
      expect(im.readInt(), 2051, images);
      return im.readInt();
    }
  }

  /**
   * The training ({@code train = true}) or test set in {@code dir}, at most {@code limit} samples
   * (0 = all).
   *
   * @throws IOException when a file is missing or is not an IDX file of the expected kind
   */
  public static List<Sample> read(Path dir, boolean train, int limit) throws IOException {
    return read(dir, train, 0, limit > 0 ? limit : Integer.MAX_VALUE);
  }

  /** Samples {@code [from, to)} of the training or test set (clipped to its size). */
  public static List<Sample> read(Path dir, boolean train, int from, int to) throws IOException {
    String prefix = train ? "train" : "t10k";
    Path images = find(dir, prefix + "-images-idx3-ubyte"), labels = find(dir, prefix + "-labels-idx1-ubyte");
    try (DataInputStream im = open(images); DataInputStream lb = open(labels)) {
      expect(im.readInt(), 2051, images);
      int n = im.readInt(), rows = im.readInt(), cols = im.readInt();
      expect(lb.readInt(), 2049, labels);
      int nl = lb.readInt();
      if (n != nl) throw new IOException("FashionMnist: " + images + " has " + n + " images but " + labels + " has " + nl + " labels");
      if (rows != 28 || cols != 28) throw new IOException("FashionMnist: " + images + " holds " + rows + "x" + cols + " images, expected 28x28");
      int end = Math.min(to, n);
      List<Sample> out = new ArrayList<>(Math.max(0, end - from));
      byte[] pixels = new byte[rows * cols];
      for (int i = 0; i < end; i++) {
        im.readFully(pixels);
        if (i < from) {
          lb.readUnsignedByte();
          continue;
        }
        float[] f = new float[pixels.length];
        for (int p = 0; p < f.length; p++) f[p] = ((pixels[p] & 0xFF) / 255f - MEAN) / STD;
        out.add(Sample.of(f, lb.readUnsignedByte()));
      }
      return out;
    }
  }

  private static Path find(Path dir, String name) throws IOException {
    for (String candidate : new String[] {name + ".gz", name}) {
      Path p = dir.resolve(candidate);
      if (Files.isRegularFile(p)) return p;
    }
    throw new IOException("FashionMnist: neither " + name + ".gz nor " + name + " in " + dir);
  }

  private static DataInputStream open(Path p) throws IOException {
    InputStream in = Files.newInputStream(p);
    if (p.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
    return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
  }

  private static void expect(int magic, int want, Path p) throws IOException {
    if (magic != want) throw new IOException("FashionMnist: " + p + " starts with magic " + magic + ", expected " + want);
  }
}
