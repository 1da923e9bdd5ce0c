package ai.thinkact.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of optional request fields; a field of the wrong type is an HTTP 400 naming it.
 * JSON {@code null} counts as absent, as the OpenAI API treats it.
 */
final class JsonFields {
  private JsonFields() {}

  static boolean present(JsonNode body, String field) {
    JsonNode value = body.get(field);
    return value != null && !value.isNull();
  }

  static String text(JsonNode body, String field) {
    if (!present(body, field)) {
      return null;
    }
    JsonNode value = body.get(field);
    if (!value.isTextual()) {
      throw ApiException.badRequest(field, field + " must be a string, got " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return value.textValue();
  }

  static Integer integer(JsonNode body, String field) {
    if (!present(body, field)) {
      return null;
    }
    JsonNode value = body.get(field);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw ApiException.badRequest(field, field + " must be an integer, got " + value);
    }
    return value.intValue();
  }

  static Long longInteger(JsonNode body, String field) {
    if (!present(body, field)) {
      return null;
    }
    JsonNode value = body.get(field);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw ApiException.badRequest(field, field + " must be an integer, got " + value);
    }
    return value.longValue();
  }

  static Double number(JsonNode body, String field) {
    if (!present(body, field)) {
      return null;
    }
    JsonNode value = body.get(field);
    if (!value.isNumber()) {
      throw ApiException.badRequest(field, field + " must be a number, got " + value);
    }
    return value.doubleValue();
  }

  static boolean bool(JsonNode body, String field, boolean absent) {
    if (!present(body, field)) {
      return absent;
    }
    JsonNode value = body.get(field);
    if (!value.isBoolean()) {
      throw ApiException.badRequest(field, field + " must be true or false, got " + value);
    }
    return value.booleanValue();
  }

  /** A string or an array of strings (OpenAI's {@code stop}); absent is empty. */
  static List<String> strings(JsonNode body, String field) {
    List<String> out = new ArrayList<>();
    if (!present(body, field)) {
      return out;
    }
    JsonNode value = body.get(field);
    if (value.isTextual()) {
      out.add(value.textValue());
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        if (!value.get(i).isTextual()) {
          throw ApiException.badRequest(field, field + "[" + i + "] must be a string, got " + value.get(i));
        }
        out.add(value.get(i).textValue());
      }
    } else {
      throw ApiException.badRequest(field, field + " must be a string or an array of strings, got " + value);
    }
    for (String s : out) {
      if (s.isEmpty()) {
        throw ApiException.badRequest(field, field + " holds an empty string");
      }
    }
    return out;
  }

  /** An array of token ids, each {@code >= 0}; absent is empty. */
  static int[] ids(JsonNode body, String field) {
    if (!present(body, field)) {
      return new int[0];
    }
    return ids(body.get(field), field, field);
  }

  /** {@code array} as token ids; {@code where} names it in errors (e.g. {@code prompt[2]}). */
  static int[] ids(JsonNode array, String param, String where) {
    if (!array.isArray()) {
      throw ApiException.badRequest(param, where + " must be an array of token ids");
    }
    int[] ids = new int[array.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode id = array.get(i);
      if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) {
        throw ApiException.badRequest(param, where + "[" + i + "] must be a token id (an integer >= 0), got " + id);
      }
      ids[i] = id.intValue();
    }
    return ids;
  }
}
