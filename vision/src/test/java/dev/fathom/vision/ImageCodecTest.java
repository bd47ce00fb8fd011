package dev.fathom.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCodecTest {
  @TempDir Path tmp;

  static Image sample(Image.Mode mode) {
    byte[] px = new byte[5 * 3 * mode.channels()];
    for (int i = 0; i < px.length; i++) px[i] = (byte) (i * 37 + 11);
    return Image.wrap(5, 3, mode, px);
  }

  @Test
  void pngRoundTripsEveryMode() {
    for (Image.Mode m : Image.Mode.values()) {
      Path f = tmp.resolve("x" + m + ".png");
      sample(m).save(f);
      Image back = Image.read(f);
      assertThat(back.mode()).as(m.name()).isEqualTo(m == Image.Mode.LA ? Image.Mode.RGBA : m);
      assertThat(back.convert(m).pixels()).as(m.name()).isEqualTo(sample(m).pixels());
    }
  }

  @Test
  void bmpAndTiffRoundTripRgb() {
    for (String ext : new String[] {"bmp", "tiff"}) {
      Path f = tmp.resolve("x." + ext);
      sample(Image.Mode.RGB).save(f);
      assertThat(Image.read(f).pixels()).as(ext).isEqualTo(sample(Image.Mode.RGB).pixels());
    }
  }

  @Test
  void pngWithBadCrcIsReportedAsCorrupt() throws IOException {
    Path f = tmp.resolve("crc.png");
    sample(Image.Mode.RGB).save(f);
    byte[] b = Files.readAllBytes(f);
    b[b.length - 20] ^= 0x55;
    Files.write(f, b);
    assertThatThrownBy(() -> Image.read(f)).isInstanceOf(ImageDecodeException.class).hasMessageContaining(f.toString()).hasMessageContaining("CRC mismatch");
  }

  @Test
  void truncatedPngIsReported() throws IOException {
    Path f = tmp.resolve("cut.png");
    sample(Image.Mode.RGB).save(f);
    byte[] b = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(b, b.length - 30));
    assertThatThrownBy(() -> Image.read(f)).isInstanceOf(ImageDecodeException.class).hasMessageContaining(f.toString()).hasMessageContaining("truncated");
  }

  @Test
  void truncatedJpegIsReported() throws IOException {
    Path src = VisionFixtures.path("images/rgb_20x15.jpg"), f = tmp.resolve("cut.jpg");
    byte[] b = Files.readAllBytes(src);
    Files.write(f, Arrays.copyOf(b, 200));
    assertThatThrownBy(() -> Image.read(f)).isInstanceOf(ImageDecodeException.class).hasMessageContaining(f.toString());
  }

  @Test
  void nonImageBytesAreReported() throws IOException {
    Path f = tmp.resolve("text.png");
    Files.writeString(f, "hello, not an image");
    assertThatThrownBy(() -> Image.read(f)).isInstanceOf(ImageDecodeException.class).hasMessageContaining(f.toString()).hasMessageContaining("not a recognised image format");
  }

  @Test
  void unknownSaveExtensionIsRejected() {
    assertThatThrownBy(() -> sample(Image.Mode.RGB).save(tmp.resolve("x.xyz"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown image extension 'xyz'");
  }

  @Test
  void convertUsesPilLuma() {
    Image rgb = Image.wrap(1, 1, Image.Mode.RGB, new byte[] {(byte) 200, 100, 50});
    // PIL: (200*19595 + 100*38470 + 50*7471 + 0x8000) >> 16 = 124
    assertThat(rgb.convert(Image.Mode.L).get(0, 0, 0)).isEqualTo(124);
    assertThat(rgb.convert(Image.Mode.RGBA).get(0, 0, 3)).isEqualTo(255);
  }
}
