package ai.thinkact.data;

import ai.thinkact.base.InvalidDataException;
import ai.thinkact.chat.ToolCall;
import ai.thinkact.config.JsonFields;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Almita CSV ({@code ALMITA.csv} from zendesk/almita-dataset) through an
 * {@link AlmitaColumns} mapping. Record N is data row N (the header is not a record); in the
 * turns layout a bad row spoils its whole conversation. A conversation's domain is the
 * {@code domain} column's procedure or flow name (in the turns layout: the first row that has
 * one); without one it falls back as every conversation does (policy heading, else
 * {@code unknown}). Almita already converted to the APIGen-MT format is read by
 * {@link ApigenLoader} instead.
 */
public final class AlmitaLoader {
  static final String SOURCE = "almita";

  private static final Pattern SPEAKER_LINE = Pattern.compile("^\\s*([A-Za-z][A-Za-z _]{0,29}):\\s?(.*)$");
  private static final Pattern CALL_SYNTAX = Pattern.compile("^([A-Za-z_][\\w.]*)\\s*\\((.*)\\)$", Pattern.DOTALL);

  private AlmitaLoader() {}

  public static LoadResult load(Path file, String columnsSpec, boolean skipInvalid) throws IOException {
    return load(file, columnsSpec, skipInvalid, SOURCE);
  }

  /** As {@link #load(Path, String, boolean)}, naming the source (and id prefix) {@code source}. */
  public static LoadResult load(Path file, String columnsSpec, boolean skipInvalid, String source) throws IOException {
    CsvTable table = CsvTable.read(file);
    AlmitaColumns columns = AlmitaColumns.resolve(columnsSpec, table.header(), file.toString());
    List<Conversation> conversations = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    if (columns.layout() == AlmitaColumns.Layout.TURNS) {
      loadTurns(file, table, columns, skipInvalid, source, conversations, skipped);
    } else {
      for (int r = 0; r < table.rows().size(); r++) {
        List<String> row = table.rows().get(r);
        try {
          conversations.add(rowConversation(row, r + 1, columns, source));
        } catch (IllegalArgumentException e) {
          reject(file + ":record " + (r + 1) + ": " + e.getMessage(), e, skipInvalid, skipped);
        }
      }
    }
    return new LoadResult(withInferredTools(conversations), skipped);
  }

  /** Maps a speaker name to a message kind; {@code null} when it is none we know. */
  static From fromRole(String role) {
    return switch (role.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_')) {
      case "user", "customer", "human", "client", "visitor" -> From.HUMAN;
      case "assistant", "agent", "gpt", "bot", "ai", "support" -> From.GPT;
      case "function_call", "tool_call", "api_call", "call", "action" -> From.FUNCTION_CALL;
      case "observation", "tool", "function", "api", "api_response", "api_output", "tool_response",
          "tool_output", "function_response", "result" -> From.OBSERVATION;
      default -> null;
    };
  }

  private static Conversation rowConversation(List<String> row, int record, AlmitaColumns columns, String source) {
    List<Turn> turns = parseDialogue(columns.cell(row, "conversation"));
    int firstTarget = 0;
    if (columns.layout() == AlmitaColumns.Layout.TESTS) {
      String target = columns.cell(row, "target");
      if (target.isEmpty()) {
        throw new IllegalArgumentException("empty \"target\" cell");
      }
      firstTarget = turns.size();
      ToolCall call = parseCallText(target);
      turns.add(call != null ? new Turn(From.FUNCTION_CALL, target, call, null) : Turn.gpt(target));
    }
    return new Conversation(id(source, columns.cell(row, "id"), record), source, columns.cell(row, "domain"),
        columns.cell(row, "system"), tools(columns.cell(row, "tools")), turns, firstTarget);
  }

