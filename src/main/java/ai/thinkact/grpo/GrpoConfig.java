package ai.thinkact.grpo;

import ai.thinkact.config.Checks;
import ai.thinkact.model.ComputeDtype;
import ai.thinkact.training.Devices;
import ai.thinkact.training.LrScheduler;
import java.nio.file.Path;

/**
 * Settings of the GRPO trainer (stage 3), read from {@code configs/grpo.yaml} by
 * {@link ai.thinkact.config.ConfigLoader}; YAML keys are the snake_case of the component names,
 * command-line options their kebab-case ({@code numGenerations} = {@code num_generations} =
 * {@code --num-generations}). Defaults live in the {@code DEFAULT_*} constants and nowhere else.
 *
 * <p>Batch semantics are TRL's (GRPOConfig): {@code batchSize} counts <em>completions</em> per
 * micro-batch; one generation round samples {@code batchSize * stepsPerGeneration} completions,
 * i.e. that number / {@code numGenerations} prompts with {@code numGenerations} completions each,
 * and is reused for {@code numIterations} passes. With the paper's batch 1 x accumulation 16 and
 * G = 8, an optimizer step sees 16 completions = 2 prompts x 8.
 *
 * @param numGenerations completions per prompt, the group size G
 * @param batchSize completions per micro-batch (TRL per_device_train_batch_size)
 * @param gradientAccumulationSteps micro-batches per optimizer step
 * @param learningRate peak AdamW learning rate (the paper's value was lost from the text)
 * @param beta KL coefficient against the reference policy (the adapter disabled); 0 skips it
 * @param epsilon lower clip: the ratio is clipped to [1 - epsilon, ...]
 * @param epsilonHigh upper clip [..., 1 + epsilonHigh]; null means epsilon (DAPO uses 0.28)
 * @param lossType how token losses are averaged
 * @param scaleRewards what centred rewards are divided by
 * @param temperature sampling temperature; log-probabilities use logits / temperature too
 * @param topP nucleus sampling mass (1: off)
 * @param topK keep the k most likely tokens (null: off)
 * @param maxPromptLength longest prompt in tokens; longer prompts lose their oldest history turns
 * @param maxCompletionLength most new tokens per completion
 * @param numIterations optimisation passes over each generation round (TRL's mu)
 * @param stepsPerGeneration micro-batches per generation round (null: gradientAccumulationSteps)
 * @param maskTruncatedCompletions exclude completions that hit maxCompletionLength from the loss
 * @param accuracyWeight weight of the conditional accuracy reward in the total
 * @param formatWeight weight of the format reward in the total
 * @param lengthWeight weight of the thinking-length reward in the total
 * @param thinkMinWords thinking-length reward lower bound in words (paper: 14)
 * @param thinkMaxWords thinking-length reward upper bound in words (paper: 100)
 * @param rerankerPath BGE cross-encoder directory for answer similarity (null: lexical F1 fallback)
 * @param epochs passes over the prompts; ignored when maxSteps is set
 * @param maxSteps stop after this many optimizer steps (null: run {@code epochs} epochs)
 * @param warmupRatio fraction of the total steps spent warming up
 * @param lrScheduler decay after warmup
 * @param weightDecay decoupled AdamW weight decay
 * @param maxGradNorm global L2 norm the gradients are clipped to (0: no clipping)
 * @param seed seeds prompt order and sampling; same seed + data = same run
 * @param saveSteps a checkpoint every N steps (and at the end)
 * @param saveTotalLimit keep only the newest N checkpoints (0: keep all)
 * @param loggingSteps a plain log line every N steps when stderr is not a terminal
 * @param logCompletions append sampled completions to {@code completions.jsonl} every loggingSteps
 * @param dtype compute type of generation and the policy forward/backward
 * @param device {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}
 */
