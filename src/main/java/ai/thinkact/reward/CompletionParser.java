package ai.thinkact.reward;

import ai.thinkact.chat.ToolCall;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the text a model generated after {@code <|im_start|>assistant\n} into a
 * {@link ParsedCompletion}. The same parser serves the rewards and {@code eval}. It never throws.
 *
 * <p>Rules (docs/rewards.md): the think block runs from the first {@code <think>} to the next
 * {@code </think>}. Action tags are looked for only outside it (a tag quoted inside the
 * reasoning is not an action). An unclosed {@code <think>} is a reasoning cut off by the token
 * limit: there is no think block, and everything after {@code <think>} counts as reasoning, not
 * as an untagged answer. Kind {@code tool_call}: one or more tool-call blocks, all closed and
 * valid, and no answer tag. Kind {@code answer}: exactly one closed answer block and no tool-call
 * tag; or neither tag and non-empty text outside the think block. Anything else is
 * {@code invalid}. Closing tags count as tags, so a stray {@code </answer>} is not an untagged
 * answer. {@code <|im_end|>} and {@code <|endoftext|>} are removed before parsing.
 */
public final class CompletionParser {
  static final String THINK_OPEN = "<think>";
  static final String THINK_CLOSE = "</think>";
  static final String TOOL_OPEN = "<tool_call>";
  static final String TOOL_CLOSE = "</tool_call>";
  static final String ANSWER_OPEN = "<answer>";
  static final String ANSWER_CLOSE = "</answer>";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private CompletionParser() {}

  /** Parses one completion; {@code null} is treated as the empty string. */
  public static ParsedCompletion parse(String completion) {
    String text = clean(completion);

    // 1. The think block, and the regions outside it where actions may appear.
    String think = null;
    int thinkEnd = -1;
    List<int[]> outside = new ArrayList<>();
    int open = text.indexOf(THINK_OPEN);
    if (open < 0) {
      outside.add(new int[] {0, text.length()});
    } else {
      outside.add(new int[] {0, open});
      int close = text.indexOf(THINK_CLOSE, open + THINK_OPEN.length());
      if (close >= 0) {
        think = text.substring(open + THINK_OPEN.length(), close);
        thinkEnd = close + THINK_CLOSE.length();
        outside.add(new int[] {thinkEnd, text.length()});
      }
    }

    // 2. Tag blocks outside the think block.
    Blocks tools = new Blocks();
    Blocks answers = new Blocks();
    for (int[] region : outside) {
      tools.scan(text, region[0], region[1], TOOL_OPEN, TOOL_CLOSE);
      answers.scan(text, region[0], region[1], ANSWER_OPEN, ANSWER_CLOSE);
    }
    int firstActionTag = firstNonNegative(tools.firstOpen, answers.firstOpen);

    List<ToolCall> calls = new ArrayList<>();
    boolean allCallsValid = true;
    for (String body : tools.bodies) {
      ToolCall call = body == null ? null : parseToolCall(body);
      if (call == null) {
        allCallsValid = false;
      } else {
        calls.add(call);
      }
    }

    // 3. The kind.
    ActionKind kind = ActionKind.INVALID;
    String answer = null;
    if (tools.anyTag() && !answers.anyTag()) {
      if (allCallsValid && !tools.strayClose) {
        kind = ActionKind.TOOL_CALL;
      }
    } else if (answers.anyTag() && !tools.anyTag()) {
      if (!answers.strayClose && answers.bodies.size() == 1 && answers.bodies.get(0) != null) {
        kind = ActionKind.ANSWER;
        answer = answers.bodies.get(0).strip();
      }
    } else if (!answers.anyTag() && !tools.anyTag()) {
      StringBuilder untagged = new StringBuilder();
      for (int[] region : outside) {
        String part = text.substring(region[0], region[1]).strip();
        if (!part.isEmpty()) {
          untagged.append(untagged.length() == 0 ? "" : "\n").append(part);
        }
      }
      if (untagged.length() > 0) {
        kind = ActionKind.ANSWER;
        answer = untagged.toString();
      }
    }
    return new ParsedCompletion(kind, think, calls, answer, thinkEnd, firstActionTag);
  }

