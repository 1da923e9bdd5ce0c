package ai.thinkact.eval;

import ai.thinkact.base.InvalidDataException;
import ai.thinkact.data.Target;
import ai.thinkact.data.TargetJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ai.thinkact.config.JsonFields;
import ai.thinkact.io.Utf8Text;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One row of a predictions file, {@code {"target":{...},"completion":"..."}}, as read by
 * {@code thinkact reward} and {@code thinkact eval --predictions}. An optional {@code "domain"}
 * (or {@code "source"}) names the sample's domain for per-domain metrics; an optional
 * {@code "id"} is carried through.
 *
 * @param id the sample id, or {@code null}
 * @param domain the domain, or {@code null}
 * @param target the gold action
 * @param completion the model's text
 */
public record Prediction(String id, String domain, Target target, String completion) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public Prediction {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(completion, "completion");
  }

  /**
   * Reads every non-blank line of a JSONL file.
   *
   * @throws InvalidDataException on the first bad line: {@code file:line N: what is wrong}
   */
  public static List<Prediction> readJsonl(Path file) throws IOException {
    List<Prediction> records = new ArrayList<>();
    try (Utf8Text reader = Utf8Text.open(file)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        try {
          records.add(fromJson(MAPPER.readTree(line)));
        } catch (JsonProcessingException e) {
          throw new InvalidDataException(file + ":line " + reader.lineNumber() + ": bad JSON: " + JsonFields.problem(e, false), e);
        } catch (IllegalArgumentException e) {
          throw new InvalidDataException(file + ":line " + reader.lineNumber() + ": " + firstLine(e.getMessage()), e);
        }
      }
    }
    return records;
  }

  /** Reads one record object; the message of the exception names the bad field. */
  public static Prediction fromJson(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("line must be a JSON object");
    }
    Target target = TargetJson.read(node.get("target"));
    JsonNode completion = node.get("completion");
    if (completion == null || !completion.isTextual()) {
      throw new IllegalArgumentException("completion must be a string");
    }
    return new Prediction(JsonFields.optionalString(node, "id", null), domainOf(node), target, completion.asText());
  }

  private static String domainOf(JsonNode node) {
    String domain = JsonFields.optionalString(node, "domain", null);
    return domain != null ? domain : JsonFields.optionalString(node, "source", null);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable line";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
