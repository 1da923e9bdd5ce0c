package ai.thinkact.sft;

import ai.thinkact.training.Devices;
import ai.thinkact.training.LrScheduler;
import ai.thinkact.config.Checks;
import ai.thinkact.model.ComputeDtype;
import java.util.List;

/**
 * Settings of the SFT trainer (stage 1 base SFT and stage 2 cold-start reasoning SFT), read from
 * {@code configs/sft.yaml} / {@code configs/coldstart.yaml} by {@link ai.thinkact.config.ConfigLoader};
 * YAML keys are the snake_case of the component names ({@code loraRank} = {@code lora_rank} =
 * {@code --lora-rank}). Defaults live in the {@code DEFAULT_*} constants below and nowhere else.
 *
 * <p>The paper (section 4.2) gives batch 2 x gradient accumulation 4, 3 epochs and LoRA on the
 * seven projections; its rank, alpha, dropout and learning rate were lost from the text, so
 * the defaults for those are our choices, documented on each constant.
 *
 * <p>A "step" is one optimizer update ({@code batchSize * gradientAccumulationSteps} samples),
 * like Hugging Face's {@code global_step}; {@code saveSteps}, {@code evalSteps},
 * {@code loggingSteps} and {@code maxSteps} count those.
 *
 * @param loraRank LoRA rank r of every adapter
 * @param loraAlpha LoRA alpha; the update is scaled by alpha/r (alpha/sqrt(r) with rsLoRA)
 * @param loraDropout dropout on the adapter input, training only
 * @param loraTargetModules which projections get adapters (subset of {@link #ALL_PROJECTIONS})
 * @param useRslora rank-stabilised scaling alpha/sqrt(r) (Kalajdzievski 2023), as PEFT's use_rslora
 * @param learningRate peak AdamW learning rate
 * @param batchSize samples per micro-batch (TRL per_device_train_batch_size)
 * @param gradientAccumulationSteps micro-batches per optimizer step
 * @param epochs passes over the training file; ignored when maxSteps is set
 * @param maxSteps stop after this many optimizer steps (null: run {@code epochs} epochs), as TRL
 * @param warmupRatio fraction of the total steps spent warming up linearly from 0
 * @param warmupSteps warmup length in steps; when set it wins over warmupRatio, as in transformers
 * @param lrScheduler decay after warmup
 * @param weightDecay decoupled AdamW weight decay (applied to LoRA weights only)
 * @param maxGradNorm global L2 norm the gradients are clipped to (0: no clipping)
 * @param maxLength longest tokenized sample; longer ones lose their oldest history turns
 * @param groupByLength batch samples of similar length together to waste little on padding
 * @param seed seeds shuffling, LoRA initialisation and dropout; same seed + data = same run
 * @param saveSteps write a checkpoint every N steps (and always at the end)
 * @param saveTotalLimit keep only the newest N checkpoints (0: keep all), as transformers
 * @param evalSteps evaluation loss on the --eval file every N steps (0: only at the end)
 * @param loggingSteps a plain log line every N steps when stderr is not a terminal
 * @param softmaxSamples 0: the training loss normalises over the whole vocabulary; N: over the step's
 *     target words plus N words drawn at random (a sampled softmax, for pretraining a small model
 *     with a large vocabulary: docs/quickstart.md)
 * @param dtype compute type of the forward and backward pass
 * @param device {@code auto} (a GPU when DJL sees one), {@code cpu}, {@code gpu} or {@code gpu:N}
 */
