package dev.fathom.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.spi.Shapes;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The odometer visits exactly the offsets that per-element index arithmetic gives. */
class CursorTest {
  @Test
  void visitsTheSameOffsetsAsShapesOffsetOfFromAnyStart() {
    Random rnd = new Random(11);
    for (int t = 0; t < 200; t++) {
      int nd = rnd.nextInt(5);
      int[] shape = new int[nd], a = new int[nd], b = new int[nd];
      for (int d = 0; d < nd; d++) {
        shape[d] = 1 + rnd.nextInt(4);
        a[d] = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(20) - 5;
      }
      int[] contiguous = Shapes.contiguousStrides(shape);
      System.arraycopy(contiguous, 0, b, 0, nd);
      int n = Shapes.numel(shape), start = rnd.nextInt(n), max = 1 + rnd.nextInt(5);
      Cursor c = Cursor.of(shape, new int[][] {a, b}, 3, 1).at(start);
      for (int p = start; p < n; ) {
        int len = c.segment(Math.min(max, n - p));
        for (int i = 0; i < len; i++) {
          assertThat(c.off[0] + i * c.stride(0)).isEqualTo(Shapes.offsetOf(p + i, shape, a, 3));
          assertThat(c.off[1] + i * c.stride(1)).isEqualTo(Shapes.offsetOf(p + i, shape, b, 1));
        }
        c.advance(len);
        p += len;
      }
    }
  }
}
