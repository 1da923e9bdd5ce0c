package ai.thinkact.training;

import ai.thinkact.config.Checks;
import ai.thinkact.config.Setting;
import ai.thinkact.config.SettingGroup;
import ai.thinkact.model.ComputeSettings;

/**
 * The settings every trainer shares, with the names and defaults of transformers'
 * {@code TrainingArguments}; each stage's config states its own defaults where they differ (see
 * its {@link SettingGroup}), as TRL's {@code SFTConfig} and {@code GRPOConfig} redeclare them.
 *
 * <p>A "step" is one optimizer update ({@code batchSize * gradientAccumulationSteps} examples),
 * like Hugging Face's {@code global_step}; {@code saveSteps}, {@code loggingSteps} and
 * {@code maxSteps} count those.
 */
public record TrainingArguments(
    @Setting(value = "5e-5", label = "LR", doc = "Peak AdamW learning rate (transformers' default).")
    double learningRate,
    @Setting(value = "8", label = "B", doc = "Examples per micro-batch: samples in SFT, completions in GRPO"
        + " (TRL's per_device_train_batch_size).")
    int batchSize,
    @Setting(value = "1", label = "N", doc = "Micro-batches per optimizer step.")
    int gradientAccumulationSteps,
    @Setting(value = "3", label = "E", doc = "Passes over the training data; max_steps wins over it.")
    int epochs,
    @Setting(value = "null", label = "N", doc = "Stop after N optimizer steps; wins over epochs (unset: run the epochs).")
    Integer maxSteps,
    @Setting(value = "0.0", doc = "Fraction of the steps spent warming the learning rate up linearly from 0.")
    double warmupRatio,
    @Setting(value = "null", label = "N", doc = "Warmup length in steps; wins over warmup_ratio, as in transformers.")
    Integer warmupSteps,
    @Setting(value = "linear", doc = "Decay after warmup: constant, linear or cosine (transformers' schedules).")
    LrScheduler lrScheduler,
    @Setting(value = "0.0", doc = "Decoupled AdamW weight decay on the trained weights.")
    double weightDecay,
    @Setting(value = "1.0", doc = "Global L2 norm the gradients are clipped to; 0 = no clipping.")
    double maxGradNorm,
    @Setting(value = "42", doc = "Seeds shuffling, initialisation, dropout and sampling: same seed and data, same run.")
    long seed,
    @Setting(value = "500", label = "N", doc = "A checkpoint every N steps, and always at the end.")
    int saveSteps,
    @Setting(value = "0", label = "K", doc = "Keep the newest K checkpoints; 0 = all.")
    int saveTotalLimit,
    @Setting(value = "10", label = "N", doc = "A log line every N steps when stderr is not a terminal (TRL's default).")
    int loggingSteps,
    @SettingGroup ComputeSettings compute) {

  public TrainingArguments {
    Checks.positive("learning_rate", learningRate);
    Checks.atLeast("batch_size", batchSize, 1);
    Checks.atLeast("gradient_accumulation_steps", gradientAccumulationSteps, 1);
    Checks.atLeast("epochs", epochs, 1);
    if (maxSteps != null) {
      Checks.atLeast("max_steps", maxSteps, 1);
    }
    Checks.inRange("warmup_ratio", warmupRatio, 0.0, 1.0);
    if (warmupSteps != null) {
      Checks.atLeast("warmup_steps", warmupSteps, 0);
    }
    Checks.require(lrScheduler != null, "lr_scheduler must be one of constant, linear, cosine");
    Checks.atLeast("weight_decay", weightDecay, 0.0);
    Checks.atLeast("max_grad_norm", maxGradNorm, 0.0);
    Checks.atLeast("save_steps", saveSteps, 1);
    Checks.atLeast("save_total_limit", saveTotalLimit, 0);
    Checks.atLeast("logging_steps", loggingSteps, 1);
  }

  /** Examples per optimizer step. */
  public int effectiveBatchSize() {
    return batchSize * gradientAccumulationSteps;
  }

  /** Total optimizer steps of the run: maxSteps when set, else epochs x {@code stepsPerEpoch}. */
  public long totalSteps(long stepsPerEpoch) {
    return maxSteps != null ? maxSteps : epochs * stepsPerEpoch;
  }

  /**
   * The learning rate of optimizer step {@code step} (0-based) in a run of {@code totalSteps}: the
   * warmup lasts {@code warmupSteps} steps when given, else ceil(warmupRatio x totalSteps) as in transformers.
   */
  public double learningRateAt(long step, long totalSteps) {
    long warmup = warmupSteps != null ? warmupSteps : (long) Math.ceil(warmupRatio * totalSteps);
    return learningRate * lrScheduler.factor(step, warmup, totalSteps);
  }
}
