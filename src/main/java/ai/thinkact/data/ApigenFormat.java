package ai.thinkact.data;

import ai.thinkact.chat.ToolCall;
import ai.thinkact.config.JsonFields;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The APIGen-MT-5k record format, both ways: {@code conversations} (a list of
 * {@code {"from","value"}}, a {@code function_call} value being the JSON string
 * {@code {"name","arguments"}}), {@code tools} (a JSON <em>string</em> holding a list of
 * {@code {"name","description","parameters"}}; a plain list is accepted too) and {@code system}.
 * Real records have no id or domain field: the domain comes from the policy heading of
 * {@code system} ({@link Domains#ofPolicy}) unless a record adds a string {@code domain} (an
 * Almita conversion may name its procedure there).
 *
 * <p>Parse methods throw {@link IllegalArgumentException} with what is wrong; callers prefix
 * the file and record number.
 */
public final class ApigenFormat {
  private ApigenFormat() {}

  /** Parses one record into a conversation with the given id and source. */
  public static Conversation parseRecord(JsonNode record, String id, String source) {
    if (record == null || !record.isObject()) {
      throw new IllegalArgumentException("record is not a JSON object");
    }
    JsonNode conversations = record.get("conversations");
    if (conversations == null) {
      throw new IllegalArgumentException("missing field \"conversations\"");
    }
    List<Turn> turns = parseTurns(conversations, "conversations");
    String system = JsonFields.optionalString(record, "system", "");
    String domain = JsonFields.optionalString(record, "domain", null);
    return new Conversation(id, source, domain, system, parseTools(record.get("tools")), turns);
  }

  /** Parses a {@code [{"from","value"}...]} list; {@code field} names it in messages. */
  public static List<Turn> parseTurns(JsonNode list, String field) {
    if (!list.isArray()) {
      throw new IllegalArgumentException("\"" + field + "\" is not a list");
    }
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode message = list.get(i);
      String where = field + "[" + i + "]";
      if (!message.isObject()) {
        throw new IllegalArgumentException(where + " is not a JSON object");
      }
      JsonNode fromNode = message.get("from");
      if (fromNode == null || fromNode.isNull()) {
        throw new IllegalArgumentException(where + ": missing field \"from\"");
      }
      if (!fromNode.isTextual()) {
        throw new IllegalArgumentException(where + ".from must be a string (human, gpt, function_call or observation),"
            + " got " + JsonFields.describe(fromNode));
      }
      From from = From.fromJsonName(message.get("from").asText());
      if (from == null) {
        throw new IllegalArgumentException(
            where + ": unknown \"from\" \"" + message.get("from").asText()
                + "\" (expected human, gpt, function_call or observation)");
      }
      JsonNode value = message.get("value");
      if (value == null || value.isNull()) {
        throw new IllegalArgumentException(where + ": missing field \"value\"");
      }
      if (!value.isTextual() && !(from == From.FUNCTION_CALL && value.isObject())) {
        // A list here (OpenAI content parts, a nested conversation) is not text: refuse it rather
        // than train on its JSON spelling.
        throw new IllegalArgumentException(where + ".value must be a string"
            + (from == From.FUNCTION_CALL ? " or an object {\"name\", \"arguments\"}" : "") + ", got " + JsonFields.describe(value));
      }
      String text = value.isTextual() ? value.asText() : value.toString();
      ToolCall call = from == From.FUNCTION_CALL ? parseCall(value, where) : null;
      if (call != null && ThinkTool.NAME.equals(call.name()) && !call.arguments().path(ThinkTool.THOUGHT).isTextual()) {
        throw new IllegalArgumentException(where + ": think call has no string argument \"" + ThinkTool.THOUGHT + "\"");
      }
      turns.add(new Turn(from, text, call, null));
    }
    return turns;
  }

  /** Parses a function call: a JSON string (or object) {@code {"name","arguments"}}. */
  public static ToolCall parseCall(JsonNode value, String where) {
    JsonNode call = value;
    if (value.isTextual()) {
      try {
        call = Json.MAPPER.readTree(value.asText());
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(where + ": function_call value is not valid JSON: " + JsonFields.problem(e));
      }
    }
    if (call == null || call.isMissingNode()) {
      throw new IllegalArgumentException(where + ": function_call value is empty (expected {\"name\",\"arguments\"})");
    }
    if (!call.isObject()) {
      throw new IllegalArgumentException(where + ": function_call value is a JSON "
          + call.getNodeType().name().toLowerCase(Locale.ROOT) + ", not {\"name\",\"arguments\"}");
    }
    if (!call.path("name").isTextual() || call.get("name").asText().isBlank()) {
      throw new IllegalArgumentException(where + ": function_call value has no string \"name\" (expected {\"name\",\"arguments\"})");
    }
    JsonNode arguments = call.get("arguments");
    if (arguments != null && arguments.isTextual()) {
      try {
        arguments = Json.MAPPER.readTree(arguments.asText());
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(where + ": function_call arguments are not valid JSON: " + JsonFields.problem(e));
      }
    }
    if (arguments == null || arguments.isNull()) {
      arguments = Json.MAPPER.createObjectNode();
    }
    if (!arguments.isObject()) {
      throw new IllegalArgumentException(where + ": function_call \"arguments\" is not a JSON object");
    }
    return new ToolCall(call.get("name").asText(), arguments);
  }

  /** Parses {@code tools}: a JSON string holding a list, or a list; missing means no tools. */
  public static List<ObjectNode> parseTools(JsonNode tools) {
    if (tools == null || tools.isNull()) {
      return List.of();
    }
    JsonNode list = tools;
    if (tools.isTextual()) {
      if (tools.asText().isBlank()) {
        return List.of();
      }
      try {
        list = Json.MAPPER.readTree(tools.asText());
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("\"tools\" is not valid JSON: " + JsonFields.problem(e));
      }
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException("\"tools\" is not a list");
    }
    List<ObjectNode> specs = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      try {
        specs.add(Json.toOpenAiTool(list.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("tools[" + i + "]: " + e.getMessage());
      }
    }
    return specs;
  }

  /**
   * Writes a conversation as an APIGen-MT record, in the dataset's own shape: {@code tools} a JSON
   * string of bare {@code {"name","description","parameters"}} specs (no {@code type: function}
   * wrapper), and no id or domain field, so the domain must be in the policy heading of
   * {@code system} for a reader to find it.
   */
  public static ObjectNode toRecord(Conversation conversation) {
    ObjectNode record = Json.MAPPER.createObjectNode();
    ArrayNode messages = record.putArray("conversations");
    for (Turn turn : conversation.turns()) {
      ObjectNode message = messages.addObject();
      message.put("from", turn.from().jsonName());
      message.put("value", turn.value());
    }
    ArrayNode tools = Json.MAPPER.createArrayNode();
    for (ObjectNode tool : conversation.tools()) {
      tools.add(tool.get("function"));
    }
    record.put("tools", tools.toString());
    record.put("system", conversation.system());
    return record;
  }

  /** The JSON string value of a function call, as APIGen-MT stores it. */
  public static String callValue(String name, ObjectNode arguments) {
    ObjectNode call = Json.MAPPER.createObjectNode();
    call.put("name", name);
    call.set("arguments", arguments);
    return call.toString();
  }
}