public record SftConfig(
    int loraRank,
    double loraAlpha,
    double loraDropout,
    List<String> loraTargetModules,
    boolean useRslora,
    double learningRate,
    int batchSize,
    int gradientAccumulationSteps,
    int epochs,
    Integer maxSteps,
    double warmupRatio,
    Integer warmupSteps,
    LrScheduler lrScheduler,
    double weightDecay,
    double maxGradNorm,
    int maxLength,
    boolean groupByLength,
    long seed,
    int saveSteps,
    int saveTotalLimit,
    int evalSteps,
    int loggingSteps,
    int softmaxSamples,
    ComputeDtype dtype,
    String device) {

  /** The seven linear layers of a Qwen3 decoder block, in Hugging Face's names. */
  public static final List<String> ALL_PROJECTIONS =
      List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

  /** 16: our choice (paper value lost); a common LoRA rank for 1-2B models, 2x PEFT's default of 8. */
  public static final int DEFAULT_LORA_RANK = 16;
  /** 32 = 2r, the usual alpha/r = 2 of LoRA recipes (paper value lost). */
  public static final double DEFAULT_LORA_ALPHA = 32;
  /** 0.05, TRL's ModelConfig.lora_dropout default (paper value lost). */
  public static final double DEFAULT_LORA_DROPOUT = 0.05;
  /** Paper section 4.2: query, key, value, output, gate, up and down projections. */
  public static final List<String> DEFAULT_LORA_TARGET_MODULES = ALL_PROJECTIONS;
  /** Plain alpha/r scaling, as the paper's LoRA (hu2021lora). */
  public static final boolean DEFAULT_USE_RSLORA = false;
  /** 2e-4: our choice for stage 1 (paper value lost); TRL's LoRA SFT examples use 2e-4. */
  public static final double DEFAULT_LEARNING_RATE = 2e-4;
  /** 1e-4: our choice for the cold start, half of stage 1 so fewer than 100 samples do not undo it. */
  public static final double DEFAULT_COLDSTART_LEARNING_RATE = 1e-4;
  /** Paper section 4.2: batch size 2. */
  public static final int DEFAULT_BATCH_SIZE = 2;
  /** Paper section 4.2: gradient accumulation 4 (effective batch 8). */
  public static final int DEFAULT_GRADIENT_ACCUMULATION_STEPS = 4;
  /** Paper section 4.2: 3 epochs. */
  public static final int DEFAULT_EPOCHS = 3;
  /** 0.03, the Alpaca/QLoRA warmup ratio many TRL SFT recipes use (paper gives none). */
  public static final double DEFAULT_WARMUP_RATIO = 0.03;
  /** Cosine decay, as the warmup ratio's recipes (transformers defaults to linear). */
  public static final LrScheduler DEFAULT_LR_SCHEDULER = LrScheduler.COSINE;
  /** 0, transformers' TrainingArguments.weight_decay default. */
  public static final double DEFAULT_WEIGHT_DECAY = 0.0;
  /** 1.0, transformers' TrainingArguments.max_grad_norm default. */
  public static final double DEFAULT_MAX_GRAD_NORM = 1.0;
  /** 2048 tokens: a system prompt with tool schemas plus a few turns; TRL's default is 1024. */
  public static final int DEFAULT_MAX_LENGTH = 2048;
  /** transformers' seed default. */
  public static final long DEFAULT_SEED = 42;
  /** A checkpoint every 100 steps: ~800 samples at the paper's effective batch of 8. */
  public static final int DEFAULT_SAVE_STEPS = 100;
  /** Keep the newest 3 checkpoints. */
  public static final int DEFAULT_SAVE_TOTAL_LIMIT = 3;
  /** Eval loss every 100 steps when an eval file is given. */
  public static final int DEFAULT_EVAL_STEPS = 100;
  /** 10, TRL SFTConfig's logging_steps default. */
  public static final int DEFAULT_LOGGING_STEPS = 10;
  /** 0: the exact softmax over the whole vocabulary. */
  public static final int DEFAULT_SOFTMAX_SAMPLES = 0;
  /** float32: exact on every CPU; use bfloat16 on a GPU. */
  public static final ComputeDtype DEFAULT_DTYPE = ComputeDtype.FLOAT32;
  public static final String DEFAULT_DEVICE = "auto";

  public SftConfig {
    loraTargetModules = loraTargetModules == null ? null : List.copyOf(loraTargetModules);
    Checks.atLeast("lora_rank", loraRank, 1);
    Checks.positive("lora_alpha", loraAlpha);
    Checks.inRange("lora_dropout", loraDropout, 0.0, 0.99);
    Checks.notEmpty("lora_target_modules", loraTargetModules);
    Checks.oneOf("lora_target_modules", loraTargetModules, ALL_PROJECTIONS);
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
    Checks.atLeast("max_length", maxLength, 16);
    Checks.atLeast("save_steps", saveSteps, 1);
    Checks.atLeast("save_total_limit", saveTotalLimit, 0);
    Checks.atLeast("eval_steps", evalSteps, 0);
    Checks.atLeast("logging_steps", loggingSteps, 1);
    Checks.atLeast("softmax_samples", softmaxSamples, 0);
    Checks.require(dtype != null, "dtype must be one of float32, bfloat16");
    Devices.check(device);
  }

  /** Stage 1 (base SFT) defaults. */
  public static SftConfig defaults() {
    return withLearningRate(DEFAULT_LEARNING_RATE);
  }

  /** Stage 2 (cold-start reasoning SFT) defaults: as stage 1 with a lower learning rate. */
  public static SftConfig coldStartDefaults() {
    return withLearningRate(DEFAULT_COLDSTART_LEARNING_RATE);
  }

  private static SftConfig withLearningRate(double learningRate) {
    return new SftConfig(
        DEFAULT_LORA_RANK, DEFAULT_LORA_ALPHA, DEFAULT_LORA_DROPOUT, DEFAULT_LORA_TARGET_MODULES,
        DEFAULT_USE_RSLORA, learningRate, DEFAULT_BATCH_SIZE, DEFAULT_GRADIENT_ACCUMULATION_STEPS,
        DEFAULT_EPOCHS, null, DEFAULT_WARMUP_RATIO, null, DEFAULT_LR_SCHEDULER, DEFAULT_WEIGHT_DECAY,
        DEFAULT_MAX_GRAD_NORM, DEFAULT_MAX_LENGTH, true, DEFAULT_SEED, DEFAULT_SAVE_STEPS,
        DEFAULT_SAVE_TOTAL_LIMIT, DEFAULT_EVAL_STEPS, DEFAULT_LOGGING_STEPS, DEFAULT_SOFTMAX_SAMPLES, DEFAULT_DTYPE,
        DEFAULT_DEVICE);
  }

  /** LoRA scaling factor applied to B·A·x: alpha/r, or alpha/sqrt(r) with rsLoRA. */
  public double loraScaling() {
    return useRslora ? loraAlpha / Math.sqrt(loraRank) : loraAlpha / loraRank;
  }

  /** Samples per optimizer step. */
  public int effectiveBatchSize() {
    return batchSize * gradientAccumulationSteps;
  }

  /**
   * Optimizer steps in one epoch over {@code numSamples}: a last partial micro-batch is kept
   * and a last partial accumulation still makes a step (no sample is dropped).
   */
  public long stepsPerEpoch(int numSamples) {
    long microBatches = (numSamples + batchSize - 1) / batchSize;
    return Math.max(1, (microBatches + gradientAccumulationSteps - 1) / gradientAccumulationSteps);
  }

  /** Total optimizer steps of the run: maxSteps when set, else epochs x stepsPerEpoch. */
  public long totalSteps(int numSamples) {
    return maxSteps != null ? maxSteps : epochs * stepsPerEpoch(numSamples);
  }

  /** Warmup length in steps: warmupSteps when set, else ceil(warmupRatio x totalSteps) as transformers. */
  public long warmupStepsFor(long totalSteps) {
    return warmupSteps != null ? warmupSteps : (long) Math.ceil(warmupRatio * totalSteps);
  }

  /** The learning rate of optimizer step {@code step} (0-based) in a run of {@code totalSteps}. */
  public double learningRateAt(long step, long totalSteps) {
    return learningRate * lrScheduler.factor(step, warmupStepsFor(totalSteps), totalSteps);
  }
}
