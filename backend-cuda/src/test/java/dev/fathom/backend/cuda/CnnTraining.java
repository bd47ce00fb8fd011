package dev.fathom.backend.cuda;

import dev.fathom.Device;
import dev.fathom.Fathom;
import dev.fathom.Generator;
import dev.fathom.Tensor;
import dev.fathom.spi.Conv2dParams;
import dev.fathom.spi.Pool2dParams;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A small CNN (conv 1->16, pool, conv 16->32, pool, linear 1568->10) trained with plain SGD on the
 * bundled Fashion-MNIST subset, written with tensor ops only, so the same run can be made on any
 * device. {@link #run} returns the test accuracy.
 */
final class CnnTraining {
  static final int TRAIN = 3000, TEST = 1000, BATCH = 50;
  static final double LR = 0.05;

  private CnnTraining() {}

  private static Path dataDir() {
    for (String p : new String[] {"../examples/src/main/resources/dev/fathom/examples/fashion-mnist",
        "examples/src/main/resources/dev/fathom/examples/fashion-mnist"}) {
      if (Files.isDirectory(Path.of(p))) return Path.of(p);
    }
    throw new IllegalStateException("bundled Fashion-MNIST subset not found from " + Path.of("").toAbsolutePath());
  }

  /** Images as normalised floats {@code [n, 1, 28, 28]}, in file order. */
  static Tensor images(String file, int n) throws IOException {
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(dataDir().resolve(file))))) {
      if (in.readInt() != 2051) throw new IOException(file + ": not an IDX image file");
      int count = in.readInt(), rows = in.readInt(), cols = in.readInt();
      int take = Math.min(n, count);
      byte[] raw = in.readNBytes(take * rows * cols);
      float[] v = new float[raw.length];
      for (int i = 0; i < v.length; i++) v[i] = ((raw[i] & 0xFF) / 255f - 0.2860f) / 0.3530f;
      return Tensor.of(v, take, 1, rows, cols);
    }
  }

  static Tensor labels(String file, int n) throws IOException {
    try (InputStream raw = Files.newInputStream(dataDir().resolve(file));
         DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
      if (in.readInt() != 2049) throw new IOException(file + ": not an IDX label file");
      int take = Math.min(n, in.readInt());
      byte[] b = in.readNBytes(take);
      long[] v = new long[take];
      for (int i = 0; i < take; i++) v[i] = b[i] & 0xFF;
      return Tensor.of(v, take);
    }
  }

  private static Tensor param(Generator g, double scale, Device d, long... shape) {
    return Tensor.randn(g, shape).mul(scale).to(d).requiresGrad(true);
  }

  private static Tensor forward(Tensor x, Tensor[] p) {
    Conv2dParams same = Conv2dParams.of(1, 1, 1, 1);
    Pool2dParams pool = new Pool2dParams(2, 2, 2, 2, 0, 0, 1, 1, false, true, 0);
    Tensor h = Tensor.maxPool2d(Tensor.conv2d(x, p[0], p[1], same).relu(), pool);
    h = Tensor.maxPool2d(Tensor.conv2d(h, p[2], p[3], same).relu(), pool);
    return h.flatten(1, -1).matmul(p[4]).add(p[5]);
  }

  /** Trains one epoch on {@code device} from a fixed initialisation and returns the test accuracy. */
  static double run(Device device) throws IOException {
    Tensor xs = images("train-images-idx3-ubyte.gz", TRAIN).to(device), ys = labels("train-labels-idx1-ubyte.gz", TRAIN).to(device);
    Tensor xt = images("t10k-images-idx3-ubyte.gz", TEST).to(device), yt = labels("t10k-labels-idx1-ubyte.gz", TEST).to(device);
    Generator g = new Generator(7);
    Tensor[] p = {
        param(g, Math.sqrt(2.0 / 9), device, 16, 1, 3, 3), Tensor.zeros(16).to(device).requiresGrad(true),
        param(g, Math.sqrt(2.0 / 144), device, 32, 16, 3, 3), Tensor.zeros(32).to(device).requiresGrad(true),
        param(g, Math.sqrt(1.0 / 1568), device, 1568, 10), Tensor.zeros(10).to(device).requiresGrad(true)};
    for (int from = 0; from < TRAIN; from += BATCH) {
      Tensor x = xs.slice(0, from, from + BATCH, 1), y = ys.slice(0, from, from + BATCH, 1);
      Tensor loss = forward(x, p).logSoftmax(1).gather(1, y.unsqueeze(1)).mean().neg();
      loss.backward();
      try (var ng = Fathom.noGrad()) {
        for (Tensor t : p) {
          t.sub_(t.grad().mul(LR));
          t.setGrad(null);
        }
      }
    }
    try (var ng = Fathom.noGrad()) {
      Tensor pred = forward(xt, p).argmax(1);
      return pred.eq(yt).sum().item() / TEST;
    }
  }

  /** Trains on the CPU and prints accuracy and time (calibrates the GPU smoke test's bounds). */
  public static void main(String[] args) throws IOException {
    long t0 = System.nanoTime();
    double acc = run(Device.cpu());
    System.out.printf("cpu accuracy %.4f in %.1f s%n", acc, (System.nanoTime() - t0) / 1e9);
  }
}