public record GrpoConfig(
    int numGenerations,
    int batchSize,
    int gradientAccumulationSteps,
    double learningRate,
    double beta,
    double epsilon,
    Double epsilonHigh,
    LossType lossType,
    ScaleRewards scaleRewards,
    double temperature,
    double topP,
    Integer topK,
    int maxPromptLength,
    int maxCompletionLength,
    int numIterations,
    Integer stepsPerGeneration,
    boolean maskTruncatedCompletions,
    double accuracyWeight,
    double formatWeight,
    double lengthWeight,
    int thinkMinWords,
    int thinkMaxWords,
    Path rerankerPath,
    int epochs,
    Integer maxSteps,
    double warmupRatio,
    LrScheduler lrScheduler,
    double weightDecay,
    double maxGradNorm,
    long seed,
    int saveSteps,
    int saveTotalLimit,
    int loggingSteps,
    boolean logCompletions,
    ComputeDtype dtype,
    String device) {

  /** Paper section 4.2: 8 outputs per prompt. */
  public static final int DEFAULT_NUM_GENERATIONS = 8;
  /** Paper section 4.2: batch size 1. */
  public static final int DEFAULT_BATCH_SIZE = 1;
  /** Paper section 4.2: gradient accumulation 16 (effective batch 16). */
  public static final int DEFAULT_GRADIENT_ACCUMULATION_STEPS = 16;
  /** 1e-6, TRL GRPOConfig's default (the paper's value was lost from the text). */
  public static final double DEFAULT_LEARNING_RATE = 1e-6;
  /** Paper section 4.2: KL coefficient 0 (also TRL's default). */
  public static final double DEFAULT_BETA = 0.0;
  /** Paper section 4.2: clipping parameter 0.2 (also TRL's default). */
  public static final double DEFAULT_EPSILON = 0.2;
  /** The paper's equation clips [1 - 0.2, 1 + 0.2]: grpo, as DeepSeekMath (TRL now defaults to dapo). */
  public static final LossType DEFAULT_LOSS_TYPE = LossType.GRPO;
  /** Group standard deviation, the paper's advantage and TRL's default. */
  public static final ScaleRewards DEFAULT_SCALE_REWARDS = ScaleRewards.GROUP;
  /** 1.0, TRL's default: sample the policy as it is. */
  public static final double DEFAULT_TEMPERATURE = 1.0;
  /** 1.0 (off), TRL's default. */
  public static final double DEFAULT_TOP_P = 1.0;
  /** 2048 tokens: system prompt with tool schemas plus history (TRL's 512 cuts tool schemas). */
  public static final int DEFAULT_MAX_PROMPT_LENGTH = 2048;
  /** 256 tokens: a think block of at most ~100 words plus one tool call or answer (TRL: 256). */
  public static final int DEFAULT_MAX_COMPLETION_LENGTH = 256;
  /** 1, TRL's default: one optimisation pass per generation round (then the ratio is 1). */
  public static final int DEFAULT_NUM_ITERATIONS = 1;
  /** false, TRL's default. */
  public static final boolean DEFAULT_MASK_TRUNCATED_COMPLETIONS = false;
  /** Paper: total = accuracy + format + length, every weight 1. */
  public static final double DEFAULT_REWARD_WEIGHT = 1.0;
  /** Paper section 3.2.3: 14 words, enough to name the tool. */
  public static final int DEFAULT_THINK_MIN_WORDS = 14;
  /** Paper section 3.2.3: 100 words, above the longest (80-word) cold-start reasoning. */
  public static final int DEFAULT_THINK_MAX_WORDS = 100;
  /** 1 pass over the prompts, TRL's num_train_epochs default is 3 but RL rarely needs it. */
  public static final int DEFAULT_EPOCHS = 1;
  /** 0, TRL's default. */
  public static final double DEFAULT_WARMUP_RATIO = 0.0;
  /** linear, transformers' default. */
  public static final LrScheduler DEFAULT_LR_SCHEDULER = LrScheduler.LINEAR;
  /** 0, transformers' default. */
  public static final double DEFAULT_WEIGHT_DECAY = 0.0;
  /** 1.0, transformers' default. */
  public static final double DEFAULT_MAX_GRAD_NORM = 1.0;
  public static final long DEFAULT_SEED = 42;
  public static final int DEFAULT_SAVE_STEPS = 50;
  public static final int DEFAULT_SAVE_TOTAL_LIMIT = 3;
  /** 1: a GRPO step is slow and its rewards are the point, so log every step. */
  public static final int DEFAULT_LOGGING_STEPS = 1;
  public static final ComputeDtype DEFAULT_DTYPE = ComputeDtype.FLOAT32;
  public static final String DEFAULT_DEVICE = "auto";

  public GrpoConfig {
    Checks.atLeast("num_generations", numGenerations, 2); // a group of 1 has no spread, so no advantage
    Checks.atLeast("batch_size", batchSize, 1);
    Checks.atLeast("gradient_accumulation_steps", gradientAccumulationSteps, 1);
    Checks.positive("learning_rate", learningRate);
    Checks.atLeast("beta", beta, 0.0);
    Checks.inRange("epsilon", epsilon, 0.0, 1.0);
    if (epsilonHigh != null) {
      Checks.atLeast("epsilon_high", epsilonHigh, epsilon);
    }
    Checks.require(lossType != null, "loss_type must be one of grpo, bnpo, dr_grpo, dapo");
    Checks.require(scaleRewards != null, "scale_rewards must be one of group, batch, none");
    Checks.positive("temperature", temperature);
    Checks.inRange("top_p", topP, 1e-6, 1.0);
    if (topK != null) {
      Checks.atLeast("top_k", topK, 1);
    }
    Checks.atLeast("max_prompt_length", maxPromptLength, 16);
    Checks.atLeast("max_completion_length", maxCompletionLength, 1);
    Checks.atLeast("num_iterations", numIterations, 1);
    if (stepsPerGeneration != null) {
      Checks.atLeast("steps_per_generation", stepsPerGeneration, 1);
    }
    int roundSize = batchSize * (stepsPerGeneration != null ? stepsPerGeneration : gradientAccumulationSteps);
    Checks.require(roundSize % numGenerations == 0,
        "num_generations (" + numGenerations + ") must divide batch_size x steps_per_generation (" + roundSize
            + " completions per generation round): change --num-generations, --batch-size or --steps-per-generation");
    Checks.atLeast("accuracy_weight", accuracyWeight, 0.0);
    Checks.atLeast("format_weight", formatWeight, 0.0);
    Checks.atLeast("length_weight", lengthWeight, 0.0);
    Checks.atLeast("think_min_words", thinkMinWords, 1);
    Checks.atLeast("think_max_words", thinkMaxWords, thinkMinWords);
    Checks.atLeast("epochs", epochs, 1);
    if (maxSteps != null) {
      Checks.atLeast("max_steps", maxSteps, 1);
    }
    Checks.inRange("warmup_ratio", warmupRatio, 0.0, 1.0);
    Checks.require(lrScheduler != null, "lr_scheduler must be one of constant, linear, cosine");
    Checks.atLeast("weight_decay", weightDecay, 0.0);
    Checks.atLeast("max_grad_norm", maxGradNorm, 0.0);
    Checks.atLeast("save_steps", saveSteps, 1);
    Checks.atLeast("save_total_limit", saveTotalLimit, 0);
    Checks.atLeast("logging_steps", loggingSteps, 1);
    Checks.require(dtype != null, "dtype must be one of float32, bfloat16");
    Devices.check(device);
  }

  /** The paper's GRPO settings where it gives them, TRL's defaults elsewhere. */
  public static GrpoConfig defaults() {
    return new GrpoConfig(
        DEFAULT_NUM_GENERATIONS, DEFAULT_BATCH_SIZE, DEFAULT_GRADIENT_ACCUMULATION_STEPS,
        DEFAULT_LEARNING_RATE, DEFAULT_BETA, DEFAULT_EPSILON, null, DEFAULT_LOSS_TYPE,
        DEFAULT_SCALE_REWARDS, DEFAULT_TEMPERATURE, DEFAULT_TOP_P, null, DEFAULT_MAX_PROMPT_LENGTH,
        DEFAULT_MAX_COMPLETION_LENGTH, DEFAULT_NUM_ITERATIONS, null, DEFAULT_MASK_TRUNCATED_COMPLETIONS,
        DEFAULT_REWARD_WEIGHT, DEFAULT_REWARD_WEIGHT, DEFAULT_REWARD_WEIGHT, DEFAULT_THINK_MIN_WORDS,
        DEFAULT_THINK_MAX_WORDS, null, DEFAULT_EPOCHS, null, DEFAULT_WARMUP_RATIO, DEFAULT_LR_SCHEDULER,
        DEFAULT_WEIGHT_DECAY, DEFAULT_MAX_GRAD_NORM, DEFAULT_SEED, DEFAULT_SAVE_STEPS,
        DEFAULT_SAVE_TOTAL_LIMIT, DEFAULT_LOGGING_STEPS, true, DEFAULT_DTYPE, DEFAULT_DEVICE);
  }

  /** The upper clip bound's epsilon: epsilonHigh, or epsilon when unset (TRL). */
  public double effectiveEpsilonHigh() {
    return epsilonHigh != null ? epsilonHigh : epsilon;
  }

  /** Micro-batches per generation round: stepsPerGeneration, or gradientAccumulationSteps (TRL). */
  public int effectiveStepsPerGeneration() {
    return stepsPerGeneration != null ? stepsPerGeneration : gradientAccumulationSteps;
  }

  /** Completions sampled per generation round. */
  public int generationBatchSize() {
    return batchSize * effectiveStepsPerGeneration();
  }

  /** Distinct prompts per generation round. */
  public int promptsPerGeneration() {
    return generationBatchSize() / numGenerations;
  }
}
