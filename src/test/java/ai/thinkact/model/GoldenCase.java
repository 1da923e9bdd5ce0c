package ai.thinkact.model;

import ai.thinkact.TestPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One Qwen3 directory of ../shared/golden with its inputs.json and expected.json parsed. */
public record GoldenCase(String name, Path dir, JsonNode inputs, JsonNode expected) {

  public static final List<String> NAMES = List.of("qwen3_tied", "qwen3_untied");

  public static GoldenCase of(String name) {
    Path dir = TestPaths.golden(name);
    ObjectMapper json = new ObjectMapper();
    try {
      return new GoldenCase(name, dir, json.readTree(dir.resolve("inputs.json").toFile()),
          json.readTree(dir.resolve("expected.json").toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path modelDir() {
    return dir.resolve("model");
  }

  public Path adapterDir() {
    return dir.resolve("adapter");
  }

  public static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  public static List<int[]> intRows(JsonNode rows) {
    List<int[]> out = new ArrayList<>();
    rows.forEach(r -> out.add(ints(r)));
    return out;
  }

  public static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }
}
