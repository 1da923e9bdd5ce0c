package ai.thinkact.training;

/**
 * The key names of {@code metrics.jsonl} lines, TRL's where TRL logs the same quantity, so
 * that curves compare with a TRL run's. docs/metrics-jsonl.md defines each; {@code thinkact plot}
 * reads these names.
 */
public final class MetricKeys {

  private MetricKeys() {}

  // Every trainer.
  /** Optimizer steps completed (1-based on the line logged after the first update). */
  public static final String STEP = "step";
  /** Fractional epoch: samples (or prompts) consumed / dataset size. */
  public static final String EPOCH = "epoch";
  public static final String LOSS = "loss";
  public static final String LEARNING_RATE = "learning_rate";
  /** Global L2 norm of the gradients before clipping. */
  public static final String GRAD_NORM = "grad_norm";
  /** Tokens trained on so far (TRL's num_tokens). */
  public static final String NUM_TOKENS = "num_tokens";
  /** Trained tokens per second of wall time over the last step. */
  public static final String TOKENS_PER_SECOND = "tokens_per_second";
  /** Wall seconds of the last step. */
  public static final String STEP_TIME = "step_time";

  // SFT.
  /** Share of target tokens whose argmax prediction is right (TRL SFTTrainer). */
  public static final String MEAN_TOKEN_ACCURACY = "mean_token_accuracy";
  public static final String EVAL_LOSS = "eval_loss";
  public static final String EVAL_MEAN_TOKEN_ACCURACY = "eval_mean_token_accuracy";

  // GRPO (TRL GRPOTrainer names).
  /** Mean total (weighted) reward over the step's completions. */
  public static final String REWARD = "reward";
  /** Mean over groups of the within-group standard deviation of the total reward. */
  public static final String REWARD_STD = "reward_std";
  /** Share of groups whose rewards are all equal (zero advantage, no learning signal). */
  public static final String FRAC_REWARD_ZERO_STD = "frac_reward_zero_std";
  public static final String COMPLETIONS_MEAN_LENGTH = "completions/mean_length";
  public static final String COMPLETIONS_MIN_LENGTH = "completions/min_length";
  public static final String COMPLETIONS_MAX_LENGTH = "completions/max_length";
  /** Share of completions cut at max_completion_length. */
  public static final String COMPLETIONS_CLIPPED_RATIO = "completions/clipped_ratio";
  public static final String KL = "kl";
  public static final String ENTROPY = "entropy";
  public static final String CLIP_RATIO_LOW_MEAN = "clip_ratio/low_mean";
  public static final String CLIP_RATIO_HIGH_MEAN = "clip_ratio/high_mean";
  public static final String CLIP_RATIO_REGION_MEAN = "clip_ratio/region_mean";
  // GRPO with rollouts from an endpoint: the sampler/trainer mismatch (TRL's names).
  /** Smallest importance-sampling weight of the step's completions (after the cap). */
  public static final String IS_RATIO_MIN = "sampling/importance_sampling_ratio/min";
  public static final String IS_RATIO_MEAN = "sampling/importance_sampling_ratio/mean";
  public static final String IS_RATIO_MAX = "sampling/importance_sampling_ratio/max";
  /** Mean |trainer log-prob - sampler log-prob| over the completion tokens. */
  public static final String SAMPLING_LOGP_DIFF_MEAN = "sampling/sampling_logp_difference/mean";
  public static final String SAMPLING_LOGP_DIFF_MAX = "sampling/sampling_logp_difference/max";

  /** The reward components of the paper, as used in {@link #rewardMean} / {@link #rewardStd}. */
  public static final String ACCURACY = "accuracy";
  public static final String FORMAT = "format";
  public static final String LENGTH = "length";

  /** {@code rewards/<component>/mean}: mean of one reward component, unweighted. */
  public static String rewardMean(String component) {
    return "rewards/" + component + "/mean";
  }

  /** {@code rewards/<component>/std}: standard deviation of one reward component over the step. */
  public static String rewardStd(String component) {
    return "rewards/" + component + "/std";
  }
}
