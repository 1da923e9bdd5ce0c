package ai.thinkact.chat;

import ai.thinkact.TinyQwen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Token ids and loss masks of rendered chats, on every golden and fixture case. */
class ChatFormatTest {
  private static QwenTokenizer tokenizer;
  private static ChatFormat format;

  @BeforeAll
  static void load() {
    tokenizer = TinyQwen.tokenizer();
    format = new ChatFormat(tokenizer);
  }

  static List<ChatCase> cases() {
    return ChatCase.all();
  }

  /** Cases ending with an assistant target that can be trained on (no reasoning when thinking is off). */
  static List<ChatCase> trainingCases() {
    return ChatCase.all().stream().filter(ChatCase::isTraining).filter(ChatFormatTest::trainable).toList();
  }

  private static boolean trainable(ChatCase c) {
    Message target = c.messages().get(c.messages().size() - 1);
    return c.enableThinking() || ChatTemplate.strip(ChatTemplate.split(target).reasoning()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void renderedTextRoundTripsThroughIds(ChatCase c) {
    assertEquals(c.rendered(), tokenizer.decode(tokenizer.encode(c.rendered())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void promptRenderIsTheGenerationPromptTokenised(ChatCase c) {
    if (!c.addGenerationPrompt()) {
      return;
    }
    RenderedChat prompt = format.renderPrompt(c.messages(), c.tools(), c.enableThinking());
    assertEquals(c.rendered(), prompt.text());
    assertArrayEquals(tokenizer.encode(c.rendered()), prompt.ids());
    assertEquals(0, prompt.maskedCount());
    assertEquals(prompt.length(), prompt.promptTokens());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trainingCases")
  void trainingRenderStartsWithTheGenerationPromptAndTokenisesAsOneText(ChatCase c) {
    RenderedChat train = format.renderTraining(c.messages(), c.tools(), c.enableThinking());
    assertTrue(train.text().startsWith(c.promptRendered()), "training text does not start with Jinja2's prompt");
    if (isUsualContext(c.messages().subList(0, c.messages().size() - 1))) {
      assertEquals(c.rendered(), train.text(), "usual case: the training text is the template's full render");
    }
    assertArrayEquals(tokenizer.encode(train.text()), train.ids());
    assertEquals(train.text(), tokenizer.decode(train.ids()));

    // The prompt-only render's ids are a prefix of the training ids.
    RenderedChat prompt = format.renderPrompt(c.messages().subList(0, c.messages().size() - 1), c.tools(), c.enableThinking());
    assertEquals(c.promptRendered(), prompt.text());
    assertEquals(prompt.length(), train.promptTokens());
    assertArrayEquals(prompt.ids(), Arrays.copyOf(train.ids(), prompt.length()));
    assertArrayEquals(prompt.ids(), train.promptIds());
  }

  /** Ends with a non-assistant message and holds a real user query (see ChatFormat's javadoc). */
  private static boolean isUsualContext(List<Message> context) {
    boolean realQuery = context.stream().anyMatch(m -> m.role() == Role.USER
        && !(m.content().startsWith("<tool_response>") && m.content().endsWith("</tool_response>")));
    return realQuery && context.get(context.size() - 1).role() != Role.ASSISTANT;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trainingCases")
  void maskCoversExactlyTheTargetTurn(ChatCase c) {
    RenderedChat train = format.renderTraining(c.messages(), c.tools(), c.enableThinking());
    boolean[] mask = train.lossMask();
    int n = train.length();
    // One contiguous run: from the first token after the prompt through <|im_end|>; the final "\n" is not trained.
    for (int i = 0; i < n; i++) {
      assertEquals(i >= train.promptTokens() && i < n - 1, mask[i], "mask at token " + i);
    }
    assertEquals(tokenizer.imEndId(), train.ids()[n - 2]);
    assertEquals("\n", tokenizer.decode(new long[] {train.ids()[n - 1]}));
    String target = train.text().substring(c.promptRendered().length(), train.text().length() - 1);
    assertEquals(target, tokenizer.decode(Arrays.copyOfRange(train.ids(), train.promptTokens(), n - 1)));
    assertEquals(ChatFormat.completionText(c.messages().get(c.messages().size() - 1), c.enableThinking()), target + "\n");
  }

  @Test
  void onlyTheDocumentedEdgeCasesDifferFromTheFullRender() {
    Set<String> differing = new TreeSet<>();
    for (ChatCase c : trainingCases()) {
      if (!format.renderTraining(c.messages(), c.tools(), c.enableThinking()).text().equals(c.rendered())) {
        differing.add(c.name());
        assertFalse(isUsualContext(c.messages().subList(0, c.messages().size() - 1)), c.name());
      }
    }
    assertTrue(differing.containsAll(Set.of("fixture/context_ends_with_assistant", "fixture/no_real_user_query")));
  }

  @Test
  void contextEndingWithAssistantKeepsTheGenerationPromptsThinkBlock() {
    ChatCase c = trainingCases().stream().filter(x -> x.name().endsWith("context_ends_with_assistant")).findFirst().orElseThrow();
    String text = format.renderTraining(c.messages(), c.tools(), true).text();
    assertNotEquals(c.rendered(), text);
    // Jinja2's prompt for the context gives its last assistant turn an empty think block; so do we.
    assertTrue(text.contains("<|im_start|>assistant\n<think>\n\n</think>\n\nChecking.<|im_end|>"));
    assertFalse(c.rendered().contains("<think>\n\n</think>\n\nChecking."));
  }

  @Test
  void withoutARealUserQueryTheTargetStillGetsTheThinkBlockGenerationStarts() {
    ChatCase c = trainingCases().stream().filter(x -> x.name().endsWith("no_real_user_query")).findFirst().orElseThrow();
    assertTrue(c.rendered().endsWith("<|im_start|>assistant\nDone.<|im_end|>\n"));
    String text = format.renderTraining(c.messages(), c.tools(), true).text();
    assertTrue(text.endsWith("<|im_start|>assistant\n<think>\n\n</think>\n\nDone.<|im_end|>\n"));
  }

  @Test
  void thinkingOffTrainsOnTheAnswerOnly() {
    List<Message> chat = List.of(Message.user("2+2?"), Message.assistant("4"));
    RenderedChat train = format.renderTraining(chat, List.of(), false);
    assertTrue(train.text().endsWith("<|im_start|>assistant\n<think>\n\n</think>\n\n4<|im_end|>\n"));
    long[] masked = Arrays.copyOfRange(train.ids(), train.promptTokens(), train.length() - 1);
    assertEquals("4<|im_end|>", tokenizer.decode(masked));
    assertEquals(2, train.maskedCount());
  }

  @Test
  void thinkingOnTrainsOnTheEmptyThinkBlockToo() {
    List<Message> chat = List.of(Message.user("2+2?"), Message.assistant("4"));
    RenderedChat train = format.renderTraining(chat, List.of(), true);
    long[] masked = Arrays.copyOfRange(train.ids(), train.promptTokens(), train.length() - 1);
    assertEquals("<think>\n\n</think>\n\n4<|im_end|>", tokenizer.decode(masked));
  }

  @Test
  void promptIdsStayAPrefixWhateverWhitespaceTheAnswerStartsWith() {
    // Thinking off, the prompt ends "</think>\n\n" and the answer follows directly: no token may
    // straddle that boundary (the mask would then drop it), for any short whitespace-led answer.
    String[] alphabet = {" ", "\t", "\r", "\n", "X", "é"};
    RenderedChat prompt = format.renderPrompt(List.of(Message.user("hi")), List.of(), false);
    List<String> answers = new java.util.ArrayList<>();
    for (String a : alphabet) {
      answers.add(a);
      for (String b : alphabet) {
        answers.add(a + b);
        for (String c : alphabet) {
          answers.add(a + b + c);
        }
      }
    }
    for (String answer : answers) {
      RenderedChat train = format.renderTraining(List.of(Message.user("hi"), Message.assistant(answer)), List.of(), false);
      assertEquals(prompt.length(), train.promptTokens(), () -> "answer " + answer.replace("\n", "\\n"));
      assertArrayEquals(prompt.ids(), train.promptIds());
      assertEquals(train.length() - prompt.length() - 1, train.maskedCount());
    }
  }

  @Test
  void rejectsBadTrainingConversations() {
    Message reasoned = new Message(Role.ASSISTANT, "4", List.of(), "2+2=4");
    assertThrows(IllegalArgumentException.class,
        () -> format.renderTraining(List.of(Message.user("2+2?"), reasoned), List.of(), false));
    assertThrows(IllegalArgumentException.class,
        () -> format.renderTraining(List.of(Message.user("a"), Message.user("b")), List.of(), true));
    assertThrows(IllegalArgumentException.class,
        () -> format.renderTraining(List.of(Message.assistant("a")), List.of(), true));
  }

  @Test
  void stringArgumentsAreInsertedVerbatim() {
    Message call = Message.assistantToolCalls(List.of(new ToolCall("f", TextNode.valueOf("{\"a\":1,  \"b\": 2.50}"))));
    String completion = ChatFormat.completionText(call, true);
    assertEquals("<think>\n\n</think>\n\n<tool_call>\n{\"name\": \"f\", \"arguments\": {\"a\":1,  \"b\": 2.50}}\n</tool_call><|im_end|>\n",
        completion);
  }
}