  /**
   * A tool-call body: a JSON object with a string {@code name} and an object {@code arguments}
   * (alias {@code parameters}; a JSON string holding an object is accepted). Returns {@code null}
   * when the body is not such an object.
   */
  static ToolCall parseToolCall(String body) {
    try {
      JsonNode node = MAPPER.readTree(body.strip());
      if (node == null || !node.isObject()) {
        return null;
      }
      JsonNode name = node.get("name");
      if (name == null || !name.isTextual()) {
        return null;
      }
      JsonNode arguments = node.has("arguments") ? node.get("arguments") : node.get("parameters");
      if (arguments != null && arguments.isTextual()) {
        arguments = MAPPER.readTree(arguments.asText().strip());
      }
      if (arguments == null || !arguments.isObject()) {
        return null;
      }
      return new ToolCall(name.asText(), arguments);
    } catch (Exception e) {
      // Malformed JSON, nesting beyond Jackson's limits, ...: the block is simply not a valid call.
      return null;
    }
  }

  private static String clean(String completion) {
    if (completion == null) {
      return "";
    }
    return completion.replace("<|im_end|>", "").replace("<|endoftext|>", "");
  }

  private static int firstNonNegative(int a, int b) {
    if (a < 0) {
      return b;
    }
    return b < 0 ? a : Math.min(a, b);
  }

  /** The blocks of one tag pair: each body, {@code null} for an opening tag never closed. */
  private static final class Blocks {
    final List<String> bodies = new ArrayList<>();
    int firstOpen = -1;
    boolean strayClose;

    boolean anyTag() {
      return !bodies.isEmpty() || strayClose;
    }

    /**
     * Scans {@code text[from, to)} in one pass. Every occurrence of both tags in the region is
     * found once up front, and the walk below only moves forward through those lists, so the
     * scan is linear in the region's length: searching for the next closing tag afresh after
     * each unclosed opening tag made a completion of repeated {@code <tool_call>}s quadratic
     * (2 MB took a minute).
     */
    void scan(String text, int from, int to, String openTag, String closeTag) {
      Occurrences opens = new Occurrences(text, openTag, from, to);
      Occurrences closes = new Occurrences(text, closeTag, from, to);
      int pos = from;
      while (pos < to) {
        int open = opens.firstAtOrAfter(pos);
        int close = closes.firstAtOrAfter(pos);
        if (close >= 0 && (open < 0 || close < open)) {
          strayClose = true; // a closing tag before any opening one
          pos = close + closeTag.length();
          continue;
        }
        if (open < 0) {
          return;
        }
        if (firstOpen < 0) {
          firstOpen = open;
        }
        int bodyStart = open + openTag.length();
        int end = closes.firstAtOrAfter(bodyStart);
        int nextOpen = opens.firstAtOrAfter(bodyStart);
        if (end < 0 || (nextOpen >= 0 && nextOpen < end)) {
          bodies.add(null); // unclosed: the next block (if any) is scanned on its own
          pos = bodyStart;
        } else {
          bodies.add(text.substring(bodyStart, end));
          pos = end + closeTag.length();
        }
      }
    }
  }

  /** The start of every occurrence of a tag lying wholly within {@code [from, to)}, in order. */
  private static final class Occurrences {
    private final int[] starts;
    private final int count;
    private int next; // queries come with non-decreasing positions: a cursor suffices

    Occurrences(String text, String tag, int from, int to) {
      int[] found = new int[8];
      int n = 0;
      for (int i = text.indexOf(tag, from); i >= 0 && i + tag.length() <= to; i = text.indexOf(tag, i + 1)) {
        if (n == found.length) {
          found = java.util.Arrays.copyOf(found, n * 2);
        }
        found[n++] = i;
      }
      this.starts = found;
      this.count = n;
    }

    /** The first occurrence starting at or after {@code pos}, or -1; {@code pos} never decreases between calls. */
    int firstAtOrAfter(int pos) {
      while (next < count && starts[next] < pos) {
        next++;
      }
      return next < count ? starts[next] : -1;
    }
  }
}
