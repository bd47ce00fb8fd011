package dev.fathom.models;

import dev.fathom.Tensor;
import dev.fathom.nn.io.SafeTensors;
import dev.fathom.nn.io.TorchFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Finding, checking and reading weights files, and the ImageNet class names resource. */
final class WeightsFiles {
  private WeightsFiles() {}

  private static final class Categories {
    static final List<String> IMAGENET = read("imagenet_classes.txt");
  }

  static List<String> imagenetCategories() {
    return Categories.IMAGENET;
  }

  private static List<String> read(String resource) {
    try (InputStream in = WeightsFiles.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("resource " + resource + " is missing from the fathom-models jar");
      List<String> lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
      if (lines.size() != 1000) throw new IllegalStateException(resource + " has " + lines.size() + " names, expected 1000");
      return lines;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + resource, e);
    }
  }

  /** {@code $FATHOM_HOME/weights} when set and non-empty in {@code env}, else {@code <userHome>/.cache/fathom/weights}. */
  static Path cacheDir(Map<String, String> env, String userHome) {
    String home = env.get("FATHOM_HOME");
    if (home != null && !home.isBlank()) return Path.of(home).resolve("weights");
    return Path.of(userHome, ".cache", "fathom", "weights");
  }

  /** The entry's .pth, else its .safetensors, in {@code dir}. */
  static Path locate(Weights w, Path dir) {
    Path pth = dir.resolve(w.fileName()), st = dir.resolve(w.safetensorsFileName());
    if (Files.isRegularFile(pth)) return pth;
    if (Files.isRegularFile(st)) return st;
    throw new WeightsException("Weights " + w.name() + " (" + w.model() + ") not found: there is no " + w.fileName()
        + " (or " + w.safetensorsFileName() + ") in " + dir.toAbsolutePath() + ".\nFathom never downloads. Download "
        + w.url() + " (torchvision publishes it there; PyTorch users may already have it in ~/.cache/torch/hub/checkpoints/) and put it in "
        + dir.toAbsolutePath() + " (set FATHOM_HOME to use $FATHOM_HOME/weights instead), or pass its path: Weights." + w.name()
        + ".stateDict(Path.of(\"" + w.fileName() + "\")) or the Models builder that takes a Path.");
  }

  /** Reads {@code file} (.pth hash-checked against the entry, or .safetensors) with torchvision's key names. */
  static Map<String, Tensor> load(Weights w, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new WeightsException("Weights " + w.name() + ": " + file.toAbsolutePath() + " does not exist or is not a file (torchvision publishes it at " + w.url() + ")");
    }
    boolean safetensors = file.getFileName().toString().endsWith(".safetensors");
    Map<String, Tensor> state;
    try {
      if (safetensors) {
        state = SafeTensors.load(file);
      } else {
        checkHash(w, file);
        state = TorchFiles.loadStateDict(file);
      }
    } catch (IOException e) {
      throw new WeightsException("Weights " + w.name() + ": cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    return w.model().startsWith("densenet") ? DenseNet.renameLegacyKeys(state) : state;
  }

  /** torchvision's {@code check_hash}: the file's SHA-256 (hex) must start with the entry's prefix. */
  static void checkHash(Weights w, Path file) throws IOException {
    String digest = sha256(file), prefix = w.hashPrefix();
    if (!digest.startsWith(prefix)) {
      throw new WeightsException("Weights " + w.name() + ": invalid hash value of " + file.toAbsolutePath() + ": its SHA-256 is " + digest
          + " but torchvision's file " + w.fileName() + " has one starting with " + prefix
          + ". The file is corrupt, incomplete or other weights; download it again from " + w.url());
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
