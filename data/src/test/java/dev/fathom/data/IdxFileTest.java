package dev.fathom.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.DType;
import dev.fathom.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
  @TempDir Path dir;

  static byte[] header(int type, int... dims) {
    byte[] h = new byte[4 + 4 * dims.length];
    h[2] = (byte) type;
    h[3] = (byte) dims.length;
    for (int d = 0; d < dims.length; d++) {
      for (int k = 0; k < 4; k++) h[4 + 4 * d + k] = (byte) (dims[d] >>> (24 - 8 * k));
    }
    return h;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void readsARawUnsignedByteFile() throws IOException {
    Path f = dir.resolve("images-idx3-ubyte");
    Files.write(f, concat(header(0x08, 2, 2, 3), new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 255}));
    Tensor t = IdxFile.read(f);
    assertThat(t.dtype()).isEqualTo(DType.UINT8);
    assertThat(t.shape()).containsExactly(2, 2, 3);
    assertThat(t.toLongArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255);
  }

  @Test
  void writeThenReadRoundTripsGzipFloats() {
    Path f = dir.resolve("x.gz");
    Tensor t = Tensor.of(new float[] {1.5f, -2f, 3.25f, 0f, 7f, 8f}, 3, 2);
    IdxFile.write(t, f);
    Tensor back = IdxFile.read(f);
    assertThat(back.shape()).containsExactly(3, 2);
    assertThat(back.toFloatArray()).containsExactly(1.5f, -2f, 3.25f, 0f, 7f, 8f);
  }

  @Test
  void truncatedDataNamesTheFileAndTheShortfall() throws IOException {
    Path f = dir.resolve("short-idx1-ubyte");
    Files.write(f, concat(header(0x08, 10), new byte[] {1, 2, 3}));
    assertThatThrownBy(() -> IdxFile.read(f)).isInstanceOf(IdxFile.FormatException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("truncated data").hasMessageContaining("needs 10 bytes, only 3 present");
  }

  @Test
  void badMagicIsReported() throws IOException {
    Path f = dir.resolve("bad");
    Files.write(f, new byte[] {1, 2, 8, 1, 0, 0, 0, 0});
    assertThatThrownBy(() -> IdxFile.read(f)).isInstanceOf(IdxFile.FormatException.class).hasMessageContaining("bad magic number 0x01020801");
  }

  @Test
  void unknownTypeCodeIsReported() throws IOException {
    Path f = dir.resolve("type");
    Files.write(f, header(0x07, 1));
    assertThatThrownBy(() -> IdxFile.read(f)).isInstanceOf(IdxFile.FormatException.class).hasMessageContaining("unknown data type code 0x7");
  }

  @Test
  void truncatedGzipIsReported() throws IOException {
    Path f = dir.resolve("t.gz");
    IdxFile.write(Tensor.zeros(DType.UINT8, 50, 50), f);
    byte[] all = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(all, all.length / 2));
    assertThatThrownBy(() -> IdxFile.read(f)).isInstanceOf(IdxFile.FormatException.class).hasMessageContaining(f.toString()).hasMessageContaining("gzip");
  }

  @Test
  void trailingBytesAreReported() throws IOException {
    Path f = dir.resolve("long");
    Files.write(f, concat(header(0x08, 2), new byte[] {1, 2, 3}));
    assertThatThrownBy(() -> IdxFile.read(f)).isInstanceOf(IdxFile.FormatException.class).hasMessageContaining("trailing data");
  }
}
