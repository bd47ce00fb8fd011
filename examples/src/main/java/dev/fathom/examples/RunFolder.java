package dev.fathom.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** {@code runs/<time>/}: where a command leaves its model, curves, summary and metrics. */
final class RunFolder {
  private RunFolder() {}

  static Path create(Path root, String name) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path dir = root.resolve(name == null ? stamp : stamp + "-" + name);
    for (int i = 2; Files.exists(dir); i++) dir = root.resolve(stamp + "-" + i);
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the run folder " + dir, e);
    }
  }
}
