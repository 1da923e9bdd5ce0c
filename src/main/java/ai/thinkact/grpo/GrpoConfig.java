package ai.thinkact.grpo;

import ai.thinkact.config.Checks;
import ai.thinkact.config.Setting;
import ai.thinkact.config.SettingGroup;
import ai.thinkact.config.Settings;
import ai.thinkact.model.SamplingConfig;
import ai.thinkact.reward.RewardConfig;
import ai.thinkact.training.TrainingArguments;
import java.nio.file.Path;

/**
 * Settings of the GRPO trainer (stage 3), read from {@code configs/grpo.yaml}. Every key is declared
 * once, with its default and doc ({@link Setting}), here or in a group: the shared training
 * settings, the loss ({@link GrpoLossConfig}), the reward ({@link RewardConfig}) and the rollouts'
 * sampling ({@link SamplingConfig}).
 *
 * <p>Batch semantics are TRL's (GRPOConfig): {@code batch_size} counts <em>completions</em> per
 * micro-batch; one generation round samples {@code batch_size x steps_per_generation} completions,
 * i.e. that number / {@code num_generations} prompts with {@code num_generations} completions each,
 * and is reused for {@code num_iterations} passes. With the paper's batch 1 x accumulation 16 and
 * G = 8, an optimizer step sees 16 completions = 2 prompts x 8.
 */
public record GrpoConfig(
    @SettingGroup(defaults = """
        learning_rate: 1e-6       # TRL GRPOConfig's default (the paper's value was lost)
        batch_size: 1             # paper section 4.2
        gradient_accumulation_steps: 16   # paper section 4.2: effective batch 16
        epochs: 1                 # one pass over the prompts (TRL's 3 is rarely needed in RL)
        save_steps: 50
        save_total_limit: 3
        logging_steps: 1          # a GRPO step is slow and its rewards are the point
        """)
    TrainingArguments training,
    @SettingGroup GrpoLossConfig loss,
    @SettingGroup RewardConfig reward,
    @Setting(value = "8", label = "G", doc = "Completions per prompt, the group size G (paper section 4.2).")
    int numGenerations,
    @Setting(value = "group", doc = "What centred rewards are divided by: group (the paper's std), batch or none.")
    ScaleRewards scaleRewards,
    @SettingGroup SamplingConfig sampling,
    @Setting(value = "2048", label = "TOKENS", doc = "Longest prompt; longer prompts lose their oldest history turns"
        + " (TRL's 512 cuts tool schemas).")
    int maxPromptLength,
    @Setting(value = "1", label = "N", doc = "Optimisation passes over each generation round (TRL's mu); with 1 the ratio is 1.")
    int numIterations,
    @Setting(value = "null", label = "N", doc = "Micro-batches per generation round (unset: gradient_accumulation_steps).")
    Integer stepsPerGeneration,
    @Setting(value = "false", doc = "Leave completions cut at max_completion_length out of the loss (TRL's default: false).")
    boolean maskTruncatedCompletions,
    @Setting(value = "null", label = "DIR", aliases = "--reranker",
        doc = "BGE cross-encoder for answer similarity (unset: the lexical F1 fallback).")
    Path rerankerPath,
    @Setting(value = "true", doc = "Write the sampled completions of logged steps to completions.jsonl.")
    boolean logCompletions,
    @Setting(value = "sequence_mask", doc = "With --rollout-endpoint: how completions are reweighted for the server's"
        + " log-prob mismatch: token_truncate, token_mask, sequence_truncate or sequence_mask (TRL's"
        + " vllm_importance_sampling_mode).")
    ImportanceSamplingMode vllmImportanceSamplingMode,
    @Setting(value = "3.0", doc = "With --rollout-endpoint: importance-sampling ratios above this are truncated to it"
        + " (*_truncate) or zeroed (*_mask) (TRL's vllm_importance_sampling_cap, later clip_max).")
    double vllmImportanceSamplingCap) {

  public GrpoConfig {
    Checks.atLeast("num_generations", numGenerations, 2); // a group of 1 has no spread, so no advantage
    Checks.require(scaleRewards != null, "scale_rewards must be one of group, batch, none");
    Checks.atLeast("max_prompt_length", maxPromptLength, 16);
    Checks.atLeast("num_iterations", numIterations, 1);
    Checks.require(vllmImportanceSamplingMode != null,
        "vllm_importance_sampling_mode must be one of token_truncate, token_mask, sequence_truncate, sequence_mask");
    Checks.require(vllmImportanceSamplingCap >= 1 && Double.isFinite(vllmImportanceSamplingCap),
        "vllm_importance_sampling_cap must be a finite number >= 1 (a ratio of 1 is on-policy), got "
            + vllmImportanceSamplingCap);
    if (stepsPerGeneration != null) {
      Checks.atLeast("steps_per_generation", stepsPerGeneration, 1);
    }
    int roundSize = training.batchSize()
        * (stepsPerGeneration != null ? stepsPerGeneration : training.gradientAccumulationSteps());
    Checks.require(roundSize % numGenerations == 0,
        "num_generations (" + numGenerations + ") must divide batch_size x steps_per_generation (" + roundSize
            + " completions per generation round): change --num-generations, --batch-size or --steps-per-generation");
  }

  /** The paper's GRPO settings where it gives them, TRL's defaults elsewhere. */
  public static GrpoConfig defaults() {
    return Settings.of(GrpoConfig.class).defaults();
  }

  /** Micro-batches per generation round: stepsPerGeneration, or gradientAccumulationSteps (TRL). */
  public int effectiveStepsPerGeneration() {
    return stepsPerGeneration != null ? stepsPerGeneration : training.gradientAccumulationSteps();
  }

  /** Completions sampled per generation round. */
  public int generationBatchSize() {
    return training.batchSize() * effectiveStepsPerGeneration();
  }

  /** Distinct prompts per generation round. */
  public int promptsPerGeneration() {
    return generationBatchSize() / numGenerations;
  }

  /** The learning rate of optimizer step {@code step} (0-based) in a run of {@code totalSteps}. */
  public double learningRateAt(long step, long totalSteps) {
    return training.learningRateAt(step, totalSteps);
  }
}
