package dev.fathom.tune;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/** CSV, PNG and JSON files of a {@link Study}. */
final class StudyFiles {
  static final String FORMAT = "fathom-tune-study/1";
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private StudyFiles() {}

  static void writeCsv(Study study, Path path) throws IOException {
    List<String> names = new ArrayList<>(study.space().names());
    try (Writer w = Files.newBufferedWriter(path)) {
      List<String> header = new ArrayList<>(List.of("trial", "status", "value"));
      header.addAll(names);
      header.addAll(List.of("duration_ms", "error"));
      writeRow(w, header);
      for (Trial t : study.trials()) {
        List<String> row = new ArrayList<>();
        row.add(Integer.toString(t.number()));
        row.add(t.status().name());
        row.add(t.hasValue() ? Double.toString(t.value()) : "");
        for (String name : names) {
          row.add(String.valueOf(t.parameters().get(name)));
        }
        row.add(Long.toString(t.durationMillis()));
        row.add(t.error());
        writeRow(w, row);
      }
    }
  }

  private static void writeRow(Writer w, List<String> cells) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String cell : cells) {
      if (!sb.isEmpty()) {
        sb.append(',');
      }
      boolean quote = cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r");
      sb.append(quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell);
    }
    w.write(sb.append('\n').toString());
  }

  static void plotTrace(Study study, Path path) throws IOException {
    List<Integer> numbers = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    List<Integer> bestNumbers = new ArrayList<>();
    List<Double> bestValues = new ArrayList<>();
    Double best = null;
    for (Trial t : study.trials()) {
      if (!t.hasValue()) {
        continue;
      }
      numbers.add(t.number());
      values.add(t.value());
      if (t.status() == Trial.Status.COMPLETED && (best == null || study.direction().isBetter(t.value(), best))) {
        best = t.value();
      }
      if (best != null) {
        bestNumbers.add(t.number());
        bestValues.add(best);
      }
    }
    if (numbers.isEmpty()) {
      throw new IllegalStateException("plotTrace: the study has no trial with a value to draw");
    }
    XYChart chart = new XYChartBuilder().width(800).height(500)
        .title("Optimisation trace (" + study.direction().name().toLowerCase() + ")")
        .xAxisTitle("trial").yAxisTitle("objective").build();
    chart.addSeries("trial value", numbers, values).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    if (!bestNumbers.isEmpty()) {
      chart.addSeries("best so far", bestNumbers, bestValues).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
    }
    if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", path.toFile())) {
      throw new IOException("plotTrace: no PNG writer available for " + path);
    }
  }

  static void save(Study study, Path path) throws IOException {
    JsonObject root = new JsonObject();
    root.addProperty("format", FORMAT);
    root.addProperty("direction", study.direction().name());
    JsonArray names = new JsonArray();
    study.space().names().forEach(names::add);
    root.add("parameters", names);
    JsonArray trials = new JsonArray();
    for (Trial t : study.trials()) {
      JsonObject o = new JsonObject();
      o.addProperty("number", t.number());
      JsonObject params = new JsonObject();
      t.parameters().asMap().forEach((k, v) -> params.add(k, primitive(v)));
      o.add("parameters", params);
      o.addProperty("status", t.status().name());
      o.add("value", t.hasValue() ? new JsonPrimitive(t.value()) : JsonNull.INSTANCE);
      JsonArray reports = new JsonArray();
      for (Trial.Report r : t.reports()) {
        JsonObject ro = new JsonObject();
        ro.addProperty("step", r.step());
        ro.add("value", Double.isFinite(r.value()) ? new JsonPrimitive(r.value()) : JsonNull.INSTANCE);
        reports.add(ro);
      }
      o.add("reports", reports);
      o.addProperty("error", t.error());
      o.addProperty("durationMillis", t.durationMillis());
      trials.add(o);
    }
    root.add("trials", trials);
    // Write then move, so a crash mid-write never leaves a truncated study behind.
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    Files.writeString(tmp, GSON.toJson(root));
    try {
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static JsonPrimitive primitive(Object v) {
    return switch (v) {
      case Number n -> new JsonPrimitive(n);
      case Boolean b -> new JsonPrimitive(b);
      default -> new JsonPrimitive(v.toString());
    };
  }

  static Study load(Path path, SearchSpace space) throws IOException {
    JsonObject root;
    try {
      root = GSON.fromJson(Files.readString(path), JsonObject.class);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("Study.load: " + path + " is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.has("format") || !FORMAT.equals(root.get("format").getAsString())) {
      throw new IllegalArgumentException("Study.load: " + path + " is not a " + FORMAT + " file");
    }
    List<String> names = new ArrayList<>();
    root.getAsJsonArray("parameters").forEach(e -> names.add(e.getAsString()));
    if (!names.equals(new ArrayList<>(space.names()))) {
      throw new IllegalArgumentException(
          "Study.load: " + path + " was saved for parameters " + names + " but the space has " + space.names());
    }
    Study study = new Study(space, Direction.valueOf(root.get("direction").getAsString()));
    for (JsonElement e : root.getAsJsonArray("trials")) {
      JsonObject o = e.getAsJsonObject();
      Map<String, Object> raw = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> p : o.getAsJsonObject("parameters").entrySet()) {
        JsonPrimitive v = p.getValue().getAsJsonPrimitive();
        raw.put(p.getKey(), v.isNumber() ? (Object) v.getAsDouble() : v.isBoolean() ? (Object) v.getAsBoolean() : v.getAsString());
      }
      List<Trial.Report> reports = new ArrayList<>();
      for (JsonElement r : o.getAsJsonArray("reports")) {
        JsonObject ro = r.getAsJsonObject();
        reports.add(new Trial.Report(ro.get("step").getAsLong(), number(ro.get("value"))));
      }
      study.add(new Trial(
          o.get("number").getAsInt(),
          space.coerce(raw),
          Trial.Status.valueOf(o.get("status").getAsString()),
          number(o.get("value")),
          reports,
          o.get("error").getAsString(),
          o.get("durationMillis").getAsLong()));
    }
    return study;
  }

  private static double number(JsonElement e) {
    return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
  }
}
