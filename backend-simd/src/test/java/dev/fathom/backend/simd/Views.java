package dev.fathom.backend.simd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.DType;
import dev.fathom.spi.HeapStorage;
import dev.fathom.spi.Shapes;
import dev.fathom.spi.View;
import java.util.Random;

/** Random FLOAT32 views (contiguous, transposed, broadcast, offset) and a tolerant comparison. */
final class Views {
  private Views() {}

  /** A contiguous view of {@code shape} with values uniform in [lo, hi). */
  static View random(Random r, int[] shape, float lo, float hi) {
    float[] d = new float[Shapes.numel(shape)];
    for (int i = 0; i < d.length; i++) d[i] = lo + (hi - lo) * r.nextFloat();
    return View.contiguous(HeapStorage.wrap(DType.FLOAT32, d), shape);
  }

  static View random(Random r, int... shape) {
    return random(r, shape, -1f, 1f);
  }

  /** A view of {@code shape} whose last two dims are stored transposed. */
  static View transposed(Random r, int... shape) {
    int n = shape.length;
    int[] stored = shape.clone();
    stored[n - 1] = shape[n - 2];
    stored[n - 2] = shape[n - 1];
    View v = random(r, stored);
    int[] st = v.strides().clone();
    int t = st[n - 1];
    st[n - 1] = st[n - 2];
    st[n - 2] = t;
    return v.restride(shape, st, 0);
  }

  /** A view of {@code shape} that sits 5 elements into a larger storage. */
  static View offset(Random r, int... shape) {
    float[] d = new float[Shapes.numel(shape) + 9];
    for (int i = 0; i < d.length; i++) d[i] = 2 * r.nextFloat() - 1;
    return new View(HeapStorage.wrap(DType.FLOAT32, d), shape, Shapes.contiguousStrides(shape), 5);
  }

  /** {@code small} (a shape with ones where broadcast) expanded to {@code shape} with stride 0. */
  static View broadcast(View small, int[] shape) {
    return small.restride(shape, Shapes.expandStrides(small.shape(), small.strides(), shape), small.offset());
  }

  static View zeros(DType dtype, int... shape) {
    return View.contiguous(HeapStorage.allocate(dtype, Shapes.numel(shape)), shape);
  }

  static float[] floats(View v) {
    float[] d = new float[v.numel()];
    for (int i = 0; i < d.length; i++) d[i] = (float) v.heap().getDouble(Shapes.offsetOf(i, v.shape(), v.strides(), v.offset()));
    return d;
  }

  /** Asserts {@code |got - want| <= rtol * |want| + atol} element by element (NaN matches NaN). */
  static void assertClose(View got, View want, double rtol, double atol, String what) {
    assertThat(got.shape()).as(what + " shape").isEqualTo(want.shape());
    float[] g = floats(got), w = floats(want);
    for (int i = 0; i < w.length; i++) {
      if (Float.isNaN(w[i])) {
        assertThat(g[i]).as("%s[%d]", what, i).isNaN();
        continue;
      }
      if (Float.isInfinite(w[i])) {
        assertThat(g[i]).as("%s[%d]", what, i).isEqualTo(w[i]);
        continue;
      }
      assertThat((double) g[i]).as("%s[%d]", what, i).isCloseTo(w[i], org.assertj.core.data.Offset.offset(rtol * Math.abs(w[i]) + atol));
    }
  }
}
