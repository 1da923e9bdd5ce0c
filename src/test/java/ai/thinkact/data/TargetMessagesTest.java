package ai.thinkact.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.thinkact.chat.Message;
import ai.thinkact.chat.Role;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class TargetMessagesTest {
  private static final ObjectNode ARGS = Json.MAPPER.createObjectNode().put("order_id", "#W1");

  @Test
  void plainToolCallIsOneToolCallWithoutText() {
    Message m = TargetMessages.plain(new Target.ToolCallTarget("get_order_details", ARGS));
    assertEquals(Role.ASSISTANT, m.role());
    assertEquals("", m.content());
    assertEquals("get_order_details", m.toolCalls().get(0).name());
    assertEquals(ARGS, m.toolCalls().get(0).arguments());
    assertNull(m.reasoningContent());
  }

  @Test
  void plainAnswerIsTheTextUntagged() {
    assertEquals(Message.assistant("It shipped."), TargetMessages.plain(new Target.AnswerTarget("It shipped.")));
  }

  @Test
  void reasoningVariantTagsTheAnswerAndKeepsToolCallsAsCalls() {
    Message answer = TargetMessages.withReasoning(new Target.AnswerTarget("It shipped."), " The order is delivered. \n");
    assertEquals("<answer>\nIt shipped.\n</answer>", answer.content());
    assertEquals("The order is delivered.", answer.reasoningContent());
    Message call = TargetMessages.withReasoning(new Target.ToolCallTarget("get_order_details", ARGS), "Need the order.");
    assertEquals("", call.content());
    assertEquals(1, call.toolCalls().size());
    assertEquals("Need the order.", call.reasoningContent());
    assertThrows(IllegalArgumentException.class, () -> TargetMessages.withReasoning(new Target.AnswerTarget("x"), " "));
  }
}
