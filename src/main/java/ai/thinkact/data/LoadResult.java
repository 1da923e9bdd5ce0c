package ai.thinkact.data;

import java.util.List;

/**
 * What a loader read.
 *
 * @param conversations the valid conversations, in file order
 * @param skipped one line per record skipped under {@code --skip-invalid}: {@code file:record N: why}
 */
public record LoadResult(List<Conversation> conversations, List<String> skipped) {
  public LoadResult {
    conversations = List.copyOf(conversations);
    skipped = List.copyOf(skipped);
  }
}
