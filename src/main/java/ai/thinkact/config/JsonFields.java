package ai.thinkact.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import ai.thinkact.base.InvalidDataException;
import ai.thinkact.io.Utf8Text;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Typed fields of JSON files written by other tools ({@code config.json}, PEFT's
 * {@code adapter_config.json}): a value of the wrong type is an error naming the field and what
 * was found, never Jackson's lenient {@code asInt()} default ({@code "r": "sixteen"} read as 8).
 * Absent and {@code null} fields take the default. Methods throw {@link IllegalArgumentException};
 * callers prefix the file.
 */
public final class JsonFields {

  /** Jackson's {@code [Source: REDACTED (...); line: 1, column: 21]} inside a message. */
  private static final ObjectMapper READER = new ObjectMapper();
  private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");

  private JsonFields() {}

  /**
   * The JSON object in {@code file} (strict UTF-8).
   *
   * @throws InvalidDataException when the file is not valid JSON or not an object, naming the file
   */
  public static JsonNode readObject(Path file) {
    JsonNode root;
    try {
      Utf8Text.requireFile(file);
      root = READER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new InvalidDataException(file + ": not valid JSON: " + problem(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidDataException(file + ": not a JSON object");
    }
    return root;
  }

  /** An integer field; {@code 16.0} and {@code "16"} are refused. */
  public static int optionalInt(JsonNode object, String field, int defaultValue) {
    JsonNode value = object.get(field);
    return value == null || value.isNull() ? defaultValue : asInt(field, value);
  }

  public static int requiredInt(JsonNode object, String field) {
    return asInt(field, required(object, field));
  }

  /** {@code value} as an int, or an error naming {@code where} (a field or {@code rank_pattern["q_proj"]}). */
  public static int asInt(String where, JsonNode value) {
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new IllegalArgumentException(quoted(where) + " must be an integer, got " + describe(value));
    }
    return value.intValue();
  }

  /** A finite number (integer or real). */
  public static double optionalNumber(JsonNode object, String field, double defaultValue) {
    JsonNode value = object.get(field);
    return value == null || value.isNull() ? defaultValue : asNumber(field, value);
  }

  public static double requiredNumber(JsonNode object, String field) {
    return asNumber(field, required(object, field));
  }

  public static double asNumber(String where, JsonNode value) {
    if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
      throw new IllegalArgumentException(quoted(where) + " must be a number, got " + describe(value));
    }
    return value.doubleValue();
  }

  public static boolean optionalBoolean(JsonNode object, String field, boolean defaultValue) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(quoted(field) + " must be true or false, got " + describe(value));
    }
    return value.booleanValue();
  }

  public static String optionalString(JsonNode object, String field, String defaultValue) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(quoted(field) + " must be a string, got " + describe(value));
    }
    return value.textValue();
  }

  /** What a value is, for messages: {@code string "sixteen"}, {@code number 7}, {@code array}, {@code object}. */
  public static String describe(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    if (value.isTextual()) {
      String text = value.textValue();
      return "string \"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
    }
    if (value.isNumber()) {
      return "number " + value.asText();
    }
    if (value.isBoolean()) {
      return value.asText();
    }
    if (value.isNull()) {
      return "null";
    }
    return value.isArray() ? "a list" : "an object";
  }

  /**
   * Jackson's problem on one line with its place: {@code Unexpected end-of-input ... (line 3,
   * column 17)}. Jackson's own message has no file name and spans lines; callers prefix the file.
   */
  public static String problem(JsonProcessingException e) {
    return problem(e, true);
  }

  /**
   * As {@link #problem(JsonProcessingException)}; {@code withLine} false for text parsed one line
   * at a time (JSONL), where the caller names the file's line and Jackson's line is always 1.
   */
  public static String problem(JsonProcessingException e, boolean withLine) {
    String message = e.getOriginalMessage();
    if (message == null) {
      message = e.getClass().getSimpleName();
    }
    message = SOURCE.matcher(message.replace('\n', ' '))
        .replaceAll(m -> withLine ? "line " + m.group(1) + ", column " + m.group(2) : "column " + m.group(2));
    if (e instanceof StreamConstraintsException) {
      message += " (a JSON string may hold at most 20,000,000 characters and nest 1,000 deep: Jackson's"
          + " StreamReadConstraints; see docs/data.md)";
    }
    JsonLocation at = e.getLocation();
    if (at != null && at.getLineNr() > 0) {
      message += withLine ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"
          : " (column " + at.getColumnNr() + ")";
    }
    return message;
  }

  private static JsonNode required(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("missing field " + quoted(field));
    }
    return value;
  }

  private static String quoted(String where) {
    return where.startsWith("\"") || where.contains("[") || where.contains(".") ? where : "\"" + where + "\"";
  }
}
