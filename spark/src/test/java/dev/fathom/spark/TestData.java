package dev.fathom.spark;

import dev.fathom.Generator;
import dev.fathom.Tensor;
import dev.fathom.nn.Linear;
import dev.fathom.nn.Module;
import dev.fathom.nn.ReLU;
import dev.fathom.nn.Sequential;
import dev.fathom.train.TensorBatch;
import java.util.ArrayList;
import java.util.List;

/** Small synthetic problems for the tests. */
final class TestData {
  private TestData() {}

  /** {@code n} samples of 4 features in 3 classes that a small MLP separates (class = argmax of a fixed linear map). */
  static List<Sample> classes(int n, long seed) {
    Generator g = new Generator(seed);
    float[] x = Tensor.randn(g, n, 4).toFloatArray();
    List<Sample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] f = new float[4];
      System.arraycopy(x, i * 4, f, 0, 4);
      float s0 = f[0] + f[1], s1 = f[2] - f[0], s2 = f[3] - f[1];
      int label = s0 >= s1 && s0 >= s2 ? 0 : s1 >= s2 ? 1 : 2;
      out.add(Sample.of(f, label));
    }
    return out;
  }

  static final SampleFormat FORMAT = SampleFormat.classification(4);

  static Module mlp() {
    return new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
  }

  /** The samples of {@code order} from {@code from} (inclusive) to {@code to}, collated. */
  static TensorBatch batch(List<Sample> data, long[] order, int from, int to) {
    List<Sample> b = new ArrayList<>();
    for (int i = from; i < Math.min(to, order.length); i++) b.add(data.get((int) order[i]));
    return FORMAT.collate(b);
  }
}
