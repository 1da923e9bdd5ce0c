package ai.thinkact.reward;

import ai.thinkact.data.InvalidDataException;
import ai.thinkact.data.Target;
import ai.thinkact.data.TargetJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One line of a predictions file, {@code {"target":{...},"completion":"..."}}, as read by
 * {@code thinkact reward} and {@code thinkact eval --predictions}. An optional {@code "domain"}
 * (or {@code "source"}) names the sample's domain for per-domain metrics; an optional
 * {@code "id"} is carried through.
 *
 * @param id the sample id, or {@code null}
 * @param domain the domain, or {@code null}
 * @param target the gold action
 * @param completion the model's text
 */
public record ScoredCompletion(String id, String domain, Target target, String completion) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public ScoredCompletion {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(completion, "completion");
  }

  /**
   * Reads every non-blank line of a JSONL file.
   *
   * @throws InvalidDataException on the first bad line: {@code file:line N: what is wrong}
   */
  public static List<ScoredCompletion> readJsonl(Path file) throws IOException {
    List<ScoredCompletion> records = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        try {
          records.add(fromJson(MAPPER.readTree(line)));
        } catch (IOException | IllegalArgumentException e) {
          throw new InvalidDataException(
              file + ":line " + lineNumber + ": " + firstLine(e.getMessage()), e);
        }
      }
    }
    return records;
  }

  /** Reads one record object; the message of the exception names the bad field. */
  public static ScoredCompletion fromJson(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("line must be a JSON object");
    }
    Target target = TargetJson.read(node.get("target"));
    JsonNode completion = node.get("completion");
    if (completion == null || !completion.isTextual()) {
      throw new IllegalArgumentException("completion must be a string");
    }
    return new ScoredCompletion(text(node, "id"), domainOf(node), target, completion.asText());
  }

  private static String domainOf(JsonNode node) {
    String domain = text(node, "domain");
    return domain != null ? domain : text(node, "source");
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable line";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
