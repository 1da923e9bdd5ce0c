package ai.thinkact.training;

import ai.thinkact.io.Utf8Text;
import ai.thinkact.io.AtomicFiles;
import ai.thinkact.base.InvalidDataException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code OUTPUT/metrics.jsonl}: one JSON object per logged step, {@code {"step": N, ...}}, with
 * the key names of docs/metrics-jsonl.md. Each line is flushed as written, so a crash loses at
 * most the line being written. Opening for a resumed run keeps only the lines up to the resumed
 * step (the later ones described steps that will be redone) and appends after them.
 */
public final class MetricsLog implements Closeable {

  /** File name inside the run output directory. */
  public static final String FILE = "metrics.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final BufferedWriter out;

  private MetricsLog(Path file, BufferedWriter out) {
    this.file = file;
    this.out = out;
  }

  /**
   * Opens {@code outputDir/metrics.jsonl}. {@code resumedStep} 0 starts a fresh file (an old one
   * is replaced); {@code resumedStep} N > 0 keeps the lines with {@code step <= N} and appends.
   */
  public static MetricsLog open(Path outputDir, long resumedStep) throws IOException {
    Path file = outputDir.resolve(FILE);
    Files.createDirectories(outputDir);
    if (resumedStep <= 0) {
      Files.deleteIfExists(file);
    } else if (Files.exists(file)) {
      StringBuilder kept = new StringBuilder();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        JsonNode row = parseOrNull(line); // a torn last line from a crash is dropped
        if (row != null && row.path("step").asLong(Long.MAX_VALUE) <= resumedStep) {
          kept.append(line).append('\n');
        }
      }
      AtomicFiles.writeString(file, kept.toString());
    }
    BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new MetricsLog(file, out);
  }

  /**
   * Appends {@code {"step": step, ...values}} in the map's iteration order (pass a
   * {@link java.util.LinkedHashMap} for a stable order). Non-finite numbers are written as
   * {@code null}, since JSON has no NaN.
   */
  public void log(long step, Map<String, ? extends Number> values) {
    ObjectNode row = JSON.createObjectNode();
    row.put("step", step);
    for (Map.Entry<String, ? extends Number> e : values.entrySet()) {
      if ("step".equals(e.getKey())) {
        continue;
      }
      Number v = e.getValue();
      if (v == null || (v instanceof Double d && !Double.isFinite(d)) || (v instanceof Float f && !Float.isFinite(f))) {
        row.putNull(e.getKey());
      } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
        row.put(e.getKey(), v.longValue());
      } else {
        row.put(e.getKey(), v.doubleValue());
      }
    }
    try {
      out.write(JSON.writeValueAsString(row));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  /** The file being written. */
  public Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /**
   * Reads a metrics file: every complete line as an object. A malformed line other than the
   * last (which a crash may have cut) is an error naming the file and line.
   */
  public static List<ObjectNode> read(Path file) throws IOException {
    List<String> lines = Utf8Text.readString(file).lines().toList(); // strict UTF-8: a bad byte names its line
    List<ObjectNode> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      JsonNode row = parseOrNull(line);
      if (row instanceof ObjectNode object && object.has("step")) {
        rows.add(object);
      } else if (i < lines.size() - 1) {
        throw new InvalidDataException(file + ":" + (i + 1) + ": not a JSON object with a \"step\" key");
      }
    }
    return rows;
  }

  private static JsonNode parseOrNull(String line) {
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
