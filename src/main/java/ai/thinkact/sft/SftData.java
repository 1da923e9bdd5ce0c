package ai.thinkact.sft;

import ai.thinkact.training.LmExample;
import ai.thinkact.chat.ChatFormat;
import ai.thinkact.chat.HistoryTrim;
import ai.thinkact.chat.Message;
import ai.thinkact.chat.RenderedChat;
import ai.thinkact.data.Sample;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples rendered through the chat template to {@code (ids, lossMask)} for one stage, fitted to
 * {@code max_length}: a sample that is too long loses its oldest history messages, never the
 * system message, the tools header or the target, and never the last context message the
 * target answers. When it still does not fit it is left out. Both counts are reported.
 *
 * @param examples the tokenized samples, in file order
 * @param truncated samples that lost history
 * @param skipped samples left out because even the shortest history was too long
 */
public record SftData(List<LmExample> examples, int truncated, int skipped) {

  private static final Logger log = LoggerFactory.getLogger(SftData.class);
  /** Left-out samples named one by one at WARN; the rest only at DEBUG (the trainer logs the count). */
  private static final int NAMED_AT_WARN = 3;

  /**
   * Renders every sample; thinking is on, so the target's think block is trained (docs/format.md),
   * except for a cold-start sample without reasoning ({@link SftStage#thinking}).
   */
  public static SftData encode(List<Sample> samples, ChatFormat format, SftStage stage, int maxLength) {
    List<LmExample> examples = new ArrayList<>();
    int truncated = 0;
    int skipped = 0;
    for (Sample sample : samples) {
      LmExample e = encode(sample, format, stage, maxLength);
      if (e == null) {
        skipped++;
        String why = "sample {} is longer than max_length {} even with only its last context message; left out";
        if (skipped <= NAMED_AT_WARN) {
          log.warn(why, sample.id(), maxLength);
        } else {
          log.debug(why, sample.id(), maxLength);
        }
        continue;
      }
      if (e.truncatedMessages() > 0) {
        truncated++;
      }
      examples.add(e);
    }
    return new SftData(List.copyOf(examples), truncated, skipped);
  }

  /** One sample, truncated to fit; null when it cannot fit. */
  public static LmExample encode(Sample sample, ChatFormat format, SftStage stage, int maxLength) {
    Message target = stage.target(sample);
    List<Message> context = new ArrayList<>(sample.messages());
    int dropped = 0;
    while (true) {
      List<Message> conversation = new ArrayList<>(context);
      conversation.add(target);
      RenderedChat rendered = format.renderTraining(conversation, sample.tools(), stage.thinking(sample));
      if (rendered.length() <= maxLength) {
        return new LmExample(sample.id(), toInts(rendered.ids()), rendered.lossMask(), dropped);
      }
      // The last context message (the one the target answers) always stays.
      int removed = HistoryTrim.dropOldestTurn(context);
      if (removed == 0) {
        return null;
      }
      dropped += removed;
    }
  }

  private static int[] toInts(long[] ids) {
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }
}
