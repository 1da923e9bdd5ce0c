package ai.thinkact.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.chat.Message;
import ai.thinkact.chat.Role;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DecomposerTest {
  private static List<Conversation> conversations;

  @BeforeAll
  static void load() throws IOException {
    conversations = ApigenLoader.load(Fixtures.path("apigen_small.json"), "apigen-mt", false).conversations();
  }

  @Test
  void oneSamplePerAgentMessageAndNoneForATrailingHuman() {
    // conv1: gpt, 2 parallel function_calls, gpt, then a final human -> 4 samples
    List<Sample> samples = Decomposer.decompose(conversations.get(0));
    assertEquals(4, samples.size());
    assertEquals(List.of(TargetType.ANSWER, TargetType.TOOL_CALL, TargetType.TOOL_CALL, TargetType.ANSWER),
        samples.stream().map(s -> s.target().type()).toList());
    // the last sample's context ends before the final gpt message: nothing covers "Thanks!"
    Sample last = samples.get(3);
    assertEquals("#W1 is pending and #W2 was delivered.", ((Target.AnswerTarget) last.target()).content());
    assertTrue(last.messages().stream().noneMatch(m -> m.content().equals("Thanks!")));
  }

  @Test
  void contextIsSystemPromptPlusEveryEarlierMessage() {
    // agent messages of conv1 sit at turn indices 1, 3, 4, 7; the system prompt adds one message
    List<Sample> samples = Decomposer.decompose(conversations.get(0));
    assertEquals(List.of(2, 4, 5, 8), samples.stream().map(s -> s.messages().size()).toList());
    assertEquals(Message.system("You are a retail agent. Authenticate users first."), samples.get(0).messages().get(0));
    // conv2 has no system prompt: the context starts with the user
    List<Sample> noSystem = Decomposer.decompose(conversations.get(1));
    assertEquals(List.of(1, 3), noSystem.stream().map(s -> s.messages().size()).toList());
    assertEquals(Role.USER, noSystem.get(0).messages().get(0).role());
  }

  @Test
  void rolesMapToChatConventions() {
    Sample last = Decomposer.decompose(conversations.get(0)).get(3);
    assertEquals(
        List.of(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT, Role.ASSISTANT, Role.TOOL, Role.TOOL),
        last.messages().stream().map(Message::role).toList());
    Message call = last.messages().get(4);
    assertEquals("", call.content());
    assertEquals(1, call.toolCalls().size());
    assertEquals("get_order_details", call.toolCalls().get(0).name());
    assertEquals("#W1", call.toolCalls().get(0).arguments().get("order_id").asText());
    assertEquals("{\"order_id\": \"#W2\", \"status\": \"delivered\"}", last.messages().get(7).content());
  }

  @Test
  void parallelCallsEachGetASampleWithTheEarlierCallsInContext() {
    List<Sample> samples = Decomposer.decompose(conversations.get(0));
    Target.ToolCallTarget first = (Target.ToolCallTarget) samples.get(1).target();
    Target.ToolCallTarget second = (Target.ToolCallTarget) samples.get(2).target();
    assertEquals("#W1", first.arguments().get("order_id").asText());
    assertEquals("#W2", second.arguments().get("order_id").asText());
    Message previous = samples.get(2).messages().get(samples.get(2).messages().size() - 1);
    assertEquals("#W1", previous.toolCalls().get(0).arguments().get("order_id").asText());
  }

  @Test
  void samplesCarryIdsAndOpenAiTools() {
    List<Sample> samples = Decomposer.decompose(conversations.get(1));
    assertEquals("apigen-mt-00002#0", samples.get(0).id());
    assertEquals("apigen-mt-00002", samples.get(1).conversationId());
    assertEquals("apigen-mt", samples.get(0).source());
    assertEquals(3, samples.get(0).tools().size());
    assertEquals("function", samples.get(0).tools().get(0).get("type").asText());
    assertEquals("get_order_details", Json.toolName(samples.get(0).tools().get(0)));
    assertEquals("object", samples.get(0).tools().get(0).at("/function/parameters/type").asText());
  }

  @Test
  void onlyTurnsFromFirstTargetOnAreTargets() {
    Conversation c = conversations.get(2); // gpt at turn indices 1 and 3
    Conversation lastOnly = new Conversation(c.id(), c.source(), c.domain(), c.system(), c.tools(), c.turns(), 3);
    List<Sample> samples = Decomposer.decompose(lastOnly);
    assertEquals(1, samples.size());
    assertEquals(4, samples.get(0).messages().size());
  }
}
