package dev.fathom.vision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisionUtilsTest {
  @TempDir Path tmp;

  @Test
  void saveImageWritesTheGridAsEightBitPixels() {
    Tensor batch = Tensor.full(0.5, 4, 1, 2, 3);
    Path f = tmp.resolve("grid.png");
    VisionUtils.saveImage(batch, f, VisionUtils.options().nrow(2).padding(1));
    Image img = Image.read(f);
    // 2x2 images of 2x3 with padding 1: height 2*3+1, width 2*4+1; gray repeated to RGB
    assertThat(img.width()).isEqualTo(9);
    assertThat(img.height()).isEqualTo(7);
    assertThat(img.mode()).isEqualTo(Image.Mode.RGB);
    assertThat(img.get(1, 1, 0)).isEqualTo(128); // 0.5 * 255 + 0.5 = 128
    assertThat(img.get(0, 0, 2)).isZero();       // padding
  }

  @Test
  void singleImageGridHasNoPadding() {
    assertThat(VisionUtils.makeGrid(Tensor.zeros(3, 4, 5)).shape()).containsExactly(3, 4, 5);
  }
}
