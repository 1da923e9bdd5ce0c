package ai.thinkact.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A generation prompt held to a token budget, the way the trainers hold their samples: the oldest
 * turns go first ({@link HistoryTrim}); a prompt still too long is cut on the left as TRL does. GRPO's
 * {@code max_prompt_length} and eval's {@code --max-prompt-length} both use it, so a model is
 * evaluated on prompts shaped like the ones it was trained on.
 */
public final class PromptWindow {
  private static final Logger LOG = LoggerFactory.getLogger(PromptWindow.class);

  /** Left cuts named one by one at WARN; the rest at DEBUG. */
  private static final int NAMED_AT_WARN = 3;

  private final ChatFormat chat;
  private final int maxTokens;
  private int leftCuts;

  /** @param maxTokens the longest prompt; 0 keeps every prompt whole */
  public PromptWindow(ChatFormat chat, int maxTokens) {
    if (maxTokens < 0) {
      throw new IllegalArgumentException("max prompt tokens must be >= 0 (0 = no limit), got " + maxTokens);
    }
    this.chat = chat;
    this.maxTokens = maxTokens;
  }

  /** How many prompts so far had to be cut on the left (their system prompt is lost). */
  public int leftCuts() {
    return leftCuts;
  }

  /**
   * The prompt ids of {@code messages} (system first when there is one) ending in the assistant
   * generation prompt.
   *
   * @param id names the sample in the warning about a left cut
   */
  public int[] render(String id, List<Message> messages, List<ObjectNode> tools, boolean enableThinking) {
    List<Message> kept = new ArrayList<>(messages);
    long[] ids = chat.renderPrompt(kept, tools, enableThinking).ids();
    while (maxTokens > 0 && ids.length > maxTokens && HistoryTrim.dropOldestTurn(kept) > 0) {
      ids = chat.renderPrompt(kept, tools, enableThinking).ids();
    }
    if (maxTokens > 0 && ids.length > maxTokens) {
      leftCuts++;
      String why = "sample {}: prompt of {} tokens cut on the left to {} (even its last turn is longer)";
      if (leftCuts <= NAMED_AT_WARN) {
        LOG.warn(why, id, ids.length, maxTokens);
      } else {
        LOG.debug(why, id, ids.length, maxTokens);
      }
      ids = Arrays.copyOfRange(ids, ids.length - maxTokens, ids.length);
    }
    return Arrays.stream(ids).mapToInt(Math::toIntExact).toArray();
  }
}
