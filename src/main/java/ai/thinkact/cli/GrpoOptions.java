package ai.thinkact.cli;

import ai.thinkact.config.ConfigLoader;
import ai.thinkact.grpo.GrpoConfig;
import ai.thinkact.grpo.LossType;
import ai.thinkact.grpo.ScaleRewards;
import ai.thinkact.model.ComputeDtype;
import ai.thinkact.training.LrScheduler;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@link GrpoConfig} options of {@code train grpo}, as a picocli mixin: {@code --config FILE}
 * plus one option per config key, null when not given (the YAML value or the default stays).
 * Use: {@code @Mixin GrpoOptions grpo; ... GrpoConfig config = grpo.resolve();}
 */
public final class GrpoOptions {

  @Option(names = "--config", paramLabel = "FILE", description = "YAML run config (configs/grpo.yaml); options below override it.")
  Path config;

  @Option(names = "--num-generations", paramLabel = "G", description = "Completions per prompt (default " + GrpoConfig.DEFAULT_NUM_GENERATIONS + ").")
  Integer numGenerations;

  @Option(names = "--batch-size", paramLabel = "B", description = "Completions per micro-batch, as TRL (default " + GrpoConfig.DEFAULT_BATCH_SIZE + ").")
  Integer batchSize;

  @Option(names = "--gradient-accumulation-steps", paramLabel = "N", description = "Micro-batches per optimizer step (default " + GrpoConfig.DEFAULT_GRADIENT_ACCUMULATION_STEPS + ").")
  Integer gradientAccumulationSteps;

  @Option(names = "--learning-rate", paramLabel = "LR", description = "Peak learning rate (default " + GrpoConfig.DEFAULT_LEARNING_RATE + ").")
  Double learningRate;

  @Option(names = "--beta", description = "KL coefficient, 0 = no reference pass (default " + GrpoConfig.DEFAULT_BETA + ").")
  Double beta;

  @Option(names = "--epsilon", description = "Lower clip epsilon (default " + GrpoConfig.DEFAULT_EPSILON + ").")
  Double epsilon;

  @Option(names = "--epsilon-high", description = "Upper clip epsilon (default: --epsilon).")
  Double epsilonHigh;

  @Option(names = "--loss-type", description = "grpo, bnpo, dr_grpo or dapo (default grpo).")
  LossType lossType;

  @Option(names = "--scale-rewards", description = "group, batch or none (default group).")
  ScaleRewards scaleRewards;

  @Option(names = "--temperature", description = "Sampling temperature (default " + GrpoConfig.DEFAULT_TEMPERATURE + ").")
  Double temperature;

  @Option(names = "--top-p", description = "Nucleus sampling mass (default " + GrpoConfig.DEFAULT_TOP_P + ").")
  Double topP;

  @Option(names = "--top-k", description = "Keep the k likeliest tokens (default off).")
  Integer topK;

  @Option(names = "--max-prompt-length", paramLabel = "TOKENS", description = "Longest prompt (default " + GrpoConfig.DEFAULT_MAX_PROMPT_LENGTH + ").")
  Integer maxPromptLength;

  @Option(names = "--max-completion-length", paramLabel = "TOKENS", description = "Most new tokens (default " + GrpoConfig.DEFAULT_MAX_COMPLETION_LENGTH + ").")
  Integer maxCompletionLength;

  @Option(names = "--num-iterations", description = "Passes per generation round (default " + GrpoConfig.DEFAULT_NUM_ITERATIONS + ").")
  Integer numIterations;

  @Option(names = "--steps-per-generation", description = "Micro-batches per generation round (default: --gradient-accumulation-steps).")
  Integer stepsPerGeneration;

  @Option(names = "--mask-truncated-completions", arity = "0..1", description = "Leave truncated completions out of the loss (default false).")
  Boolean maskTruncatedCompletions;

  @Option(names = "--accuracy-weight", description = "Weight of the accuracy reward (default 1).")
  Double accuracyWeight;

  @Option(names = "--format-weight", description = "Weight of the format reward (default 1).")
  Double formatWeight;

  @Option(names = "--length-weight", description = "Weight of the thinking-length reward (default 1).")
  Double lengthWeight;

  @Option(names = "--think-min-words", description = "Thinking-length lower bound (default " + GrpoConfig.DEFAULT_THINK_MIN_WORDS + ").")
  Integer thinkMinWords;

  @Option(names = "--think-max-words", description = "Thinking-length upper bound (default " + GrpoConfig.DEFAULT_THINK_MAX_WORDS + ").")
  Integer thinkMaxWords;

