package ai.thinkact.chat;

import ai.thinkact.TinyQwen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptWindowTest {
  private static final ChatFormat CHAT = new ChatFormat(TinyQwen.tokenizer());

  /** system, an old user-led turn with a tool call and its response, then the latest user message. */
  private static List<Message> conversation() {
    ToolCall call = new ToolCall("get_order_details", new ObjectMapper().createObjectNode().put("order_id", "#W0001"));
    return List.of(
        Message.system("You are a shop assistant."),
        Message.user("Where is my order #W0001? It was a lamp and I have been waiting for it for weeks."),
        Message.assistantToolCalls(List.of(call)),
        Message.tool("{\"order_id\": \"#W0001\", \"status\": \"delivered\"}"),
        Message.assistant("Your order #W0001 was delivered."),
        Message.user("Thanks, and can I return it?"));
  }

  private static int[] whole(List<Message> messages, boolean think) {
    return Arrays.stream(CHAT.renderPrompt(messages, List.of(), think).ids()).mapToInt(Math::toIntExact).toArray();
  }

  @Test
  void zeroOrALargeBudgetKeepsThePromptWhole() {
    int[] expected = whole(conversation(), false);
    assertArrayEquals(expected, new PromptWindow(CHAT, 0).render("s", conversation(), List.of(), false));
    assertArrayEquals(expected, new PromptWindow(CHAT, expected.length).render("s", conversation(), List.of(), false));
  }

  @Test
  void dropsWholeOldUserLedTurnsAndKeepsTheSystemPrompt() {
    List<Message> all = conversation();
    List<Message> lastTurn = List.of(all.get(0), all.get(5));
    int[] expected = whole(lastTurn, true);
    int budget = whole(all, true).length - 1;
    assertTrue(budget >= expected.length);
    int[] kept = new PromptWindow(CHAT, budget).render("s", all, List.of(), true);
    // The tool response cannot stay without its call: the whole first turn goes at once.
    assertArrayEquals(expected, kept);
    String text = CHAT.tokenizer().decode(Arrays.stream(kept).asLongStream().toArray(), false);
    assertTrue(text.startsWith("<|im_start|>system\nYou are a shop assistant."), text);
    assertFalse(text.contains("tool_response"), text);
  }

  @Test
  void aPromptStillTooLongIsCutOnTheLeft() {
    List<Message> all = conversation();
    int[] last = whole(List.of(all.get(0), all.get(5)), false);
    int[] kept = new PromptWindow(CHAT, 10).render("s", all, List.of(), false);
    assertEquals(10, kept.length);
    assertArrayEquals(Arrays.copyOfRange(last, last.length - 10, last.length), kept);
  }

  @Test
  void aNegativeBudgetIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new PromptWindow(CHAT, -1));
  }
}
