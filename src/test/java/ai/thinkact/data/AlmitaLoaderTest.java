package ai.thinkact.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.chat.Role;
import ai.thinkact.config.ConfigException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlmitaLoaderTest {

  @Test
  void turnsLayoutGroupsRowsByConversationInTurnOrder() throws IOException {
    List<Conversation> conversations = AlmitaLoader.load(Fixtures.path("almita_turns.csv"), null, false).conversations();
    assertEquals(2, conversations.size());
    Conversation c1 = conversations.get(0);
    assertEquals("almita-c1", c1.id());
    assertEquals(List.of(From.HUMAN, From.GPT, From.HUMAN, From.FUNCTION_CALL, From.OBSERVATION, From.GPT),
        c1.turns().stream().map(Turn::from).toList());
    assertEquals("bob@example.com", c1.turns().get(3).call().arguments().get("email").asText());
    assertTrue(c1.turns().get(5).value().contains("\nDo you want to cancel it?"));
    // no tools column: the spec is inferred from the calls
    assertEquals("get_account", Json.toolName(c1.tools().get(0)));
    assertEquals("string", c1.tools().get(0).at("/function/parameters/properties/email/type").asText());
    // c2's rows are out of order in the file; the turn column orders them
    assertEquals(List.of(From.HUMAN, From.GPT), conversations.get(1).turns().stream().map(Turn::from).toList());
    List<Sample> samples = Decomposer.decompose(c1);
    assertEquals(3, samples.size());
    assertEquals(TargetType.TOOL_CALL, samples.get(1).target().type());
  }

  @Test
  void conversationLayoutReadsJsonAndSpeakerLines() throws IOException {
    List<Conversation> conversations = AlmitaLoader.load(Fixtures.path("almita_conversation.csv"), null, false).conversations();
    Conversation json = conversations.get(0);
    assertEquals("Refund policy: refunds within 30 days.", json.system());
    assertEquals(List.of(From.HUMAN, From.FUNCTION_CALL, From.OBSERVATION, From.GPT), json.turns().stream().map(Turn::from).toList());
    Conversation lines = conversations.get(1);
    assertEquals(List.of(From.HUMAN, From.GPT, From.HUMAN, From.FUNCTION_CALL, From.OBSERVATION, From.GPT),
        lines.turns().stream().map(Turn::from).toList());
    assertEquals("get_order", lines.turns().get(3).call().name());
    assertEquals("9", lines.turns().get(3).call().arguments().get("order_id").asText());
    Sample first = Decomposer.decompose(json).get(0);
    assertEquals(Role.SYSTEM, first.messages().get(0).role());
  }

  @Test
  void testsLayoutMakesOnlyTheExpectedActionATarget() throws IOException {
    List<Conversation> conversations = AlmitaLoader.load(Fixtures.path("almita_tests.csv"), null, false).conversations();
    List<Sample> call = Decomposer.decompose(conversations.get(0));
    assertEquals(1, call.size(), "the gpt message in the context is not a target");
    assertEquals(2, call.get(0).messages().size());
    assertEquals("get_order", ((Target.ToolCallTarget) call.get(0).target()).name());
    List<Sample> answer = Decomposer.decompose(conversations.get(1));
    assertEquals(1, answer.size());
    assertEquals("Order 55 can be refunded.", ((Target.AnswerTarget) answer.get(0).target()).content());
  }

  @Test
  void explicitColumnsOverrideTheDefaults() throws IOException {
    // read the tests file as plain conversations: the context only, no target column
    List<Conversation> conversations =
        AlmitaLoader.load(Fixtures.path("almita_tests.csv"), "layout=conversation,conversation=context,id=intent", false).conversations();
    assertEquals("almita-refund", conversations.get(0).id());
    assertEquals(2, conversations.get(0).turns().size());
  }

  @Test
  void mappingThatDoesNotFitListsTheHeader() {
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> AlmitaLoader.load(Fixtures.path("almita_unknown.csv"), null, false));
    assertTrue(e.getMessage().contains("the header is [alpha, beta, gamma]"), e.getMessage());
    InvalidDataException named = assertThrows(InvalidDataException.class,
        () -> AlmitaLoader.load(Fixtures.path("almita_unknown.csv"), "conversation=dialogue", false));
    assertTrue(named.getMessage().contains("\"dialogue\", which is not a column"), named.getMessage());
    assertThrows(ConfigException.class, () -> AlmitaLoader.load(Fixtures.path("almita_unknown.csv"), "speaker_col=alpha", false));
  }
}
