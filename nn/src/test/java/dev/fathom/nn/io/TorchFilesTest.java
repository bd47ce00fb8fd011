package dev.fathom.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.fathom.DType;
import dev.fathom.Tensor;
import dev.fathom.tck.TensorAssert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchFilesTest {
  /** The file the malicious fixtures' payloads would create if anything ran them. */
  private static final Path MARKER = Path.of("/tmp/fathom-io-pickle-marker");

  @TempDir Path dir;

  @BeforeEach
  void removeMarker() throws IOException {
    Files.deleteIfExists(MARKER);
  }

  @Test
  void readsZipStateDictWrittenByTorchSave() throws IOException {
    assertStateDictMatchesPython(TorchFiles.loadStateDict(IoFixtures.file("cnn_state_dict.pth")));
  }

  @Test
  void readsLegacyStateDictWrittenByTorchSave() throws IOException {
    assertStateDictMatchesPython(TorchFiles.loadStateDict(IoFixtures.file("cnn_state_dict_legacy.pth")));
  }

  private static void assertStateDictMatchesPython(Map<String, Tensor> actual) {
    Map<String, Tensor> expected = IoFixtures.expectedTensors(IoFixtures.expected().getAsJsonObject("cnn_state_dict"));
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    for (String k : expected.keySet()) TensorAssert.assertEqual(actual.get(k), expected.get(k), k);
  }

  @Test
  void readsNonContiguousViewIntoSharedStorage() throws IOException {
    Map<String, Tensor> sd = TorchFiles.loadStateDict(IoFixtures.file("cnn_state_dict.pth"));
    // base = arange(24).reshape(4, 6); view = base.t()[1:5:2]: storage offset 1, stride (1, 6)
    assertThat(sd.get("extra.view").shape()).containsExactly(2, 4);
    assertThat(sd.get("extra.view").toFloatArray()).containsExactly(1, 7, 13, 19, 3, 9, 15, 21);
  }

  @Test
  void readsNumBatchesTrackedAsZeroDimInt64() throws IOException {
    Tensor n = TorchFiles.loadStateDict(IoFixtures.file("cnn_state_dict_legacy.pth")).get("bn1.num_batches_tracked");
    assertThat(n.dtype()).isEqualTo(DType.INT64);
    assertThat(n.dim()).isZero();
    assertThat(n.longItem()).isEqualTo(1);
  }

  @Test
  void widensHalfStorageToFloat32() throws IOException {
    Tensor h = TorchFiles.loadStateDict(IoFixtures.file("cnn_state_dict.pth")).get("extra.half");
    assertThat(h.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(h.toFloatArray()).containsExactly(0.5f, -1.25f, 65504f);
  }

  @Test
  void readsNestedCheckpoint() throws IOException {
    Map<Object, Object> ckpt = map(TorchFiles.load(IoFixtures.file("checkpoint.pt")));
    assertThat(ckpt.keySet()).containsExactly("epoch", "loss", "name", "betas", "items", "model_state_dict", "param");
    assertThat(ckpt.get("epoch")).isEqualTo(3L);
    assertThat(ckpt.get("loss")).isEqualTo(0.25);
    assertThat(ckpt.get("name")).isEqualTo("cnn");
    assertThat(list(ckpt.get("betas"))).containsExactly(0.9, 0.999);
    assertThat(list(ckpt.get("items"))).containsExactly(1L, 2.5, "x", null, true, new java.math.BigInteger("-1180591620717411303424"));
    JsonObject expected = IoFixtures.expected().getAsJsonObject("checkpoint");
    Map<?, ?> model = (Map<?, ?>) ckpt.get("model_state_dict");
    IoFixtures.expectedTensors(expected.getAsJsonObject("model_state_dict")).forEach((k, v) -> TensorAssert.assertEqual((Tensor) model.get(k), v, k));
  }

  @Test
  void readsParameterWithRequiresGrad() throws IOException {
    Map<Object, Object> ckpt = map(TorchFiles.load(IoFixtures.file("checkpoint.pt")));
    Tensor p = (Tensor) ckpt.get("param");
    assertThat(p.requiresGrad()).isTrue();
    assertThat(p.toFloatArray()).containsExactly(1f, 2f);
  }

  @Test
  void loadStateDictRejectsCheckpointWithNonTensorEntries() {
    assertThatThrownBy(() -> TorchFiles.loadStateDict(IoFixtures.file("checkpoint.pt"))).isInstanceOf(TensorFileException.class)
        .hasMessageContaining("is not a state dict: entry epoch holds a Long");
  }

  @Test
  void rejectsPickleCallingOsSystemWithoutRunningIt() {
    Path f = IoFixtures.file("evil_os_system.pth");
    assertThatThrownBy(() -> TorchFiles.load(f)).isInstanceOf(UnsafePickleException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("pickle global 'posix.system' is not allowed");
    assertThat(MARKER).doesNotExist();
  }

  @Test
  void rejectsLegacyPickleCallingEvalWithoutRunningIt() {
    assertThatThrownBy(() -> TorchFiles.load(IoFixtures.file("evil_eval_legacy.pth"))).isInstanceOf(UnsafePickleException.class)
        .hasMessageContaining("pickle global 'builtins.eval' is not allowed");
    assertThat(MARKER).doesNotExist();
  }

  @Test
  void rejectsStorageLoadFromBytes() {
    assertThatThrownBy(() -> TorchFiles.load(IoFixtures.file("evil_load_from_bytes.pth"))).isInstanceOf(UnsafePickleException.class)
        .hasMessageContaining("'torch.storage._load_from_bytes' is not allowed");
  }

  @Test
  void readsBigEndianStorages() throws IOException {
    assertThat(TorchFiles.loadStateDict(IoFixtures.file("big_endian.pth")).get("w").toFloatArray()).containsExactly(1f, -2f, 3.5f);
  }

  @Test
  void rejectsDtypeWithoutFathomEquivalent() {
    assertThatThrownBy(() -> TorchFiles.load(IoFixtures.file("unsupported_int16.pth"))).isInstanceOf(TensorFileException.class)
        .hasMessageContaining("storage type torch.ShortStorage has no Fathom dtype");
  }

  @Test
  void rejectsTensorReachingPastItsStorage() {
    assertThatThrownBy(() -> TorchFiles.load(IoFixtures.file("bad_view_out_of_bounds.pth"))).isInstanceOf(TensorFileException.class)
        .hasMessageContaining("size [3] and stride [1] reaches outside its storage '0' of 2 elements");
  }

  @Test
  void rejectsTruncatedZip() {
    assertThatThrownBy(() -> TorchFiles.load(IoFixtures.file("bad_truncated.pth"))).isInstanceOf(TensorFileException.class)
        .hasMessageContaining("bad_truncated.pth: corrupt or truncated zip archive");
  }

  @Test
  void rejectsTruncatedLegacyFile() throws IOException {
    byte[] full = Files.readAllBytes(IoFixtures.file("cnn_state_dict_legacy.pth"));
    Path f = Files.write(dir.resolve("cut.pth"), Arrays.copyOf(full, full.length - 10));
    assertThatThrownBy(() -> TorchFiles.load(f)).isInstanceOf(TensorFileException.class).hasMessageContaining("truncated");
  }

  @Test
  void rejectsFileThatIsNotPyTorch() throws IOException {
    Path f = Files.writeString(dir.resolve("notes.pth"), "hello");
    assertThatThrownBy(() -> TorchFiles.load(f)).isInstanceOf(TensorFileException.class).hasMessageContaining("not a PyTorch file");
  }

  @Test
  void roundTripOfStateDictKeepsEverything() throws IOException {
    Map<String, Tensor> sd = new LinkedHashMap<>();
    sd.put("conv.weight", Tensor.randn(2, 1, 3, 3));
    sd.put("bn.num_batches_tracked", Tensor.scalar(4, DType.INT64));
    sd.put("double", Tensor.of(new double[] {Math.E, -0.0}, 2));
    sd.put("int", Tensor.of(new int[] {Integer.MIN_VALUE, 9}, 1, 2));
    sd.put("byte", Tensor.ofUint8(new byte[] {(byte) 200}, 1));
    sd.put("bool", Tensor.of(new boolean[] {false, true}, 2));
    sd.put("empty", Tensor.zeros(3, 0));
    Path file = dir.resolve("sd.pth");
    TorchFiles.save(file, sd);
    Map<String, Tensor> back = TorchFiles.loadStateDict(file);
    assertThat(back.keySet()).containsExactlyElementsOf(sd.keySet());
    for (String k : sd.keySet()) TensorAssert.assertEqual(back.get(k), sd.get(k), k);
  }

  @Test
  void roundTripOfViewsSharingOneStorage() throws IOException {
    Tensor base = Tensor.arange(0.0, 12.0, 1.0).reshape(3, 4);
    Map<String, Tensor> sd = new LinkedHashMap<>();
    sd.put("base", base);
    sd.put("t", base.t());
    sd.put("slice", base.slice(1, 1, 4, 2));
    sd.put("row", base.select(0, 2));
    Path file = dir.resolve("views.pth");
    TorchFiles.save(file, sd);
    Map<String, Tensor> back = TorchFiles.loadStateDict(file);
    for (String k : sd.keySet()) TensorAssert.assertEqual(back.get(k), sd.get(k).contiguous(), k);
  }

  @Test
  void roundTripOfNestedCheckpoint() throws IOException {
    Map<String, Object> ckpt = new LinkedHashMap<>();
    ckpt.put("epoch", 7);
    ckpt.put("lr", 1e-3);
    ckpt.put("tag", "best");
    ckpt.put("done", false);
    ckpt.put("none", null);
    ckpt.put("big", Long.MAX_VALUE);
    ckpt.put("negative", -70000);
    ckpt.put("list", new ArrayList<>(List.of(1, "two", List.of(3.0))));
    ckpt.put("state", Map.of(0, Map.of("step", Tensor.scalar(5.0))));
    Path file = dir.resolve("ckpt.pt");
    TorchFiles.save(file, ckpt);
    Map<Object, Object> back = map(TorchFiles.load(file));
    assertThat(back.keySet()).containsExactly("epoch", "lr", "tag", "done", "none", "big", "negative", "list", "state");
    assertThat(back.get("epoch")).isEqualTo(7L);
    assertThat(back.get("lr")).isEqualTo(1e-3);
    assertThat(back.get("tag")).isEqualTo("best");
    assertThat(back.get("done")).isEqualTo(false);
    assertThat(back.get("none")).isNull();
    assertThat(back.get("big")).isEqualTo(Long.MAX_VALUE);
    assertThat(back.get("negative")).isEqualTo(-70000L);
    assertThat(list(back.get("list"))).containsExactly(1L, "two", List.of(3.0));
    Tensor step = (Tensor) ((Map<?, ?>) ((Map<?, ?>) back.get("state")).get(0L)).get("step");
    assertThat(step.item()).isEqualTo(5.0);
  }

  @Test
  void roundTripKeepsRequiresGrad() throws IOException {
    Path file = dir.resolve("p.pt");
    TorchFiles.save(file, Map.of("w", Tensor.ones(2).requiresGrad(true)));
    assertThat(TorchFiles.loadStateDict(file).get("w").requiresGrad()).isTrue();
  }

  @Test
  void failedSaveKeepsPreviousFileAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("model.pth");
    TorchFiles.save(file, Map.of("w", Tensor.ones(2)));
    byte[] before = Files.readAllBytes(file);
    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("w", Tensor.zeros(2));
    bad.put("opt", Map.of("when", new java.util.Date()));
    assertThatThrownBy(() -> TorchFiles.save(file, bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported value of type java.util.Date at ['opt']['when']");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(dir.toFile().list()).containsExactly("model.pth");
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> map(Object o) {
    return (Map<Object, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return (List<Object>) o;
  }
}
