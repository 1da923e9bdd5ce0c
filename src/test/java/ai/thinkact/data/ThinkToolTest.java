package ai.thinkact.data;

import ai.thinkact.base.InvalidDataException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.chat.ToolCall;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three {@code --think-tool} modes on conversations with think calls in awkward places. */
class ThinkToolTest {

  @TempDir Path dir;

  private static Turn think(String thought) {
    ObjectNode args = Json.MAPPER.createObjectNode().put(ThinkTool.THOUGHT, thought);
    return new Turn(From.FUNCTION_CALL, ApigenFormat.callValue(ThinkTool.NAME, args), new ToolCall(ThinkTool.NAME, args), null);
  }

  private static Turn call(String name) {
    ObjectNode args = Json.MAPPER.createObjectNode().put("order_id", "#W1234567");
    return new Turn(From.FUNCTION_CALL, ApigenFormat.callValue(name, args), new ToolCall(name, args), null);
  }

  private static ObjectNode tool(String name) {
    ObjectNode function = Json.MAPPER.createObjectNode().put("name", name).put("description", name);
    function.putObject("parameters").put("type", "object");
    return Json.toOpenAiTool(function);
  }

  /** Two thoughts before a call, a thought before an answer, a thought at the very end. */
  private static Conversation awkward() {
    List<Turn> turns = List.of(
        Turn.human("Where is order #W1234567?"),
        think("First thought."),
        Turn.observation(""),
        think("Second thought."),
        Turn.observation(""),
        call("get_order_details"),
        Turn.observation("{\"status\": \"pending\"}"),
        think("It is pending, so I answer."),
        Turn.observation(""),
        Turn.gpt("It is pending."),
        Turn.human("Thanks."),
        Turn.gpt("You're welcome."),
        think("Nothing left to do."),
        Turn.observation(""));
    return new Conversation("c-1", "test", "retail", "policy", List.of(tool("get_order_details"), ThinkTool.schema()), turns);
  }

  @Test
  void dropRemovesThinkCallsTheirObservationsAndTheirSchema() {
    Conversation dropped = ThinkTool.DROP.apply(awkward());
    assertEquals(List.of(From.HUMAN, From.FUNCTION_CALL, From.OBSERVATION, From.GPT, From.HUMAN, From.GPT),
        dropped.turns().stream().map(Turn::from).toList());
    assertTrue(dropped.turns().stream().noneMatch(ThinkTool::isThinkCall));
    assertEquals(List.of("get_order_details"), dropped.tools().stream().map(Json::toolName).toList());
    assertEquals("retail", dropped.domain());
    List<Sample> samples = Decomposer.decompose(dropped);
    assertEquals(3, samples.size());
    assertTrue(samples.stream().allMatch(s -> s.reasoning() == null));
    assertTrue(samples.stream().allMatch(s -> s.domain().equals("retail")), "every sample keeps its conversation's domain");
    assertTrue(samples.stream().noneMatch(s -> s.target() instanceof Target.ToolCallTarget t && t.name().equals(ThinkTool.NAME)));
  }

  @Test
  void keepLeavesThinkCallsAsOrdinaryToolCalls() {
    Conversation kept = ThinkTool.KEEP.apply(awkward());
    assertEquals(awkward(), kept);
    List<Sample> samples = Decomposer.decompose(kept);
    assertEquals(7, samples.size());
    assertEquals(4, samples.stream().filter(s -> s.target() instanceof Target.ToolCallTarget t
        && t.name().equals(ThinkTool.NAME)).count());
  }

  @Test
  void reasoningJoinsThoughtsInOrderOntoTheNextRealAction() {
    List<Sample> samples = Decomposer.decompose(ThinkTool.REASONING.apply(awkward()));
    assertEquals(3, samples.size());
    assertEquals("First thought.\nSecond thought.", samples.get(0).reasoning());
    assertTrue(samples.get(0).target() instanceof Target.ToolCallTarget);
    assertEquals("It is pending, so I answer.", samples.get(1).reasoning());
    assertTrue(samples.get(1).target() instanceof Target.AnswerTarget);
    assertNull(samples.get(2).reasoning(), "the thought at the very end has no action to go to");
    // The context keeps no trace of the thoughts.
    assertTrue(samples.get(2).messages().stream().noneMatch(m -> m.content().contains("thought")));
  }

  @Test
  void aPrefixConversationKeepsItsTargetTurn() {
    Conversation prefix = new Conversation("c-2", "test", null, "", List.of(), List.of(
        Turn.human("Hi"), think("Greet back."), Turn.observation(""), Turn.gpt("Hello!"), Turn.human("Order?"),
        think("Look it up."), Turn.observation(""), call("get_order_details")), 7);
    Conversation applied = ThinkTool.REASONING.apply(prefix);
    List<Sample> samples = Decomposer.decompose(applied);
    assertEquals(1, samples.size(), "only the prefix's last turn is a target");
    assertEquals("Look it up.", samples.get(0).reasoning());
  }

  @Test
  void aThinkCallWithoutAThoughtNamesFileRecordAndField() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "[{\"conversations\": [{\"from\": \"human\", \"value\": \"hi\"},"
        + " {\"from\": \"function_call\", \"value\": \"{\\\"name\\\": \\\"think\\\", \\\"arguments\\\": {}}\"}],"
        + " \"tools\": \"[]\", \"system\": \"\"}]");
    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> Datasets.load(DataFormat.APIGEN_MT, file, null, null, false, ThinkTool.DROP));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("record 1")
        && e.getMessage().contains("conversations[1]") && e.getMessage().contains("thought"), e.getMessage());
  }
}
