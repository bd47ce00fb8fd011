package dev.fathom.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.DType;
import dev.fathom.spi.BinaryOp;
import dev.fathom.spi.Distribution;
import dev.fathom.spi.Philox;
import dev.fathom.spi.ReduceOp;
import dev.fathom.spi.UnaryOp;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed PTX matches the CUDA sources, and the sources agree with the Java side on op codes,
 * dtype codes, struct sizes, kernel names and Philox constants. Needs no GPU and no nvcc.
 */
class PtxSourcesTest {
  private static final Path CUDA = locate();

  private static Path locate() {
    for (String p : new String[] {"src/main/cuda", "backend-cuda/src/main/cuda"}) {
      if (Files.isDirectory(Path.of(p))) return Path.of(p);
    }
    throw new IllegalStateException("cannot find backend-cuda/src/main/cuda from " + Path.of("").toAbsolutePath());
  }

  private static String ptx(String module) throws IOException {
    try (InputStream in = PtxSourcesTest.class.getResourceAsStream("/dev/fathom/backend/cuda/" + module + ".ptx")) {
      assertThat(in).as(module + ".ptx on the class path (run backend-cuda/build-ptx.sh)").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static String source(String file) throws IOException {
    return Files.readString(CUDA.resolve(file));
  }

  private static List<String> cuModules() throws IOException {
    try (Stream<Path> s = Files.list(CUDA)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cu")).map(n -> n.substring(0, n.length() - 3)).sorted().toList();
    }
  }

  /** SHA-256 of the .cu file followed by every .cuh header in name order, as build-ptx.sh computes it. */
  private static String sourceHash(String module) throws IOException, NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update(Files.readAllBytes(CUDA.resolve(module + ".cu")));
    List<String> headers;
    try (Stream<Path> s = Files.list(CUDA)) {
      headers = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cuh")).sorted().toList();
    }
    for (String h : headers) md.update(Files.readAllBytes(CUDA.resolve(h)));
    return HexFormat.of().formatHex(md.digest());
  }

  @Test
  void every_cuda_source_has_ptx_built_from_its_current_text() throws Exception {
    List<String> modules = cuModules();
    assertThat(modules).contains("elementwise", "reduce", "gemm", "conv", "pool", "index", "random");
    List<String> stale = new ArrayList<>();
    for (String m : modules) {
      String first = ptx(m).lines().findFirst().orElse("");
      String expected = "// fathom-source-sha256: " + sourceHash(m);
      if (!first.equals(expected)) stale.add(m + ".ptx");
    }
    assertThat(stale).as("PTX older than its CUDA sources: run backend-cuda/build-ptx.sh and commit the result").isEmpty();
  }

  private static List<String> enumNames(String text, String enumName) {
    Matcher m = Pattern.compile("enum " + enumName + " \\{([^}]*)\\}").matcher(text);
    assertThat(m.find()).as("enum " + enumName).isTrue();
    return Arrays.stream(m.group(1).split(",")).map(s -> s.replaceAll("//.*", "").strip()).filter(s -> !s.isEmpty()).toList();
  }

  private static List<String> names(Enum<?>[] values, String prefix) {
    return Arrays.stream(values).map(v -> prefix + v.name()).toList();
  }

  @Test
  void unary_op_codes_follow_the_java_enum() throws IOException {
    assertThat(enumNames(source("ops.cuh"), "UnaryOpCode")).containsExactlyElementsOf(names(UnaryOp.values(), "U_"));
  }

  @Test
  void binary_op_codes_follow_the_java_enum() throws IOException {
    assertThat(enumNames(source("ops.cuh"), "BinaryOpCode")).containsExactlyElementsOf(names(BinaryOp.values(), "B_"));
  }

  private static int define(String text, String name) {
    Matcher m = Pattern.compile("#define " + name + " (\\S+)").matcher(text);
    assertThat(m.find()).as("#define " + name).isTrue();
    return Integer.decode(m.group(1).replaceAll("u$", ""));
  }

  @Test
  void reduce_op_codes_follow_the_java_enum() throws IOException {
    String text = source("reduce.cu");
    for (ReduceOp op : ReduceOp.values()) assertThat(define(text, "R_" + op.name())).as(op.name()).isEqualTo(op.ordinal());
  }

  @Test
  void distribution_codes_follow_the_java_enum() throws IOException {
    String text = source("random.cu");
    for (Distribution d : Distribution.values()) assertThat(define(text, "DIST_" + d.name())).as(d.name()).isEqualTo(d.ordinal());
  }

  @Test
  void dtype_codes_are_the_dtype_ordinals() throws IOException {
    String text = source("common.cuh");
    Map<DType, String> names = Map.of(DType.BOOL, "DT_BOOL", DType.UINT8, "DT_U8", DType.INT32, "DT_I32", DType.INT64, "DT_I64",
        DType.FLOAT32, "DT_F32", DType.FLOAT64, "DT_F64");
    for (DType t : DType.values()) assertThat(define(text, names.get(t))).as(t.name()).isEqualTo(t.ordinal());
  }

  private static int paramBytes(String ptx, String kernel) {
    Matcher m = Pattern.compile("\\.entry " + kernel + "\\(\\s*\\.param \\.align \\d+ \\.b8 " + kernel + "_param_0\\[(\\d+)\\]").matcher(ptx);
    assertThat(m.find()).as("struct parameter of " + kernel).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void struct_parameters_have_the_sizes_the_java_side_packs() throws IOException {
    assertThat(paramBytes(ptx("elementwise"), "ew_unary")).isEqualTo(4 * Iter.INTS);
    assertThat(paramBytes(ptx("gemm"), "gemm_f32_11")).isEqualTo(4 * 20);
    assertThat(paramBytes(ptx("conv"), "im2col_f32")).isEqualTo(4 * 14);
    assertThat(paramBytes(ptx("pool"), "maxpool_fwd")).isEqualTo(4 * 15);
  }

  @Test
  void every_kernel_the_java_side_launches_is_in_the_ptx() throws IOException {
    Map<String, List<String>> kernels = Map.of(
        "elementwise", List.of("ew_fill", "ew_copy", "ew_copy_f32_contig", "ew_unary", "ew_binary", "ew_binary_f32_contig", "ew_binary_scalar", "ew_where"),
        "reduce", List.of("reduce_rows", "cumsum_lines", "softmax_lines"),
        "conv", List.of("im2col_f32", "im2col_f64", "col2im_f32", "col2im_f64"),
        "pool", List.of("maxpool_fwd", "maxpool_bwd", "avgpool_fwd", "avgpool_bwd"),
        "index", List.of("gather_k", "scatter_add_k"),
        "random", List.of("random_fill"));
    for (var e : kernels.entrySet()) {
      String text = ptx(e.getKey());
      for (String k : e.getValue()) assertThat(text).as(e.getKey() + ".ptx").contains(".entry " + k + "(");
    }
    String gemm = ptx("gemm");
    for (String t : List.of("f32", "f64", "i64", "tf32"))
      for (String v : List.of("00", "01", "10", "11")) assertThat(gemm).contains(".entry gemm_" + t + "_" + v + "(");
  }

  private static int javaConstant(String name) throws ReflectiveOperationException {
    Field f = Philox.class.getDeclaredField(name);
    f.setAccessible(true);
    return f.getInt(null);
  }

  @Test
  void philox_constants_of_the_kernel_are_the_java_ones() throws Exception {
    String text = source("random.cu");
    for (String c : List.of("M0", "M1", "W0", "W1")) {
      Matcher m = Pattern.compile("#define PHILOX_" + c + " 0x([0-9A-Fa-f]+)u").matcher(text);
      assertThat(m.find()).as("PHILOX_" + c).isTrue();
      assertThat((int) Long.parseLong(m.group(1), 16)).as(c).isEqualTo(javaConstant(c));
    }
    String ptx = ptx("random");
    assertThat(ptx).as("M0 as a PTX immediate").contains(", " + javaConstant("M0") + ";");
    assertThat(ptx).as("M1 as a PTX immediate").contains(", " + javaConstant("M1") + ";");
  }
}
