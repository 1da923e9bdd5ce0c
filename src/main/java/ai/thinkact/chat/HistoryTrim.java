package ai.thinkact.chat;

import java.util.List;

/**
 * How every stage shortens a conversation that is too long: the oldest history goes first, a whole
 * user-led turn at a time (so a tool response never loses its call), never the system prompt and
 * never the last message. The SFT trainers ({@code train.SftData}), GRPO and eval
 * ({@link PromptWindow}) all cut through here, so a model is evaluated on prompts shaped like the
 * ones it was trained on.
 */
public final class HistoryTrim {

  private HistoryTrim() {}

  /**
   * Removes the oldest turn from {@code messages} (a mutable list, system message first when there
   * is one): its first history message, then any tool result or assistant message left leading.
   *
   * @return how many messages were removed; 0 when only the last message is left to cut
   */
  public static int dropOldestTurn(List<Message> messages) {
    int first = !messages.isEmpty() && messages.get(0).role() == Role.SYSTEM ? 1 : 0;
    if (messages.size() - first <= 1) {
      return 0;
    }
    messages.remove(first);
    int removed = 1;
    while (messages.size() - first > 1 && messages.get(first).role() != Role.USER) {
      messages.remove(first);
      removed++;
    }
    return removed;
  }
}
