package ai.thinkact.training;

/**
 * What next-token training ({@code train sft}, {@code coldstart}, {@code pretrain}) reads from its
 * config: the shared training settings and those of {@link LmArguments}.
 */
public interface LmConfig {

  TrainingArguments training();

  LmArguments lm();

  /** Total optimizer steps of a run over {@code numExamples}: max_steps, else whole epochs. */
  default long totalSteps(int numExamples) {
    return training().totalSteps(LmArguments.stepsPerEpoch(numExamples, training()));
  }

  /** The learning rate of optimizer step {@code step} (0-based) in a run of {@code totalSteps}. */
  default double learningRateAt(long step, long totalSteps) {
    return training().learningRateAt(step, totalSteps);
  }
}