  private static void loadTurns(Path file, CsvTable table, AlmitaColumns columns, boolean skipInvalid, String source,
      List<Conversation> conversations, List<String> skipped) {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int r = 0; r < table.rows().size(); r++) {
      groups.computeIfAbsent(columns.cell(table.rows().get(r), "id"), k -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<String, List<Integer>> group : groups.entrySet()) {
      List<Integer> rows = new ArrayList<>(group.getValue());
      if (columns.has("turn")) {
        rows.sort((a, b) -> compareTurn(columns.cell(table.rows().get(a), "turn"), columns.cell(table.rows().get(b), "turn")));
      }
      List<Turn> turns = new ArrayList<>();
      String system = "";
      String tools = "";
      String domain = "";
      try {
        for (int r : rows) {
          List<String> row = table.rows().get(r);
          try {
            turns.add(rowTurn(row, columns));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("record " + (r + 1) + ": " + e.getMessage(), e);
          }
          system = system.isEmpty() ? columns.cell(row, "system") : system;
          tools = tools.isEmpty() ? columns.cell(row, "tools") : tools;
          domain = domain.isEmpty() ? columns.cell(row, "domain") : domain;
        }
        conversations.add(new Conversation(id(source, group.getKey(), rows.get(0) + 1), source, domain, system,
            tools(tools), turns, 0));
      } catch (IllegalArgumentException e) {
        reject(file + ":" + e.getMessage(), e, skipInvalid, skipped);
      }
    }
  }

  private static Turn rowTurn(List<String> row, AlmitaColumns columns) {
    String role = columns.cell(row, "role");
    From from = fromRole(role);
    String toolName = columns.cell(row, "tool_name");
    String text = columns.cell(row, "text");
    if (from == null) {
      throw new IllegalArgumentException("unknown role \"" + role + "\"");
    }
    if (!toolName.isEmpty() && (from != From.OBSERVATION || text.isEmpty())) {
      String arguments = columns.cell(row, "tool_arguments");
      ObjectNode args = Json.MAPPER.createObjectNode();
      args.put("name", toolName);
      args.set("arguments", arguments.isEmpty() ? Json.MAPPER.createObjectNode() : TextNode.valueOf(arguments));
      ToolCall call = ApigenFormat.parseCall(args, "tool call");
      return new Turn(From.FUNCTION_CALL, ApigenFormat.callValue(call.name(), (ObjectNode) call.arguments()), call, null);
    }
    return textTurn(from, text);
  }

  /** A dialogue cell: a JSON list of messages, or {@code Role: text} lines. */
  static List<Turn> parseDialogue(String cell) {
    if (cell.startsWith("[")) {
      JsonNode list;
      try {
        list = Json.MAPPER.readTree(cell);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("dialogue is not valid JSON: " + JsonFields.problem(e));
      }
      if (list.size() > 0 && list.get(0).has("from")) {
        return new ArrayList<>(ApigenFormat.parseTurns(list, "conversation"));
      }
      return chatMessages(list);
    }
    List<Turn> turns = new ArrayList<>();
    From from = null;
    StringBuilder text = new StringBuilder();
    for (String line : cell.split("\r?\n", -1)) {
      Matcher m = SPEAKER_LINE.matcher(line);
      From speaker = m.matches() ? fromRole(m.group(1)) : null;
      if (speaker != null) {
        if (from != null) {
          turns.add(textTurn(from, text.toString().strip()));
        }
        from = speaker;
        text.setLength(0);
        text.append(m.group(2));
      } else if (from != null) {
        text.append('\n').append(line);
      } else if (!line.isBlank()) {
        throw new IllegalArgumentException("dialogue line \"" + line.strip() + "\" has no known \"Speaker:\" prefix");
      }
    }
    if (from != null) {
      turns.add(textTurn(from, text.toString().strip()));
    }
    return turns;
  }

