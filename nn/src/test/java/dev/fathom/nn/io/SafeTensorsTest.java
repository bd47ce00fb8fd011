package dev.fathom.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.DType;
import dev.fathom.Tensor;
import dev.fathom.tck.TensorAssert;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir Path dir;

  @Test
  void readsFileWrittenByPythonWithEveryDtype() throws IOException {
    Map<String, Tensor> expected = IoFixtures.expectedTensors(IoFixtures.expected().getAsJsonObject("small_safetensors"));
    Map<String, Tensor> actual = SafeTensors.load(IoFixtures.file("small.safetensors"));
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    for (String k : expected.keySet()) TensorAssert.assertEqual(actual.get(k), expected.get(k), k);
  }

  @Test
  void readsMetadata() throws IOException {
    assertThat(SafeTensors.read(IoFixtures.file("small.safetensors")).metadata())
        .containsExactly(Map.entry("format", "pt"), Map.entry("note", "by gen_io.py"));
  }

  @Test
  void widensHalfAndBfloat16ToFloat32() throws IOException {
    Map<String, Tensor> sd = SafeTensors.load(IoFixtures.file("small.safetensors"));
    assertThat(sd.get("f16").dtype()).isEqualTo(DType.FLOAT32);
    assertThat(sd.get("f16").toFloatArray()).containsExactly(1.5f, -0.0009765625f);
    assertThat(sd.get("bf16").toFloatArray()).containsExactly(1.5f, -3.0f);
  }

  @Test
  void roundTripKeepsNamesOrderDtypesShapesAndValues() throws IOException {
    Map<String, Tensor> sd = new LinkedHashMap<>();
    sd.put("z.float", Tensor.of(new float[] {1.5f, -2f, Float.NaN, Float.NEGATIVE_INFINITY, 0f, 7f}, 2, 3));
    sd.put("a.double", Tensor.of(new double[] {Math.PI, -1e-300}, 2));
    sd.put("m.long", Tensor.of(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, 2, 1));
    sd.put("int", Tensor.of(new int[] {-3, 4}, 2));
    sd.put("byte", Tensor.ofUint8(new byte[] {0, (byte) 255}, 2));
    sd.put("bool", Tensor.of(new boolean[] {true, false, true}, 3));
    sd.put("scalar", Tensor.scalar(3.5));
    sd.put("empty", Tensor.zeros(0, 4));
    sd.put("transposed", Tensor.arange(0.0, 6.0, 1.0).reshape(2, 3).t());
    Path file = dir.resolve("rt.safetensors");
    SafeTensors.save(file, sd, Map.of("epoch", "3"));
    SafeTensors.Contents back = SafeTensors.read(file);
    assertThat(back.tensors().keySet()).containsExactlyElementsOf(sd.keySet());
    for (String k : sd.keySet()) TensorAssert.assertEqual(back.tensors().get(k), sd.get(k).contiguous(), k);
    assertThat(back.metadata()).containsExactly(Map.entry("epoch", "3"));
  }

  @Test
  void writesDataSectionEightByteAligned() throws IOException {
    Path file = dir.resolve("aligned.safetensors");
    SafeTensors.save(file, Map.of("w", Tensor.ones(3)));
    long headerLen = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat((8 + headerLen) % 8).isZero();
  }

  @Test
  void rejectsHeaderLongerThanFile() {
    Path f = IoFixtures.file("bad_header_too_long.safetensors");
    assertThatThrownBy(() -> SafeTensors.load(f)).isInstanceOf(TensorFileException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("header length 1000000 exceeds file size 80");
  }

  @Test
  void rejectsUnknownDtype() {
    assertThatThrownBy(() -> SafeTensors.load(IoFixtures.file("bad_dtype.safetensors"))).isInstanceOf(TensorFileException.class)
        .hasMessageContaining("bad_dtype.safetensors").hasMessageContaining("tensor 'a'").hasMessageContaining("dtype 'F99'");
  }

  @Test
  void rejectsShapeThatDisagreesWithDataSize() {
    assertThatThrownBy(() -> SafeTensors.load(IoFixtures.file("bad_shape_size.safetensors"))).isInstanceOf(TensorFileException.class)
        .hasMessageContaining("tensor 'a': shape [3] of F32 needs 12 bytes but data_offsets [0, 8] hold 8");
  }

  @Test
  void rejectsOverlappingTensors() {
    assertThatThrownBy(() -> SafeTensors.load(IoFixtures.file("bad_overlap.safetensors"))).isInstanceOf(TensorFileException.class)
        .hasMessageContaining("tensors 'a' and 'b' overlap");
  }

  @Test
  void rejectsTruncatedData() {
    assertThatThrownBy(() -> SafeTensors.load(IoFixtures.file("bad_truncated.safetensors"))).isInstanceOf(TensorFileException.class)
        .hasMessageContaining("tensor 'a': data_offsets [0, 8] lie outside the data section of 5 bytes (file truncated?)");
  }

  @Test
  void rejectsFileShorterThanLengthPrefix() throws IOException {
    Path f = Files.write(dir.resolve("tiny.safetensors"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> SafeTensors.load(f)).isInstanceOf(TensorFileException.class).hasMessageContaining("too short");
  }

  @Test
  void rejectsHeaderThatIsNotJson() throws IOException {
    Path f = Files.write(dir.resolve("nojson.safetensors"), withHeader("{\"a\": [1,"));
    assertThatThrownBy(() -> SafeTensors.load(f)).isInstanceOf(TensorFileException.class).hasMessageContaining("header is not valid JSON");
  }

  @Test
  void rejectsOffsetOutsideDataWhenOffsetsAreReversed() throws IOException {
    Path f = Files.write(dir.resolve("rev.safetensors"), withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}}"));
    assertThatThrownBy(() -> SafeTensors.load(f)).isInstanceOf(TensorFileException.class).hasMessageContaining("data_offsets [4, 0] lie outside");
  }

  @Test
  void rejectsBytesNotDescribedByHeader() throws IOException {
    byte[] h = withHeader("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}");
    byte[] withData = java.util.Arrays.copyOf(h, h.length + 3);
    Path f = Files.write(dir.resolve("extra.safetensors"), withData);
    assertThatThrownBy(() -> SafeTensors.load(f)).isInstanceOf(TensorFileException.class)
        .hasMessageContaining("the data section has 3 bytes but the header describes 1");
  }

  @Test
  void saveReplacesExistingFile() throws IOException {
    Path file = dir.resolve("m.safetensors");
    SafeTensors.save(file, Map.of("w", Tensor.zeros(2)));
    SafeTensors.save(file, Map.of("v", Tensor.ones(3)));
    assertThat(SafeTensors.load(file).keySet()).containsExactly("v");
    assertThat(dir.toFile().list()).containsExactly("m.safetensors");
  }

  @Test
  void rejectsMetadataAsTensorName() {
    assertThatThrownBy(() -> SafeTensors.save(dir.resolve("x.safetensors"), Map.of("__metadata__", Tensor.zeros(1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'__metadata__' cannot name a tensor");
  }

  private static byte[] withHeader(String json) {
    byte[] h = json.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
  }
}
