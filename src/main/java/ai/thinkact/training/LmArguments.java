package ai.thinkact.training;

import ai.thinkact.config.Checks;
import ai.thinkact.config.Setting;

/**
 * The settings of next-token training on tokenized examples ({@link LmStep}), shared by SFT and
 * pretraining: how long an example may be, how examples are batched, when the eval loss is taken
 * and how the loss normalises.
 */
public record LmArguments(
    @Setting(value = "2048", label = "TOKENS", doc = "Longest example in tokens; a longer sample loses its oldest"
        + " history turns, a longer document is cut into windows (TRL's default is 1024, too short for tool schemas).")
    int maxLength,
    @Setting(value = "true", doc = "Batch examples of similar length together, to waste little on padding"
        + " (transformers' LengthGroupedSampler).")
    boolean groupByLength,
    @Setting(value = "100", label = "N", doc = "Eval loss on the --eval file every N steps; 0 = only at the end.")
    int evalSteps,
    @Setting(value = "0", label = "N", doc = "0: the loss normalises over the whole vocabulary; N: over the step's"
        + " target words plus N sampled ones (a sampled softmax, for pretraining a small model; docs/quickstart.md).")
    int softmaxSamples) {

  public LmArguments {
    Checks.atLeast("max_length", maxLength, 16);
    Checks.atLeast("eval_steps", evalSteps, 0);
    Checks.atLeast("softmax_samples", softmaxSamples, 0);
  }

  /**
   * Optimizer steps in one epoch over {@code numExamples}: a last partial micro-batch is kept
   * and a last partial accumulation still makes a step (no example is dropped).
   */
  public static long stepsPerEpoch(int numExamples, TrainingArguments training) {
    long microBatches = (numExamples + training.batchSize() - 1) / training.batchSize();
    long accumulation = training.gradientAccumulationSteps();
    return Math.max(1, (microBatches + accumulation - 1) / accumulation);
  }
}
