package ai.thinkact.sft;

import ai.thinkact.chat.Message;
import ai.thinkact.base.InvalidDataException;
import ai.thinkact.data.Sample;
import ai.thinkact.data.TargetMessages;

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
   * for stage 1 (any reasoning in the sample is ignored), {@link TargetMessages#withReasoning}
   * for stage 2, which needs reasoning on every sample.
   */
  public Message target(Sample sample) {
    if (this == PRETRAIN) {
      throw new IllegalStateException("pretraining reads text documents, not samples");
    }
    if (this == SFT) {
      return TargetMessages.plain(sample.target());
    }
    if (sample.reasoning() == null || sample.reasoning().isBlank()) {
      throw new InvalidDataException("sample " + sample.id() + ": field reasoning is missing; train coldstart"
          + " needs reasoning on every sample (use train sft for samples without it)");
    }
    return TargetMessages.withReasoning(sample.target(), sample.reasoning());
  }
}