  private static List<Turn> chatMessages(JsonNode list) {
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode message = list.get(i);
      if (!message.isObject()) {
        throw new IllegalArgumentException("conversation[" + i + "] is not a JSON object");
      }
      JsonNode roleNode = message.has("role") ? message.get("role") : message.get("speaker");
      if (roleNode == null || !roleNode.isTextual()) {
        throw new IllegalArgumentException("conversation[" + i + "].role must be a string, got " + JsonFields.describe(roleNode));
      }
      String role = roleNode.textValue();
      if (role.equalsIgnoreCase("system")) {
        continue; // the system prompt comes from the system column
      }
      From from = fromRole(role);
      if (from == null) {
        throw new IllegalArgumentException("conversation[" + i + "]: unknown role \"" + role + "\"");
      }
      JsonNode calls = message.path("tool_calls");
      for (int c = 0; c < calls.size(); c++) {
        JsonNode function = calls.get(c).has("function") ? calls.get(c).get("function") : calls.get(c);
        ToolCall call = ApigenFormat.parseCall(function, "conversation[" + i + "].tool_calls[" + c + "]");
        turns.add(new Turn(From.FUNCTION_CALL, ApigenFormat.callValue(call.name(), (ObjectNode) call.arguments()), call, null));
      }
      if (calls.size() == 0) {
        JsonNode content = message.get("content");
        if (content != null && !content.isNull() && !content.isTextual()) {
          throw new IllegalArgumentException("conversation[" + i + "].content must be a string, got " + JsonFields.describe(content));
        }
        turns.add(textTurn(from, content == null || content.isNull() ? "" : content.textValue()));
      }
    }
    return turns;
  }

  private static Turn textTurn(From from, String text) {
    if (from == From.OBSERVATION && CALL_SYNTAX.matcher(text.strip()).matches()) {
      // "API: get_order({...})" is a call written by an ambiguous speaker, not a result
      ToolCall call = parseCallText(text);
      if (call != null) {
        return new Turn(From.FUNCTION_CALL, text, call, null);
      }
    }
    if (from != From.FUNCTION_CALL) {
      return new Turn(from, text, null, null);
    }
    ToolCall call = parseCallText(text);
    if (call == null) {
      throw new IllegalArgumentException("function call \"" + text + "\" is neither {\"name\",\"arguments\"} JSON nor name({...})");
    }
    return new Turn(From.FUNCTION_CALL, text, call, null);
  }

  /** A call written as {@code {"name","arguments"}} JSON or {@code name({...})}; else {@code null}. */
  static ToolCall parseCallText(String text) {
    String s = text.strip();
    if (s.startsWith("{")) {
      try {
        JsonNode json = Json.MAPPER.readTree(s);
        return json.path("name").isTextual() ? ApigenFormat.parseCall(json, "call") : null;
      } catch (JsonProcessingException e) {
        return null;
      }
    }
    Matcher m = CALL_SYNTAX.matcher(s);
    if (!m.matches()) {
      return null;
    }
    String arguments = m.group(2).strip();
    ObjectNode call = Json.MAPPER.createObjectNode();
    call.put("name", m.group(1));
    call.set("arguments", arguments.isEmpty() ? Json.MAPPER.createObjectNode() : TextNode.valueOf(arguments));
    try {
      return ApigenFormat.parseCall(call, "call");
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static List<ObjectNode> tools(String cell) {
    return cell.isEmpty() ? List.of() : ApigenFormat.parseTools(cell.startsWith("[") ? TextNode.valueOf(cell) : TextNode.valueOf("[" + cell + "]"));
  }

  /** Conversations without a tools column get specs inferred from every call in the file. */
  private static List<Conversation> withInferredTools(List<Conversation> conversations) {
    Map<String, ObjectNode> inferred = new LinkedHashMap<>();
    for (Conversation conversation : conversations) {
      for (Turn turn : conversation.turns()) {
        if (turn.call() == null) {
          continue;
        }
        ObjectNode function = inferred.computeIfAbsent(turn.call().name(), name -> {
          ObjectNode f = Json.MAPPER.createObjectNode();
          f.put("name", name);
          f.put("description", "");
          ObjectNode parameters = f.putObject("parameters");
          parameters.put("type", "object");
          parameters.putObject("properties");
          return f;
        });
        ObjectNode properties = (ObjectNode) function.get("parameters").get("properties");
        turn.call().arguments().fields().forEachRemaining(arg -> {
          if (!properties.has(arg.getKey())) {
            properties.putObject(arg.getKey()).put("type", jsonType(arg.getValue()));
          }
        });
      }
    }
    List<ObjectNode> specs = inferred.values().stream().map(Json::toOpenAiTool).toList();
    return conversations.stream()
        .map(c -> c.tools().isEmpty() && !specs.isEmpty()
            ? new Conversation(c.id(), c.source(), c.domain(), c.system(), specs, c.turns(), c.firstTarget()) : c)
        .toList();
  }

  private static String jsonType(JsonNode value) {
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    return value.isArray() ? "array" : value.isObject() ? "object" : "string";
  }

  private static String id(String source, String cell, int record) {
    return cell.isEmpty() ? ApigenLoader.conversationId(source, record) : source + "-" + cell;
  }

  private static int compareTurn(String a, String b) {
    try {
      return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }

  private static void reject(String why, RuntimeException cause, boolean skipInvalid, List<String> skipped) {
    if (!skipInvalid) {
      throw new InvalidDataException(why, cause);
    }
    skipped.add(why);
  }
}
