package ai.thinkact.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Renders conversations to token ids and loss masks with Qwen3's chat template.
 *
 * <p>A training render is the prompt render of the context (what the model is given at inference)
 * followed by the target assistant turn as the template writes a final turn, so its prompt ids are
 * exactly the ids {@link #renderPrompt} gives and training matches generation. For the usual
 * context (ending with a user or tool message, with a real user query in it) this text is also
 * byte-for-byte the template's render of the whole conversation. It differs in two rare cases,
 * where the template's own full render would disagree with its own generation prompt:
 *
 * <ul>
 *   <li>the context ends with an assistant turn after the last user query: the generation prompt
 *       gives that turn an (empty) think block as the last message, the full render does not;
 *   <li>the context has no real user query at all: the full render gives the target no think
 *       block, while generation after the prompt starts one.
 * </ul>
 *
 * <p>The ids are always the tokenisation of the whole text in one piece, and the mask comes from
 * character offsets in it.
 */
public final class ChatFormat {
  /** Qwen3's {@code <|endoftext|>} and {@code <|im_end|>}, for token-id runs without a tokenizer. */
  private static final Set<Integer> QWEN3_STOP_IDS = Set.of(151643, 151645);

  private final QwenTokenizer tokenizer;

  public ChatFormat(QwenTokenizer tokenizer) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
  }

  public QwenTokenizer tokenizer() {
    return tokenizer;
  }

  /** The ids that end an assistant turn: {@code <|im_end|>} and {@code <|endoftext|>}. */
  public Set<Integer> stopIds() {
    return stopIds(tokenizer, Integer.MAX_VALUE);
  }

  /**
   * {@link #stopIds()} of {@code tokenizer}; without one (a model driven by token ids), Qwen3's ids
   * that fall inside a vocabulary of {@code vocabSize}.
   */
  public static Set<Integer> stopIds(QwenTokenizer tokenizer, int vocabSize) {
    if (tokenizer != null) {
      return Set.of(Math.toIntExact(tokenizer.imEndId()), Math.toIntExact(tokenizer.endOfTextId()));
    }
    Set<Integer> ids = new HashSet<>();
    for (int id : QWEN3_STOP_IDS) {
      if (id < vocabSize) {
        ids.add(id);
      }
    }
    return Set.copyOf(ids);
  }

  /**
   * The context followed by the generation prompt ({@code <|im_start|>assistant\n}, plus an empty
   * think block when thinking is off): the input to generation. The loss mask is all false.
   */
  public RenderedChat renderPrompt(List<Message> context, List<ObjectNode> tools, boolean enableThinking) {
    String text = ChatTemplate.render(context, tools, true, enableThinking);
    long[] ids = tokenizer.encode(text);
    return new RenderedChat(text, ids, new boolean[ids.length], ids.length);
  }

  /**
   * A training example: all messages but the last are the context, the last is the target
   * assistant turn. The mask is true on the target's tokens after {@code <|im_start|>assistant\n}
   * (think block, text, tool calls) through its {@code <|im_end|>}, not on the newline after it.
   *
   * @param enableThinking {@code true}: the target's think block (empty when it has no reasoning)
   *     is trained on; {@code false}: the prompt already ends with an empty think block, the target
   *     must then have no reasoning, and only its answer or tool calls are trained on
   * @throws IllegalArgumentException when the last message is not an assistant turn, the context
   *     is empty, or reasoning is given with thinking off
   */
  public RenderedChat renderTraining(List<Message> conversation, List<ObjectNode> tools, boolean enableThinking) {
    if (conversation.size() < 2) {
      throw new IllegalArgumentException("a training conversation needs a context and a target, got "
          + conversation.size() + " message(s)");
    }
    Message target = conversation.get(conversation.size() - 1);
    if (target.role() != Role.ASSISTANT) {
      throw new IllegalArgumentException("the last message must be the assistant target, got " + target.role().jsonName());
    }
    String prompt = ChatTemplate.render(conversation.subList(0, conversation.size() - 1), tools, true, enableThinking);
    String completion = completionText(target, enableThinking);
    String text = prompt + completion;
    int maskStart = prompt.length();
    int maskEnd = text.length() - 1; // the closing <|im_end|> ends here; the "\n" after it is not trained
    EncodedText encoded = tokenizer.encodeWithOffsets(text);
    boolean[] mask = new boolean[encoded.size()];
    int promptTokens = 0;
    for (int i = 0; i < encoded.size(); i++) {
      if (encoded.ends()[i] <= maskStart) {
        promptTokens = i + 1;
      }
      // A token straddling the prompt boundary would belong to neither part and not be trained on;
      // Qwen3's pre-tokenizer never makes one here (the prompt ends in "\n" or "\n\n" before a
      // think tag or an answer with no leading "\n"; ChatFormatTest checks whitespace-led answers).
      mask[i] = encoded.starts()[i] >= maskStart && encoded.ends()[i] <= maskEnd;
    }
    return new RenderedChat(text, encoded.ids(), mask, promptTokens);
  }

  /**
   * What the model should generate after the generation prompt for {@code target}: its turn as
   * the template renders a final assistant turn, without the {@code <|im_start|>assistant\n}
   * header (and without the empty think block the prompt already holds when thinking is off),
   * ending with {@code <|im_end|>\n}.
   */
  public static String completionText(Message target, boolean enableThinking) {
    StringBuilder turn = new StringBuilder();
    ChatTemplate.appendAssistant(turn, target, true);
    String completion = turn.substring(ChatTemplate.ASSISTANT_HEADER.length());
    if (enableThinking) {
      return completion;
    }
    if (!completion.startsWith(ChatTemplate.EMPTY_THINK)) {
      throw new IllegalArgumentException("the target has reasoning but thinking is off");
    }
    return completion.substring(ChatTemplate.EMPTY_THINK.length());
  }
}
