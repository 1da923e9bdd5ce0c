package ai.thinkact.cli;

import ai.thinkact.config.ConfigLoader;
import ai.thinkact.model.ComputeDtype;
import ai.thinkact.training.LrScheduler;
import ai.thinkact.sft.SftConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@link SftConfig} options of {@code train sft} and {@code train coldstart}, as a picocli
 * mixin: {@code --config FILE} plus one option per config key. Options are boxed and null
 * when not given, so an unset option keeps the YAML value (or the default); see
 * {@link ConfigLoader}. Use: {@code @Mixin SftOptions sft; ... SftConfig config = sft.resolve(SftConfig.defaults());}
 */
public final class SftOptions {

  @Option(names = "--config", paramLabel = "FILE", description = "YAML run config (configs/sft.yaml, configs/coldstart.yaml); options below override it.")
  Path config;

  @Option(names = "--lora-rank", paramLabel = "R", description = "LoRA rank (default " + SftConfig.DEFAULT_LORA_RANK + ").")
  Integer loraRank;

  @Option(names = "--lora-alpha", description = "LoRA alpha; scaling alpha/r (default " + SftConfig.DEFAULT_LORA_ALPHA + ").")
  Double loraAlpha;

  @Option(names = "--lora-dropout", description = "Dropout on the adapter input (default " + SftConfig.DEFAULT_LORA_DROPOUT + ").")
  Double loraDropout;

  @Option(names = "--lora-target-modules", split = ",", paramLabel = "MODULE",
      description = "Comma-separated projections to adapt (default all seven: q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj).")
  List<String> loraTargetModules;

  @Option(names = "--use-rslora", arity = "0..1", description = "Rank-stabilised scaling alpha/sqrt(r) (default false).")
  Boolean useRslora;

  @Option(names = "--learning-rate", paramLabel = "LR", description = "Peak learning rate (default " + SftConfig.DEFAULT_LEARNING_RATE + ", coldstart " + SftConfig.DEFAULT_COLDSTART_LEARNING_RATE + ").")
  Double learningRate;

  @Option(names = "--batch-size", paramLabel = "B", description = "Samples per micro-batch (default " + SftConfig.DEFAULT_BATCH_SIZE + ").")
  Integer batchSize;

  @Option(names = "--gradient-accumulation-steps", paramLabel = "N", description = "Micro-batches per optimizer step (default " + SftConfig.DEFAULT_GRADIENT_ACCUMULATION_STEPS + ").")
  Integer gradientAccumulationSteps;

  @Option(names = "--epochs", paramLabel = "E", description = "Passes over the data (default " + SftConfig.DEFAULT_EPOCHS + ").")
  Integer epochs;

  @Option(names = "--max-steps", paramLabel = "N", description = "Stop after N optimizer steps; wins over --epochs.")
  Integer maxSteps;

  @Option(names = "--warmup-ratio", description = "Fraction of steps warming up (default " + SftConfig.DEFAULT_WARMUP_RATIO + ").")
  Double warmupRatio;

  @Option(names = "--warmup-steps", paramLabel = "N", description = "Warmup steps; wins over --warmup-ratio.")
  Integer warmupSteps;

  @Option(names = "--lr-scheduler", description = "constant, linear or cosine (default cosine).")
  LrScheduler lrScheduler;

  @Option(names = "--weight-decay", description = "Decoupled AdamW weight decay (default " + SftConfig.DEFAULT_WEIGHT_DECAY + ").")
  Double weightDecay;

  @Option(names = "--max-grad-norm", description = "Global gradient-norm clip, 0 = off (default " + SftConfig.DEFAULT_MAX_GRAD_NORM + ").")
  Double maxGradNorm;

  @Option(names = "--max-length", paramLabel = "TOKENS", description = "Longest sample; older history is cut (default " + SftConfig.DEFAULT_MAX_LENGTH + ").")
  Integer maxLength;

  @Option(names = "--group-by-length", arity = "0..1", description = "Batch samples of similar length (default true).")
  Boolean groupByLength;

  @Option(names = "--seed", description = "Random seed (default " + SftConfig.DEFAULT_SEED + ").")
  Long seed;

  @Option(names = "--save-steps", paramLabel = "N", description = "Checkpoint every N steps (default " + SftConfig.DEFAULT_SAVE_STEPS + ").")
  Integer saveSteps;

  @Option(names = "--save-total-limit", paramLabel = "K", description = "Keep the newest K checkpoints, 0 = all (default " + SftConfig.DEFAULT_SAVE_TOTAL_LIMIT + ").")
  Integer saveTotalLimit;

  @Option(names = "--eval-steps", paramLabel = "N", description = "Eval loss every N steps (default " + SftConfig.DEFAULT_EVAL_STEPS + ").")
  Integer evalSteps;

  @Option(names = "--logging-steps", paramLabel = "N", description = "Log line every N steps without a terminal (default " + SftConfig.DEFAULT_LOGGING_STEPS + ").")
  Integer loggingSteps;

  @Option(names = "--softmax-samples", paramLabel = "N", description = "0: the loss normalises over the whole vocabulary;"
      + " N: over the step's target words plus N sampled ones (a sampled softmax, for train pretrain) (default "
      + SftConfig.DEFAULT_SOFTMAX_SAMPLES + ").")
  Integer softmaxSamples;

  @Option(names = "--dtype", description = "float32 (default); bfloat16 is refused: DJL 0.36 has no bf16 type (docs/gpu.md).")
  ComputeDtype dtype;

  @Option(names = "--device", description = "auto, cpu or cuda:N (gpu = cuda:0) (default " + SftConfig.DEFAULT_DEVICE + ").")
  String device;

  /** The YAML file given with --config, or null. */
  public Path configFile() {
    return config;
  }

  /** Defaults, then --config, then the options given on the command line. */
  public SftConfig resolve(SftConfig defaults) {
    return ConfigLoader.load(config, defaults, overrides());
  }

  /** Every config key with its command-line value, null where the option was not given. */
  Map<String, Object> overrides() {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("lora_rank", loraRank);
    o.put("lora_alpha", loraAlpha);
    o.put("lora_dropout", loraDropout);
    o.put("lora_target_modules", loraTargetModules);
    o.put("use_rslora", useRslora);
    o.put("learning_rate", learningRate);
    o.put("batch_size", batchSize);
    o.put("gradient_accumulation_steps", gradientAccumulationSteps);
    o.put("epochs", epochs);
    o.put("max_steps", maxSteps);
    o.put("warmup_ratio", warmupRatio);
    o.put("warmup_steps", warmupSteps);
    o.put("lr_scheduler", lrScheduler);
    o.put("weight_decay", weightDecay);
    o.put("max_grad_norm", maxGradNorm);
    o.put("max_length", maxLength);
    o.put("group_by_length", groupByLength);
    o.put("seed", seed);
    o.put("save_steps", saveSteps);
    o.put("save_total_limit", saveTotalLimit);
    o.put("eval_steps", evalSteps);
    o.put("logging_steps", loggingSteps);
    o.put("softmax_samples", softmaxSamples);
    o.put("dtype", dtype);
    o.put("device", device);
    return o;
  }
}
