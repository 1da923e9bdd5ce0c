package ai.thinkact.data;

import ai.thinkact.base.InvalidDataException;
import ai.thinkact.io.AtomicFiles;
import ai.thinkact.chat.Message;
import ai.thinkact.chat.Role;
import ai.thinkact.chat.ToolCall;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ai.thinkact.config.JsonFields;
import ai.thinkact.io.Utf8Text;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-turn samples as JSONL, one sample per line, in the OpenAI / TRL chat convention:
 *
 * <pre>{@code
 * {"id","source","domain","conversation_id","tools":[{"type":"function","function":{...}}],
 *  "messages":[{"role":"system|user|assistant|tool","content":...,
 *               "tool_calls":[{"type":"function","function":{"name":...,"arguments":{...}}}]}],
 *  "target":{"type":"tool_call","name":...,"arguments":{...}} | {"type":"answer","content":...},
 *  "reasoning"?: ...}
 * }</pre>
 *
 * {@code tool_calls} appears only on assistant messages that call tools; an assistant message's
 * own reasoning (rare in context) is {@code reasoning_content}. {@code domain} is always written;
 * a file without it (written before samples had one) reads each sample's domain from the policy
 * heading of its system message, else {@code unknown} ({@link Sample}).
 */
public final class SampleJsonl {
  private SampleJsonl() {}

