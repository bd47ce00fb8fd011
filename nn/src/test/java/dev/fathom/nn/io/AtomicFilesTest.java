package dev.fathom.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void failureMidWriteKeepsPreviousFileAndRemovesTemporaryFile() throws IOException {
    Path file = Files.writeString(dir.resolve("model.safetensors"), "previous");
    assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
      out.write(new byte[100_000]); // more than the stream buffer: part of it reaches the temporary file
      throw new IOException("disk full (injected)");
    })).isInstanceOf(IOException.class).hasMessage("disk full (injected)");
    assertThat(Files.readString(file)).isEqualTo("previous");
    assertThat(dir.toFile().list()).containsExactly("model.safetensors");
  }

  @Test
  void uncheckedFailureAlsoRemovesTemporaryFile() throws IOException {
    Path file = dir.resolve("new.pth");
    assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
      out.write(1);
      throw new IllegalStateException("bug (injected)");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void successReplacesTarget() throws IOException {
    Path file = Files.writeString(dir.resolve("f.bin"), "old");
    AtomicFiles.write(file, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
    assertThat(Files.readString(file)).isEqualTo("new");
    assertThat(dir.toFile().list()).containsExactly("f.bin");
  }

  @Test
  void refusesDirectoryTarget() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    assertThatThrownBy(() -> AtomicFiles.write(sub, out -> out.write(1))).isInstanceOf(IOException.class).hasMessageContaining("is a directory");
  }
}
