package ai.thinkact.grpo;

import ai.thinkact.chat.ChatFormat;
import ai.thinkact.chat.Message;
import ai.thinkact.chat.Role;
import ai.thinkact.data.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generation prompt of a per-turn sample (thinking on), held to {@code max_prompt_length}:
 * the oldest history turns after the system prompt go first (whole user-led turns, so a tool
 * response never loses its call); a prompt still too long is cut on the left as TRL does.
 */
final class GrpoPrompts {
  private static final Logger LOG = LoggerFactory.getLogger(GrpoPrompts.class);

  private final ChatFormat chat;
  private final int maxPromptLength;

  GrpoPrompts(ChatFormat chat, int maxPromptLength) {
    this.chat = chat;
    this.maxPromptLength = maxPromptLength;
  }

  int[] render(Sample sample) {
    List<Message> messages = new ArrayList<>(sample.messages());
    int first = !messages.isEmpty() && messages.get(0).role() == Role.SYSTEM ? 1 : 0;
    long[] ids = chat.renderPrompt(messages, sample.tools(), true).ids();
    while (ids.length > maxPromptLength && messages.size() - first > 1) {
      messages.remove(first);
      while (messages.size() - first > 1 && messages.get(first).role() != Role.USER) {
        messages.remove(first);
      }
      ids = chat.renderPrompt(messages, sample.tools(), true).ids();
    }
    if (ids.length > maxPromptLength) {
      LOG.warn("sample {}: prompt of {} tokens cut on the left to max_prompt_length {}", sample.id(), ids.length,
          maxPromptLength);
      ids = Arrays.copyOfRange(ids, ids.length - maxPromptLength, ids.length);
    }
    return Arrays.stream(ids).mapToInt(Math::toIntExact).toArray();
  }
}
