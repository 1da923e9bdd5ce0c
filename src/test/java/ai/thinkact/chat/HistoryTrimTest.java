package ai.thinkact.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTrimTest {
  private static final ToolCall CALL = new ToolCall("get_order_details", new ObjectMapper().createObjectNode());

  @Test
  void dropsAWholeUserLedTurnAndKeepsTheSystemPrompt() {
    List<Message> messages = new ArrayList<>(List.of(
        Message.system("policy"), Message.user("u1"), Message.assistantToolCalls(List.of(CALL)),
        Message.tool("result"), Message.assistant("a1"), Message.user("u2")));
    assertEquals(4, HistoryTrim.dropOldestTurn(messages));
    assertEquals(List.of(Message.system("policy"), Message.user("u2")), messages);
    assertEquals(0, HistoryTrim.dropOldestTurn(messages), "the last message always stays");
    assertEquals(2, messages.size());
  }

  @Test
  void withoutASystemPromptTheFirstMessageGoes() {
    List<Message> messages = new ArrayList<>(List.of(
        Message.user("u1"), Message.assistant("a1"), Message.user("u2"), Message.assistantToolCalls(List.of(CALL)),
        Message.tool("result")));
    assertEquals(2, HistoryTrim.dropOldestTurn(messages));
    assertEquals(Message.user("u2"), messages.get(0));
    // A tool result is never left leading: its call goes with the turn, down to the last message.
    assertEquals(2, HistoryTrim.dropOldestTurn(messages));
    assertEquals(List.of(Message.tool("result")), messages);
    assertEquals(0, HistoryTrim.dropOldestTurn(new ArrayList<>(List.of(Message.system("policy")))));
  }
}
