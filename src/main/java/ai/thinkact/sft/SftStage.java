package ai.thinkact.sft;

import ai.thinkact.chat.Message;
import ai.thinkact.base.InvalidDataException;
import ai.thinkact.data.Sample;
import ai.thinkact.data.TargetMessages;
import java.util.List;

/** Which SFT stage a run is: it decides the target turn each sample is trained to produce. */
public enum SftStage {
  /**
   * Causal-LM pretraining of the model's own weights on plain text (no chat template, every
   * token a target): it stands in for the pretraining a random quick-start model never had.
   */
  PRETRAIN("pretrain"),
  /** Stage 1, base SFT (paper 3.1.1): the action alone after an empty think block. */
  SFT("sft"),
  /** Stage 2, cold start (paper 3.1.2): {@code <think>reasoning</think>} then the tagged action. */
  COLDSTART("coldstart");

  private final String label;

  SftStage(String label) {
    this.label = label;
  }

  /** {@code sft} or {@code coldstart}: the trainer state's stage name and the progress label. */
  public String label() {
    return label;
  }

  /**
   * The assistant message {@code sample} is trained on (docs/format.md): {@link TargetMessages#plain}
   * for stage 1 (any reasoning in the sample is ignored); for stage 2 {@link
   * TargetMessages#withReasoning}, or, for a sample without reasoning (a rehearsal of stage 1,
   * {@code data prepare --coldstart-rehearsal}), {@link TargetMessages#tagged}: the action in the
   * stage-2 format, rendered with thinking off ({@link #thinking}).
   */
  public Message target(Sample sample) {
    if (this == PRETRAIN) {
      throw new IllegalStateException("pretraining reads text documents, not samples");
    }
    if (this == SFT) {
      return TargetMessages.plain(sample.target());
    }
    return sample.hasReasoning() ? TargetMessages.withReasoning(sample.target(), sample.reasoning())
        : TargetMessages.tagged(sample.target());
  }

  /**
   * Whether {@code sample} is rendered with thinking on, its think block trained: always, except
   * a cold-start sample without reasoning, whose prompt ends with the empty think block (as with
   * {@code eval --think off}) so that it does not teach the model to think in silence.
   */
  public boolean thinking(Sample sample) {
    return this != COLDSTART || sample.hasReasoning();
  }

  /** A stage-2 data set must teach reasoning: at least one of its samples has some. */
  public void checkSamples(List<Sample> samples, String file) {
    if (this == COLDSTART && !samples.isEmpty() && samples.stream().noneMatch(Sample::hasReasoning)) {
      throw new InvalidDataException(file + ": no sample has the field reasoning; train coldstart needs samples"
          + " with reasoning (data prepare --think-tool reasoning --coldstart-samples K writes them)");
    }
  }
}
