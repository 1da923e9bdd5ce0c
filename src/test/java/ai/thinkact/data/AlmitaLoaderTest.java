package ai.thinkact.data;

import ai.thinkact.base.InvalidDataException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.chat.Role;
import ai.thinkact.base.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    // the intent column names the procedure: it is the domain of the conversations and their samples
    assertEquals("refund", conversations.get(0).domain());
    assertEquals("refund", call.get(0).domain());
    assertEquals("refund", answer.get(0).domain());
  }

  @Test
  void withoutADomainColumnTheDomainIsUnknown() throws IOException {
    // turns: no such column; conversation: "procedure" holds the procedure's text, the system prompt, not a name
    for (String fixture : List.of("almita_turns.csv", "almita_conversation.csv")) {
      for (Conversation c : AlmitaLoader.load(Fixtures.path(fixture), null, false).conversations()) {
        assertEquals(Domains.UNKNOWN, c.domain(), fixture + " " + c.id());
      }
    }
  }

  @Test
  void theDomainKeyNamesAColumnAndATurnsConversationTakesTheFirstRowThatHasOne(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("flows.csv");
    Files.writeString(csv, String.join("\n",
        "conversation_id,turn,role,text,Flow Name",
        "c1,1,customer,I want to cancel.,",
        "c1,2,agent,Which account?,cancel subscription",
        "c1,3,customer,bob@example.com,ignored",
        "c2,1,customer,Hello,",
        "c2,2,agent,Hi!,"));
    List<Conversation> conversations = AlmitaLoader.load(csv, null, false).conversations();
    assertEquals(List.of("cancel subscription", Domains.UNKNOWN), conversations.stream().map(Conversation::domain).toList());
    // named explicitly, any column can be the domain, even one another key uses
    List<Conversation> byRole = AlmitaLoader.load(csv, "domain=role", false).conversations();
    assertEquals("customer", byRole.get(0).domain());
    List<Conversation> both = AlmitaLoader.load(Fixtures.path("almita_tests.csv"), "id=intent,domain=intent", false).conversations();
    assertEquals("almita-refund", both.get(0).id());
    assertEquals("refund", both.get(0).domain());
  }

  @Test
  void explicitColumnsOverrideTheDefaults() throws IOException {
    // read the tests file as plain conversations: the context only, no target column
    List<Conversation> conversations =
        AlmitaLoader.load(Fixtures.path("almita_tests.csv"), "layout=conversation,conversation=context,id=intent", false).conversations();
    assertEquals("almita-refund", conversations.get(0).id());
    assertEquals(2, conversations.get(0).turns().size());
    assertEquals(Domains.UNKNOWN, conversations.get(0).domain(), "a column already mapped (id) is not also found as the domain");
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
