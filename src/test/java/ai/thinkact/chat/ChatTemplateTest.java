package ai.thinkact.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Byte-for-byte equality with Jinja2's renders of Qwen3's chat template. */
class ChatTemplateTest {

  static List<ChatCase> cases() {
    return ChatCase.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersExactlyAsJinja2(ChatCase c) {
    String text = ChatTemplate.render(c.messages(), c.tools(), c.addGenerationPrompt(), c.enableThinking());
    assertEquals(c.rendered(), text);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void promptRenderOfContextMatchesJinja2(ChatCase c) {
    if (c.promptRendered() == null) {
      return;
    }
    List<Message> context = c.messages().subList(0, c.messages().size() - 1);
    assertEquals(c.promptRendered(), ChatTemplate.render(context, c.tools(), true, c.enableThinking()));
  }

  @Test
  void everyGoldenCaseIsCovered() {
    List<ChatCase> golden = ChatCase.read(ChatCase.GOLDEN, "golden/");
    assertEquals(5, golden.size());
    assertTrue(ChatCase.read(ChatCase.FIXTURES, "fixture/").size() >= 15);
  }

  @Test
  void emptyConversationIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> ChatTemplate.render(List.of(), List.of(), true, true));
  }

  @Test
  void splitsThinkInsideContentAsTheTemplateDoes() {
    Message m = Message.assistant("x<think>\n\nfirst</think>\nmid</think>\n\nanswer");
    ChatTemplate.Split split = ChatTemplate.split(m);
    // content: after the LAST </think>, lstripped; reasoning: before the FIRST </think>, after <think>
    assertEquals("answer", split.content());
    assertEquals("first", split.reasoning());
  }
}
