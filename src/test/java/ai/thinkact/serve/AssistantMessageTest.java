package ai.thinkact.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.thinkact.chat.ToolCall;
import ai.thinkact.eval.OpenAiChat;
import ai.thinkact.reward.CompletionParser;
import ai.thinkact.reward.ParsedCompletion;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How a generated turn is split into reasoning, content and tool calls, and that eval rebuilds an equivalent text. */
class AssistantMessageTest {
  private static final String CALL = "<tool_call>\n{\"name\": \"get_order\", \"arguments\": {\"order_id\": \"#W1\"}}\n</tool_call>";
  private static final String CALL2 = "<tool_call>\n{\"name\": \"get_user\", \"arguments\": {}}\n</tool_call>";
  private static final String BROKEN = "<tool_call>\n{\"name\": \"get_order\", \"arguments\": {\"order_id\": \n</tool_call>";

  static Stream<Arguments> cases() {
    return Stream.of(
        // text, parse tool calls, reasoning, content, tool names
        Arguments.of("Hello there.", true, null, "Hello there.", List.of()),
        Arguments.of("", true, null, null, List.of()),
        Arguments.of("<think>\nplan\n</think>\n\n" + CALL, true, "\nplan\n", null, List.of("get_order")),
        Arguments.of("<think>\nplan\n</think>\n\n" + CALL, false, "\nplan\n", CALL, List.of()),
        Arguments.of("Let me check.\n" + CALL + "\n" + CALL2, true, null, "Let me check.", List.of("get_order", "get_user")),
        Arguments.of(BROKEN, true, null, BROKEN, List.of()),
        Arguments.of("<think>\nthe limit cut me", true, null, "<think>\nthe limit cut me", List.of()),
        Arguments.of("<think>\n\n</think>\n\n<answer>\nHi\n</answer>", true, "\n\n", "<answer>\nHi\n</answer>", List.of()),
        Arguments.of("<think>\nquoted " + CALL + "\n</think>\n\nNo call.", true, "\nquoted " + CALL + "\n", "No call.", List.of()));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void splitsLikeVllmsQwen3AndHermesParsers(String text, boolean parse, String reasoning, String content, List<String> tools) {
    AssistantMessage m = AssistantMessage.of(text, parse);
    assertEquals(reasoning, m.reasoning());
    assertEquals(content, m.content());
    assertEquals(tools, m.toolCalls().stream().map(ToolCall::name).toList());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void evalRebuildsATextThatParsesTheSame(String text, boolean parse, String reasoning, String content, List<String> tools) {
    ObjectNode response = HttpJson.JSON.createObjectNode();
    response.putArray("choices").addObject().set("message", AssistantMessage.of(text, parse).toJson(HttpJson.JSON, "x"));
    ParsedCompletion want = CompletionParser.parse(text);
    ParsedCompletion got = CompletionParser.parse(OpenAiChat.completionText(response));
    assertEquals(want.kind(), got.kind());
    assertEquals(want.toolCalls(), got.toolCalls());
    assertEquals(want.answer(), got.answer());
    assertEquals(want.hasThink(), got.hasThink());
    assertEquals(want.actionAfterThink(), got.actionAfterThink());
  }
}