  @Option(names = {"--reranker-path", "--reranker"}, paramLabel = "DIR", description = "BGE cross-encoder for answer similarity (default: lexical F1).")
  Path rerankerPath;

  @Option(names = "--epochs", description = "Passes over the prompts (default " + GrpoConfig.DEFAULT_EPOCHS + ").")
  Integer epochs;

  @Option(names = "--max-steps", paramLabel = "N", description = "Stop after N optimizer steps; wins over --epochs.")
  Integer maxSteps;

  @Option(names = "--warmup-ratio", description = "Fraction of steps warming up (default " + GrpoConfig.DEFAULT_WARMUP_RATIO + ").")
  Double warmupRatio;

  @Option(names = "--lr-scheduler", description = "constant, linear or cosine (default linear).")
  LrScheduler lrScheduler;

  @Option(names = "--weight-decay", description = "Decoupled AdamW weight decay (default " + GrpoConfig.DEFAULT_WEIGHT_DECAY + ").")
  Double weightDecay;

  @Option(names = "--max-grad-norm", description = "Global gradient-norm clip, 0 = off (default " + GrpoConfig.DEFAULT_MAX_GRAD_NORM + ").")
  Double maxGradNorm;

  @Option(names = "--seed", description = "Random seed (default " + GrpoConfig.DEFAULT_SEED + ").")
  Long seed;

  @Option(names = "--save-steps", paramLabel = "N", description = "Checkpoint every N steps (default " + GrpoConfig.DEFAULT_SAVE_STEPS + ").")
  Integer saveSteps;

  @Option(names = "--save-total-limit", paramLabel = "K", description = "Keep the newest K checkpoints, 0 = all (default " + GrpoConfig.DEFAULT_SAVE_TOTAL_LIMIT + ").")
  Integer saveTotalLimit;

  @Option(names = "--logging-steps", paramLabel = "N", description = "Log line every N steps without a terminal (default " + GrpoConfig.DEFAULT_LOGGING_STEPS + ").")
  Integer loggingSteps;

  @Option(names = "--log-completions", arity = "0..1", description = "Write sample completions to completions.jsonl (default true).")
  Boolean logCompletions;

  @Option(names = "--dtype", description = "float32 (default); bfloat16 is refused: DJL 0.36 has no bf16 type (docs/gpu.md).")
  ComputeDtype dtype;

  @Option(names = "--device", description = "auto, cpu or cuda:N (gpu = cuda:0) (default " + GrpoConfig.DEFAULT_DEVICE + ").")
  String device;

  /** The YAML file given with --config, or null. */
  public Path configFile() {
    return config;
  }

  /** Defaults, then --config, then the options given on the command line. */
  public GrpoConfig resolve() {
    return ConfigLoader.load(config, GrpoConfig.defaults(), overrides());
  }

  /** Every config key with its command-line value, null where the option was not given. */
  Map<String, Object> overrides() {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("num_generations", numGenerations);
    o.put("batch_size", batchSize);
    o.put("gradient_accumulation_steps", gradientAccumulationSteps);
    o.put("learning_rate", learningRate);
    o.put("beta", beta);
    o.put("epsilon", epsilon);
    o.put("epsilon_high", epsilonHigh);
    o.put("loss_type", lossType);
    o.put("scale_rewards", scaleRewards);
    o.put("temperature", temperature);
    o.put("top_p", topP);
    o.put("top_k", topK);
    o.put("max_prompt_length", maxPromptLength);
    o.put("max_completion_length", maxCompletionLength);
    o.put("num_iterations", numIterations);
    o.put("steps_per_generation", stepsPerGeneration);
    o.put("mask_truncated_completions", maskTruncatedCompletions);
    o.put("accuracy_weight", accuracyWeight);
    o.put("format_weight", formatWeight);
    o.put("length_weight", lengthWeight);
    o.put("think_min_words", thinkMinWords);
    o.put("think_max_words", thinkMaxWords);
    o.put("reranker_path", rerankerPath);
    o.put("epochs", epochs);
    o.put("max_steps", maxSteps);
    o.put("warmup_ratio", warmupRatio);
    o.put("lr_scheduler", lrScheduler);
    o.put("weight_decay", weightDecay);
    o.put("max_grad_norm", maxGradNorm);
    o.put("seed", seed);
    o.put("save_steps", saveSteps);
    o.put("save_total_limit", saveTotalLimit);
    o.put("logging_steps", loggingSteps);
    o.put("log_completions", logCompletions);
    o.put("dtype", dtype);
    o.put("device", device);
    return o;
  }
}
