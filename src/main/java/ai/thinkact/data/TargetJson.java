package ai.thinkact.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a {@link Target}, shared by sample files, {@code thinkact reward} and
 * {@code thinkact eval --predictions}: {@code {"type":"tool_call","name":..,"arguments":{..}}} or
 * {@code {"type":"answer","content":..}}.
 */
public final class TargetJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TargetJson() {}

  /**
   * Reads a target object.
   *
   * @throws IllegalArgumentException naming the offending field; callers add file and line
   */
  public static Target read(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("target must be a JSON object");
    }
    JsonNode typeNode = node.get("type");
    TargetType type = typeNode != null && typeNode.isTextual() ? TargetType.fromJsonName(typeNode.asText()) : null;
    if (type == null) {
      throw new IllegalArgumentException("target.type must be \"tool_call\" or \"answer\"");
    }
    return switch (type) {
      case TOOL_CALL -> {
        JsonNode name = node.get("name");
        if (name == null || !name.isTextual()) {
          throw new IllegalArgumentException("target.name must be a string");
        }
        JsonNode arguments = node.get("arguments");
        if (arguments == null || !arguments.isObject()) {
          throw new IllegalArgumentException("target.arguments must be a JSON object");
        }
        yield new Target.ToolCallTarget(name.asText(), ((ObjectNode) arguments).deepCopy());
      }
      case ANSWER -> {
        JsonNode content = node.get("content");
        if (content == null || !content.isTextual()) {
          throw new IllegalArgumentException("target.content must be a string");
        }
        yield new Target.AnswerTarget(content.asText());
      }
    };
  }

  /** Writes a target object in the form {@link #read} accepts. */
  public static ObjectNode write(Target target) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("type", target.type().jsonName());
    if (target instanceof Target.ToolCallTarget call) {
      node.put("name", call.name());
      node.set("arguments", call.arguments().deepCopy());
    } else if (target instanceof Target.AnswerTarget answer) {
      node.put("content", answer.content());
    }
    return node;
  }
}
