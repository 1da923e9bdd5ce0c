package ai.thinkact.reward;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.chat.ToolCall;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CompletionParserTest {
  private static final String CALL_F = "<tool_call>{\"name\":\"f\",\"arguments\":{\"a\":1}}</tool_call>";

  /** completion, kind, think (null = no block), answer (null = none), number of valid calls. */
  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.of("", ActionKind.INVALID, null, null, 0),
        Arguments.of("   \n ", ActionKind.INVALID, null, null, 0),
        Arguments.of("Hello there", ActionKind.ANSWER, null, "Hello there", 0),
        Arguments.of("<think>plan</think>\n\nSure, done.", ActionKind.ANSWER, "plan", "Sure, done.", 0),
        Arguments.of("<think>plan</think>  ", ActionKind.INVALID, "plan", null, 0),
        Arguments.of("prefix <think>r</think> suffix", ActionKind.ANSWER, "r", "prefix\nsuffix", 0),
        Arguments.of("<think>never closed and long", ActionKind.INVALID, null, null, 0),
        Arguments.of("<think>cut <answer>x</answer>", ActionKind.INVALID, null, null, 0),
        Arguments.of("<think>say <answer>x</answer></think>ok", ActionKind.ANSWER, "say <answer>x</answer>", "ok", 0),
        Arguments.of("<answer> spaced </answer>", ActionKind.ANSWER, null, "spaced", 0),
        Arguments.of("<think>\nr\n</think>\n<answer>ok</answer><|im_end|>", ActionKind.ANSWER, "\nr\n", "ok", 0),
        Arguments.of("Sure<|im_end|>", ActionKind.ANSWER, null, "Sure", 0),
        Arguments.of("<answer></answer>", ActionKind.ANSWER, null, "", 0),
        Arguments.of("<answer>one</answer><answer>two</answer>", ActionKind.INVALID, null, null, 0),
        Arguments.of("<answer>open", ActionKind.INVALID, null, null, 0),
        Arguments.of("text </answer>", ActionKind.INVALID, null, null, 0),
        Arguments.of("text </tool_call>", ActionKind.INVALID, null, null, 0),
        Arguments.of(CALL_F, ActionKind.TOOL_CALL, null, null, 1),
        Arguments.of("<think>t</think>\n" + CALL_F + "\n" + CALL_F, ActionKind.TOOL_CALL, "t", null, 2),
        Arguments.of(CALL_F + "<answer>x</answer>", ActionKind.INVALID, null, null, 1),
        Arguments.of(CALL_F + "<tool_call>{bad json}</tool_call>", ActionKind.INVALID, null, null, 1),
        Arguments.of("<tool_call>{\"name\":\"f\"}</tool_call>", ActionKind.INVALID, null, null, 0),
        Arguments.of("<tool_call>{\"name\":3,\"arguments\":{}}</tool_call>", ActionKind.INVALID, null, null, 0),
        Arguments.of("<tool_call>{\"name\":\"f\",\"arguments\":[1]}</tool_call>", ActionKind.INVALID, null, null, 0),
        Arguments.of("<tool_call>{\"name\":\"f\",\"arguments\":\"[1]\"}</tool_call>", ActionKind.INVALID, null, null, 0),
        Arguments.of("<tool_call>{\"name\":\"f\",\"arguments\":{}} extra</tool_call>", ActionKind.INVALID, null, null, 0),
        Arguments.of("<tool_call>[{\"name\":\"f\",\"arguments\":{}}]</tool_call>", ActionKind.INVALID, null, null, 0),
        Arguments.of("<tool_call>{\"name\":\"f\",\"arguments\":{}}", ActionKind.INVALID, null, null, 0),
        Arguments.of("<tool_call><tool_call>{\"name\":\"f\",\"arguments\":{}}</tool_call>", ActionKind.INVALID, null, null, 1),
        Arguments.of("<tool_call>{\"name\":\"f\",\"parameters\":{\"a\":1}}</tool_call>", ActionKind.TOOL_CALL, null, null, 1),
        Arguments.of("<tool_call>{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}</tool_call>", ActionKind.TOOL_CALL, null, null, 1),
        Arguments.of("<tool_call>\n{\"name\": \"f\", \"arguments\": {}}\n</tool_call>", ActionKind.TOOL_CALL, null, null, 1));
  }

  @ParameterizedTest
  @MethodSource("rows")
  void parsesKindThinkAnswerAndCalls(String completion, ActionKind kind, String think, String answer, int calls) {
    ParsedCompletion parsed = CompletionParser.parse(completion);
    assertEquals(kind, parsed.kind(), completion);
    assertEquals(think, parsed.think(), completion);
    assertEquals(answer, parsed.answer(), completion);
    assertEquals(calls, parsed.toolCalls().size(), completion);
  }

  @Test
  void normalisesArgumentsToAnObject() {
    ParsedCompletion alias = CompletionParser.parse(
        "<tool_call>{\"name\":\"f\",\"parameters\":{\"a\":1}}</tool_call>");
    ParsedCompletion string = CompletionParser.parse(
        "<tool_call>{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}</tool_call>");
    for (ParsedCompletion parsed : new ParsedCompletion[] {alias, string}) {
      ToolCall call = parsed.toolCalls().get(0);
      assertEquals("f", call.name());
      assertTrue(call.arguments().isObject());
      assertEquals(1, call.arguments().get("a").asInt());
    }
  }

  @Test
  void recordsTagPositionsForTheFormatReward() {
    String text = "<think>ab</think> <answer>x</answer>";
    ParsedCompletion parsed = CompletionParser.parse(text);
    assertEquals(text.indexOf("</think>") + "</think>".length(), parsed.thinkEnd());
    assertEquals(text.indexOf("<answer>"), parsed.firstActionTag());
    ParsedCompletion before = CompletionParser.parse("<answer>x</answer><think>ab</think>");
    assertEquals(0, before.firstActionTag());
    assertTrue(before.hasThink());
    assertTrue(!before.actionAfterThink());
  }

  @Test
  void nullIsEmpty() {
    assertEquals(ActionKind.INVALID, CompletionParser.parse(null).kind());
  }

  /** Garbage assembled from tag fragments, JSON pieces and random characters never throws. */
  @Test
  void neverThrowsOnGarbage() {
    String[] pieces = {
      "<think>", "</think>", "<tool_call>", "</tool_call>", "<answer>", "</answer>", "<tool", "_call>",
      "</", ">", "<", "{", "}", "[", "]", "\"", ":", ",", "\\", "\"name\"", "\"arguments\"",
      "\"parameters\"", "\"f\"", "1", "-2.5e3", "null", "true", " ", "\n", "<|im_end|>", "word", "\u00e9",
      "\ud83d\ude00", "\ud800", "\u0000", "{\"name\":\"f\",\"arguments\":{}}", "\"{\\\"a\\\":1}\""
    };
    Random random = new Random(20251125L);
    int toolCalls = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text = new StringBuilder();
      int n = random.nextInt(40);
      for (int k = 0; k < n; k++) {
        if (random.nextInt(5) == 0) {
          text.append((char) random.nextInt(0x3000));
        } else {
          text.append(pieces[random.nextInt(pieces.length)]);
        }
      }
      String completion = text.toString();
      ParsedCompletion parsed = assertDoesNotThrow(() -> CompletionParser.parse(completion), completion);
      assertNotNull(parsed.kind());
      switch (parsed.kind()) {
        case TOOL_CALL -> {
          toolCalls++;
          assertTrue(!parsed.toolCalls().isEmpty(), completion);
          assertNull(parsed.answer(), completion);
        }
        case ANSWER -> assertNotNull(parsed.answer(), completion);
        case INVALID -> assertNull(parsed.answer(), completion);
      }
      assertDoesNotThrow(() -> Rewards.format(parsed));
      assertDoesNotThrow(() -> Rewards.thinkingLength(parsed, 14, 100));
    }
    assertTrue(toolCalls > 0, "the generator should produce some valid tool calls");
  }

  @Test
  void deeplyNestedJsonIsInvalidNotAnError() {
    String deep = "[".repeat(100_000);
    ParsedCompletion parsed = CompletionParser.parse(
        "<tool_call>{\"name\":\"f\",\"arguments\":" + deep + "}</tool_call>");
    assertEquals(ActionKind.INVALID, parsed.kind());
  }

  /**
   * Megabytes of unclosed or stray tags, as a degenerate model writes them. The scan is linear (a
   * third of a second here); the old one searched the rest of the text for a closing tag after
   * every unclosed opening tag, quadratic: about 40 s for the first input (2.2 MB, 200,000 tags),
   * 68 s for 2 MB in the issue report. No timing assert: a regression shows as a stalled suite.
   */
  @Test
  void megabytesOfUnclosedOrStrayTagsParseInLinearTime() {
    int n = 200_000;
    ParsedCompletion opens = CompletionParser.parse("<tool_call>".repeat(n));
    assertEquals(ActionKind.INVALID, opens.kind());
    assertEquals(0, opens.toolCalls().size());
    assertEquals(0, opens.firstActionTag());

    ParsedCompletion answers = CompletionParser.parse("x<answer>".repeat(n));
    assertEquals(ActionKind.INVALID, answers.kind());
    assertEquals(1, answers.firstActionTag());

    ParsedCompletion strays = CompletionParser.parse("</tool_call>".repeat(n) + CALL_F);
    assertEquals(ActionKind.INVALID, strays.kind());

    // Many unclosed openings followed by one closed block: only the last opening closes.
    ParsedCompletion lastCloses = CompletionParser.parse("<tool_call>".repeat(n) + CALL_F.substring("<tool_call>".length()));
    assertEquals(ActionKind.INVALID, lastCloses.kind(), "the unclosed ones make it invalid");
    assertEquals(1, lastCloses.toolCalls().size(), "the last block is a valid call");

    ParsedCompletion thinks = CompletionParser.parse("<think>".repeat(n) + "</think>" + CALL_F);
    assertEquals(ActionKind.TOOL_CALL, thinks.kind());
  }
}
