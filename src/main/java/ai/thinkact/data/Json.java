package ai.thinkact.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one Jackson mapper of the data package, and the tool-spec conversion every loader shares. */
public final class Json {
  /** Thread-safe once configured; used for every read and write of dataset JSON. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /**
   * Converts a tool spec to OpenAI function format. APIGen-MT stores bare
   * {@code {"name","description","parameters"}}; a spec already wrapped as
   * {@code {"type":"function","function":{...}}} is returned unchanged.
   *
   * @throws IllegalArgumentException saying what is wrong (the caller adds file and record)
   */
  public static ObjectNode toOpenAiTool(JsonNode spec) {
    if (spec == null || !spec.isObject()) {
      throw new IllegalArgumentException("a tool is not a JSON object");
    }
    if (spec.has("function") && spec.get("function").isObject()) {
      requireName(spec.get("function"));
      return (ObjectNode) spec;
    }
    requireName(spec);
    ObjectNode function = MAPPER.createObjectNode();
    function.put("name", spec.get("name").asText());
    function.put("description", spec.path("description").asText(""));
    JsonNode parameters = spec.get("parameters");
    function.set("parameters", parameters != null && parameters.isObject() ? parameters : emptyParameters());
    ObjectNode tool = MAPPER.createObjectNode();
    tool.put("type", "function");
    tool.set("function", function);
    return tool;
  }

  /** The name of an OpenAI-format tool spec. */
  public static String toolName(ObjectNode openAiTool) {
    return openAiTool.path("function").path("name").asText();
  }

  private static void requireName(JsonNode function) {
    if (!function.path("name").isTextual() || function.get("name").asText().isBlank()) {
      throw new IllegalArgumentException("a tool has no \"name\"");
    }
  }

  private static ObjectNode emptyParameters() {
    ObjectNode parameters = MAPPER.createObjectNode();
    parameters.put("type", "object");
    parameters.putObject("properties");
    return parameters;
  }
}
