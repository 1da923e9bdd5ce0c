package ai.thinkact.data;

import ai.thinkact.base.InvalidDataException;
import ai.thinkact.base.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the columns of an Almita CSV map to conversations ({@code --columns}). The real
 * {@code ALMITA.csv} layout is not documented, so three plausible layouts are supported and
 * every column can be named explicitly as {@code key=Header,key=Header,...}:
 *
 * <ul>
 *   <li>{@code layout=conversation}: one row per conversation; {@code conversation} holds the
 *       dialogue as a JSON list ({@code [{"from","value"}]} or {@code [{"role","content"}]}) or
 *       as {@code Role: text} lines.
 *   <li>{@code layout=tests}: one row per test, as the ALMITA paper builds them: {@code conversation}
 *       holds the context and {@code target} the expected next action (a JSON call
 *       {@code {"name","arguments"}} or reply text). Only that action becomes a sample.
 *   <li>{@code layout=turns}: one row per message; rows with the same {@code id} form one
 *       conversation (ordered by {@code turn} when given), with {@code role}, {@code text} and,
 *       for calls, {@code tool_name} and {@code tool_arguments}.
 * </ul>
 *
 * Optional everywhere: {@code id}, {@code tools} (JSON list of tool specs; without it the tools
 * are inferred from the calls), {@code system} (prompt or procedure text), {@code domain} (the
 * procedure, flow or intent name that per-domain counts and metrics group by, since the paper's
 * Almita has 18 procedures; without it the domain is {@code unknown}). Keys not given are
 * found in the header by the names in {@link #CANDIDATES}, ignoring case, spaces and dashes.
 */
public final class AlmitaColumns {
  /** Layouts of a CSV, see the class comment. */
  public enum Layout {
    CONVERSATION,
    TESTS,
    TURNS
  }

  /** Default header names tried for each key, in order. */
  static final Map<String, List<String>> CANDIDATES = new LinkedHashMap<>();

  static {
    CANDIDATES.put("id", List.of("conversation_id", "conv_id", "dialogue_id", "dialog_id", "test_id", "id"));
    CANDIDATES.put("conversation", List.of("conversation", "conversations", "dialogue", "dialog", "messages", "context", "history", "chat"));
    CANDIDATES.put("target", List.of("expected_output", "expected_action", "expected", "ground_truth", "label", "target", "next_action", "gold", "output", "response"));
    CANDIDATES.put("role", List.of("role", "speaker", "from", "author", "sender", "participant"));
    CANDIDATES.put("text", List.of("text", "content", "message", "utterance", "value"));
    CANDIDATES.put("tool_name", List.of("tool_name", "api_name", "function_name", "tool", "api", "function"));
    CANDIDATES.put("tool_arguments", List.of("tool_arguments", "arguments", "args", "api_arguments", "api_args", "parameters", "api_parameters"));
    CANDIDATES.put("turn", List.of("turn", "turn_id", "turn_index", "step", "position"));
    CANDIDATES.put("tools", List.of("tools", "apis", "functions", "tool_specs", "api_specs"));
    CANDIDATES.put("system", List.of("system", "system_prompt", "procedure", "policy", "instructions"));
    // Last, so a column another key claims (id=intent) is not also taken as the domain; a bare
    // "procedure" column is the procedure text (system), so only named variants are tried.
    CANDIDATES.put("domain", List.of("domain", "procedure_name", "procedure_id", "flow_name", "flow", "workflow", "intent_name", "intent"));
  }

  private final Layout layout;
  private final Map<String, Integer> index;

  private AlmitaColumns(Layout layout, Map<String, Integer> index) {
    this.layout = layout;
    this.index = index;
  }

  public Layout layout() {
    return layout;
  }

  /** The cell for {@code key} in {@code row}, or {@code ""} when the key is not mapped. */
  public String cell(List<String> row, String key) {
    Integer column = index.get(key);
    return column == null || column >= row.size() ? "" : row.get(column).strip();
  }

  public boolean has(String key) {
    return index.containsKey(key);
  }

  /**
   * Resolves the mapping against a header.
   *
   * @param spec the {@code --columns} value ({@code key=Header,...}), or {@code null}/blank
   * @throws ConfigException when the spec names an unknown key or layout
   * @throws InvalidDataException listing the header when a needed column is not there
   */
  public static AlmitaColumns resolve(String spec, List<String> header, String file) {
    Map<String, String> explicit = parseSpec(spec);
    Map<String, Integer> index = new LinkedHashMap<>();
    for (String key : CANDIDATES.keySet()) {
      if (explicit.containsKey(key)) {
        int column = find(header, List.of(explicit.get(key)));
        if (column < 0) {
          throw mismatch(file, header, "--columns maps " + key + " to \"" + explicit.get(key) + "\", which is not a column");
        }
        index.put(key, column);
      } else {
        int column = find(header, CANDIDATES.get(key));
        if (column >= 0 && !index.containsValue(column)) {
          index.put(key, column);
        }
      }
    }
    Layout layout;
    if (explicit.containsKey("layout")) {
      try {
        layout = Layout.valueOf(explicit.get("layout").toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("--columns layout=" + explicit.get("layout") + " is not one of conversation, tests, turns");
      }
    } else if (index.containsKey("conversation") && index.containsKey("target")) {
      layout = Layout.TESTS;
    } else if (index.containsKey("conversation")) {
      layout = Layout.CONVERSATION;
    } else {
      layout = Layout.TURNS;
    }
    List<String> needed = switch (layout) {
      case CONVERSATION -> List.of("conversation");
      case TESTS -> List.of("conversation", "target");
      case TURNS -> List.of("id", "role", "text");
    };
    for (String key : needed) {
      if (!index.containsKey(key)) {
        throw mismatch(file, header, "layout " + layout.name().toLowerCase(Locale.ROOT) + " needs a \"" + key + "\" column");
      }
    }
    return new AlmitaColumns(layout, index);
  }

  private static Map<String, String> parseSpec(String spec) {
    Map<String, String> explicit = new LinkedHashMap<>();
    if (spec == null || spec.isBlank()) {
      return explicit;
    }
    for (String pair : spec.split(",")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? "" : pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      if (eq < 0 || (!CANDIDATES.containsKey(key) && !key.equals("layout"))) {
        throw new ConfigException(
            "--columns: \"" + pair.strip() + "\" is not key=Header with key one of layout, " + String.join(", ", CANDIDATES.keySet()));
      }
      explicit.put(key, pair.substring(eq + 1).strip());
    }
    return explicit;
  }

  private static int find(List<String> header, List<String> names) {
    for (String name : names) {
      for (int i = 0; i < header.size(); i++) {
        if (normalize(header.get(i)).equals(normalize(name))) {
          return i;
        }
      }
    }
    return -1;
  }

  private static String normalize(String name) {
    return name.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
  }

  private static InvalidDataException mismatch(String file, List<String> header, String why) {
    return new InvalidDataException(
        file + ": the CSV columns do not fit: " + why + "; the header is " + header
            + " (map them with --columns key=Header,..., see docs/data.md)");
  }
}
