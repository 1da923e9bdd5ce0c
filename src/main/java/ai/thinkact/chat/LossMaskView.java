package ai.thinkact.chat;

/**
 * Shows which tokens of a rendered chat the loss is taken on, for {@code thinkact data show}:
 * the decoded text with each masked run wrapped in {@code [[...]]}, or coloured on a terminal.
 */
public final class LossMaskView {
  private static final String ANSI_MASKED = "\u001b[1;32m";
  private static final String ANSI_RESET = "\u001b[0m";

  /** How masked runs are marked. */
  public enum Style {
    /** {@code [[masked]]} around each trained-on run. */
    BRACKETS,
    /** Trained-on runs in bold green (ANSI escapes). */
    ANSI;

    /** ANSI when stdout is a terminal, brackets otherwise (files, pipes, logs). */
    public static Style forStdout() {
      return System.console() != null ? ANSI : BRACKETS;
    }
  }

  private LossMaskView() {}

  /** Decodes {@code chat}'s ids with its masked runs marked in {@code style}. */
  public static String render(QwenTokenizer tokenizer, RenderedChat chat, Style style) {
    return render(tokenizer, chat.ids(), chat.lossMask(), style);
  }

  /**
   * Decodes {@code ids} run by run (a run is a maximal span of equal mask values), special tokens
   * kept, marking the masked runs.
   */
  public static String render(QwenTokenizer tokenizer, long[] ids, boolean[] lossMask, Style style) {
    if (ids.length != lossMask.length) {
      throw new IllegalArgumentException("ids and lossMask differ in length: " + ids.length + " vs " + lossMask.length);
    }
    StringBuilder out = new StringBuilder();
    int start = 0;
    while (start < ids.length) {
      int end = start;
      while (end < ids.length && lossMask[end] == lossMask[start]) {
        end++;
      }
      String text = tokenizer.decode(java.util.Arrays.copyOfRange(ids, start, end));
      if (lossMask[start]) {
        out.append(style == Style.ANSI ? ANSI_MASKED : "[[").append(text).append(style == Style.ANSI ? ANSI_RESET : "]]");
      } else {
        out.append(text);
      }
      start = end;
    }
    return out.toString();
  }
}