  /**
   * Reads every sample; a bad line throws {@code file:line N: what is wrong}, a byte that is not
   * UTF-8 {@link ai.thinkact.io.MalformedTextException} naming file and line.
   */
  public static List<Sample> read(Path file) throws IOException {
    List<Sample> samples = new ArrayList<>();
    try (Utf8Text reader = Utf8Text.open(file)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          samples.add(parseLine(file, reader.lineNumber(), line));
        }
      }
    }
    return samples;
  }

  /**
   * The sample at {@code index} (0-based among non-blank lines), parsing only that line, so
   * {@code data show} stays fast on a large file; {@code null} when the file has fewer samples.
   */
  public static Sample readAt(Path file, int index) throws IOException {
    try (Utf8Text reader = Utf8Text.open(file)) {
      int seen = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || seen++ < index) {
          continue;
        }
        return parseLine(file, reader.lineNumber(), line);
      }
    }
    return null;
  }

  private static Sample parseLine(Path file, long lineNumber, String line) {
    try {
      return fromJson(Json.MAPPER.readTree(line));
    } catch (JsonProcessingException e) {
      throw new InvalidDataException(file + ":line " + lineNumber + ": bad JSON: " + JsonFields.problem(e, false), e);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidDataException(file + ":line " + lineNumber + ": " + e.getMessage(), e);
    }
  }

  /** Writes the samples atomically (temporary file, then rename). */
  public static void write(Path file, List<Sample> samples) throws IOException {
    AtomicFiles.writeText(
        file,
        out -> {
          for (Sample sample : samples) {
            out.write(Json.MAPPER.writeValueAsString(toJson(sample)));
            out.write('\n');
          }
        });
  }

  public static ObjectNode toJson(Sample sample) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("id", sample.id());
    json.put("source", sample.source());
    json.put("domain", sample.domain());
    json.put("conversation_id", sample.conversationId());
    ArrayNode tools = json.putArray("tools");
    sample.tools().forEach(tools::add);
    ArrayNode messages = json.putArray("messages");
    for (Message message : sample.messages()) {
      messages.add(messageToJson(message));
    }
    ObjectNode target = json.putObject("target");
    target.put("type", sample.target().type().jsonName());
    if (sample.target() instanceof Target.ToolCallTarget call) {
      target.put("name", call.name());
      target.set("arguments", call.arguments());
    } else if (sample.target() instanceof Target.AnswerTarget answer) {
      target.put("content", answer.content());
    }
    if (sample.reasoning() != null) {
      json.put("reasoning", sample.reasoning());
    }
    return json;
  }

  public static ObjectNode messageToJson(Message message) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("role", message.role().jsonName());
    json.put("content", message.content());
    if (!message.toolCalls().isEmpty()) {
      ArrayNode calls = json.putArray("tool_calls");
      for (ToolCall call : message.toolCalls()) {
        ObjectNode entry = calls.addObject();
        entry.put("type", "function");
        ObjectNode function = entry.putObject("function");
        function.put("name", call.name());
        function.set("arguments", call.arguments());
      }
    }
    if (message.reasoningContent() != null) {
      json.put("reasoning_content", message.reasoningContent());
    }
    return json;
  }

  /** Parses one sample; throws {@link IllegalArgumentException} saying which field is wrong. */
  public static Sample fromJson(JsonNode json) {
    if (!json.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String id = text(json, "id");
    List<ObjectNode> tools = new ArrayList<>();
    JsonNode toolList = json.path("tools");
    if (!toolList.isMissingNode() && !toolList.isNull() && !toolList.isArray()) {
      throw new IllegalArgumentException("\"tools\" must be a list, got " + JsonFields.describe(toolList));
    }
    for (int i = 0; i < toolList.size(); i++) {
      try {
        tools.add(Json.toOpenAiTool(toolList.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("tools[" + i + "]: " + e.getMessage());
      }
    }
    JsonNode messageList = json.get("messages");
    if (messageList == null || !messageList.isArray()) {
      throw new IllegalArgumentException(messageList == null ? "missing list \"messages\""
          : "\"messages\" must be a list, got " + JsonFields.describe(messageList));
    }
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < messageList.size(); i++) {
      messages.add(messageFromJson(messageList.get(i), "messages[" + i + "]"));
    }
    return new Sample(
        id,
        JsonFields.optionalString(json, "source", ""),
        JsonFields.optionalString(json, "domain", null),
        JsonFields.optionalString(json, "conversation_id", id),
        tools,
        messages,
        targetFromJson(json.get("target")),
        JsonFields.optionalString(json, "reasoning", null));
  }

  static Message messageFromJson(JsonNode json, String where) {
    if (!json.isObject()) {
      throw new IllegalArgumentException(where + " is not a JSON object");
    }
    JsonNode roleNode = json.get("role");
    Role role = roleNode != null && roleNode.isTextual() ? Role.fromJsonName(roleNode.textValue()) : null;
    if (role == null) {
      throw new IllegalArgumentException(where + ".role must be system, user, assistant or tool, got "
          + JsonFields.describe(roleNode));
    }
    JsonNode content = json.get("content");
    if (content != null && !content.isNull() && !content.isTextual()) {
      // OpenAI's list of content parts is not read: a list here would become "" or its JSON text.
      throw new IllegalArgumentException(where + ".content must be a string, got " + JsonFields.describe(content));
    }
    String text = content == null || content.isNull() ? "" : content.textValue();
    List<ToolCall> calls = new ArrayList<>();
    JsonNode callList = json.get("tool_calls");
    if (callList != null && !callList.isNull() && !callList.isArray()) {
      throw new IllegalArgumentException(where + ".tool_calls must be a list, got " + JsonFields.describe(callList));
    }
    for (int i = 0; callList != null && i < callList.size(); i++) {
      JsonNode call = callList.get(i);
      String callWhere = where + ".tool_calls[" + i + "]";
      if (!call.isObject()) {
        throw new IllegalArgumentException(callWhere + " is not a JSON object");
      }
      JsonNode function = call.has("function") ? call.get("function") : call;
      if (!function.path("name").isTextual()) {
        throw new IllegalArgumentException(callWhere + ": missing \"name\"");
      }
      JsonNode arguments = function.get("arguments");
      if (arguments == null || !(arguments.isObject() || arguments.isTextual())) {
        throw new IllegalArgumentException(callWhere + ": \"arguments\" is not a JSON object or string");
      }
      calls.add(new ToolCall(function.get("name").asText(), arguments));
    }
    String reasoning;
    try {
      reasoning = JsonFields.optionalString(json, "reasoning_content", null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage());
    }
    return new Message(role, text, calls, reasoning);
  }

  static Target targetFromJson(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("missing object \"target\"");
    }
    TargetType type = TargetType.fromJsonName(json.path("type").asText());
    if (type == null) {
      throw new IllegalArgumentException(
          "target: unknown \"type\" \"" + json.path("type").asText() + "\" (expected tool_call or answer)");
    }
    if (type == TargetType.ANSWER) {
      if (!json.path("content").isTextual()) {
        throw new IllegalArgumentException("target: answer has no text \"content\"");
      }
      return new Target.AnswerTarget(json.get("content").asText());
    }
    if (!json.path("name").isTextual()) {
      throw new IllegalArgumentException("target: tool_call has no \"name\"");
    }
    JsonNode arguments = json.get("arguments");
    if (arguments == null || !arguments.isObject()) {
      throw new IllegalArgumentException("target: tool_call \"arguments\" is not a JSON object");
    }
    return new Target.ToolCallTarget(json.get("name").asText(), (ObjectNode) arguments);
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("missing field \"" + field + "\"");
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" must be a string, got " + JsonFields.describe(value));
    }
    return value.textValue();
  }
}
