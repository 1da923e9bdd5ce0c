package ai.thinkact.grpo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.thinkact.chat.ChatFormat;
import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.cli.RunFailedException;
import ai.thinkact.config.ConfigException;
import ai.thinkact.config.ConfigLoader;
import ai.thinkact.data.Sample;
import ai.thinkact.data.Target;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.GenerationResult;
import ai.thinkact.model.Generator;
import ai.thinkact.model.LogProbs;
import ai.thinkact.model.PromptCompletion;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.model.SamplingSettings;
import ai.thinkact.reward.RewardBreakdown;
import ai.thinkact.train.AdamW;
import ai.thinkact.train.AdamWConfig;
import ai.thinkact.train.AtomicFiles;
import ai.thinkact.train.Checkpoints;
import ai.thinkact.train.GradientClipping;
import ai.thinkact.train.MetricKeys;
import ai.thinkact.train.MetricsLog;
import ai.thinkact.train.ProgressReporter;
import ai.thinkact.train.Seeds;
import ai.thinkact.train.TrainerState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 3: GRPO on a LoRA adapter (paper section 3.1.3, equations 1-7), with TRL GRPOTrainer's
 * schedule. A generation round samples {@code batch_size x steps_per_generation} completions
 * (G per prompt) in one batched, KV-cached generation, scores them with the composite reward and
 * turns them into group advantages; the round is then cut into micro-batches of
 * {@code batch_size} completions, used {@code num_iterations} times, and every
 * {@code gradient_accumulation_steps} micro-batches make one AdamW step after global-norm clipping.
 *
 * <p>Deviations from the paper and from TRL:
 * <ul>
 *   <li>The math of the loss and the advantages is TRL's, not the paper's text: see {@link GrpoLoss}
 *       and {@link GroupAdvantages} (std + 1e-4, token-level variants, k3 KL in the loss).
 *   <li>The paper's reference policy is the cold-start checkpoint; here (as TRL with an unmerged
 *       PEFT adapter) it is the base model with the adapter disabled, no second copy. It matters
 *       only when beta > 0 (the paper uses 0). Its log-probs are taken once per round, at
 *       generation time, since it does not change.
 *   <li>Old log-probs come from a separate no-gradient forward right after generation (as TRL),
 *       not from the sampler's logits, and only when a round spans optimizer steps
 *       ({@code gradient_accumulation_steps % (steps_per_generation x num_iterations) != 0}, TRL's
 *       rule); otherwise old = the detached current log-probs and the ratio is exactly 1.
 *   <li>When no completion of an optimizer step has a non-zero advantage and beta = 0, the loss and
 *       its gradient are exactly 0: the forward, backward and AdamW update are skipped (TRL would
 *       still let Adam's momentum move the weights); the step still counts and is logged with loss 0.
 *   <li>Reward metrics on a step line are those of the rounds generated during the step (TRL logs
 *       them at generation time); a step that generated nothing repeats its round's figures.
 *   <li>Resume is exact at round boundaries (the default: one round per optimizer step); resuming
 *       inside a round that spans steps starts the next round, since the old round's policy is gone.
 *   <li>An epoch's last prompts that do not fill a round are not used in that epoch (drop_last).
 *   <li>{@code trainer_state.json}'s {@code batches_in_epoch} counts generation rounds, and
 *       {@code samples_seen} prompts.
 * </ul>
 */
public final class GrpoTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(GrpoTrainer.class);

  public static final String STAGE = "grpo";
  /** Final adapter directory under the output, and inside every checkpoint. */
  public static final String ADAPTER_DIR = "adapter";
  public static final String OPTIMIZER_FILE = "optimizer.bin";

  /** One reward breakdown per completion; {@code CompositeReward::score} is one. */
  @FunctionalInterface
  public interface RewardFunction {
    List<RewardBreakdown> score(List<Target> targets, List<String> completions);
  }

  private final Qwen3Model model;
  private final LoraAdapter adapter;
  private final QwenTokenizer tokenizer;
  private final GrpoPrompts prompts;
  private final RewardFunction reward;
  private final GrpoConfig config;
  private final GrpoLossConfig lossConfig;
  private final Path outputDir;
  private final String baseModel;
  private final List<NDArray> parameters;
  private final AdamW optimizer;
  private final Generator generator;
  private final SamplingSettings sampling;
  private final boolean keepOldLogps;

  /**
   * @param adapter the trainable adapter (the cold-start one, or a checkpoint's when resuming)
   * @param baseModel written as {@code base_model_name_or_path} into saved adapters
   */
  public GrpoTrainer(Qwen3Model model, LoraAdapter adapter, QwenTokenizer tokenizer, RewardFunction reward,
      GrpoConfig config, Path outputDir, String baseModel) {
    this.model = model;
    this.adapter = adapter;
    this.tokenizer = tokenizer;
    this.prompts = new GrpoPrompts(new ChatFormat(tokenizer), config.maxPromptLength());
    this.reward = reward;
    this.config = config;
    this.lossConfig = new GrpoLossConfig(config.lossType(), config.epsilon(), config.effectiveEpsilonHigh(),
        config.beta(), config.maxCompletionLength());
    this.outputDir = outputDir;
    this.baseModel = baseModel;
    adapter.requireGradients();
    this.parameters = new ArrayList<>(adapter.namedParameters().values());
    this.optimizer = new AdamW(parameters, new AdamWConfig(0.9, 0.999, 1e-8, config.weightDecay()));
    this.generator = new Generator(model);
    this.sampling = SamplingSettings.sample((float) config.temperature(), config.topK() == null ? 0 : config.topK(),
        (float) config.topP(), config.seed(), config.maxCompletionLength(),
        Set.of(Math.toIntExact(tokenizer.imEndId()), Math.toIntExact(tokenizer.endOfTextId())));
    int generateEvery = config.effectiveStepsPerGeneration() * config.numIterations();
    this.keepOldLogps = config.gradientAccumulationSteps() % generateEvery != 0;
  }

  /** Optimizer steps of a run over {@code numPrompts} prompts: max_steps, else whole epochs. */
  public long totalSteps(int numPrompts) {
    if (config.maxSteps() != null) {
      return config.maxSteps();
    }
    long rounds = (long) config.epochs() * (numPrompts / config.promptsPerGeneration());
    long micro = rounds * config.effectiveStepsPerGeneration() * config.numIterations();
    return Math.max(1, micro / config.gradientAccumulationSteps());
  }

  /**
   * Trains until the planned number of steps, checkpointing every save_steps and at the end, and
   * writes the final adapter to {@code OUTPUT/adapter}.
   *
   * @param resumeFrom a complete checkpoint directory, or null for a fresh run
   * @return the final state
   */
  public TrainerState train(List<Sample> data, Path resumeFrom) throws IOException {
    int perRound = config.promptsPerGeneration();
    if (data.size() < perRound) {
      throw new ConfigException(data.size() + " prompts cannot fill one generation round of " + perRound
          + " prompts (batch_size x steps_per_generation / num_generations)");
    }
    int roundsPerEpoch = data.size() / perRound;
    int microPerRound = config.effectiveStepsPerGeneration() * config.numIterations();
    TrainerState state = TrainerState.start(STAGE, totalSteps(data.size()), config.seed());
    if (resumeFrom != null) {
      state = TrainerState.read(resumeFrom);
      if (!STAGE.equals(state.stage())) {
        throw new ConfigException("--resume " + resumeFrom + " is a " + state.stage() + " checkpoint, not grpo");
      }
      optimizer.load(resumeFrom.resolve(OPTIMIZER_FILE));
      LOG.info("resumed from {} at step {}", resumeFrom, state.globalStep());
    }
    long totalSteps = totalSteps(data.size()); // from the config, so a resume may extend --max-steps
    long warmupSteps = (long) Math.ceil(config.warmupRatio() * totalSteps);
    AtomicFiles.writeString(outputDir.resolve("config.yaml"), ConfigLoader.toYaml(config));
    Checkpoints checkpoints = new Checkpoints(outputDir, config.saveTotalLimit());
    List<Sample> order = shuffled(data, config.seed(), state.epoch());
    Rollout round = null;
    int microInRound = microPerRound; // forces a new round first (also after a resume)
    try (MetricsLog metrics = MetricsLog.open(outputDir, state.globalStep());
        CompletionsLog completionsLog = CompletionsLog.open(outputDir, state.globalStep());
        ProgressReporter progress = ProgressReporter.start(STAGE, totalSteps, state.globalStep(), "step",
            config.loggingSteps())) {
      while (state.globalStep() < totalSteps) {
        long started = System.nanoTime();
        long step = state.globalStep() + 1;
        int epoch = state.epoch();
        long roundsInEpoch = state.batchesInEpoch();
        long samplesSeen = state.samplesSeen();
        long tokensSeen = state.tokensSeen();
        List<List<Rollout.Completion>> microBatches = new ArrayList<>();
        List<Rollout> generated = new ArrayList<>();
        for (int k = 0; k < config.gradientAccumulationSteps(); k++) {
          if (microInRound == microPerRound) {
            if (roundsInEpoch == roundsPerEpoch) {
              epoch++;
              roundsInEpoch = 0;
              order = shuffled(data, config.seed(), epoch);
            }
            int from = Math.toIntExact(roundsInEpoch * perRound);
            round = generate(order.subList(from, from + perRound), Seeds.random(config.seed(), Seeds.STEP,
                samplesSeen / perRound));
            generated.add(round);
            roundsInEpoch++;
            samplesSeen += perRound;
            microInRound = 0;
          }
          microBatches.add(round.microBatch(microInRound % config.effectiveStepsPerGeneration(), config.batchSize()));
          microInRound++;
        }
        double learningRate = config.learningRate() * config.lrScheduler().factor(step - 1, warmupSteps, totalSteps);
        Engine.getInstance().setRandomSeed((int) Seeds.derive(config.seed(), Seeds.STEP, step)); // LoRA dropout
        StepResult result = optimizerStep(microBatches, learningRate);
        for (List<Rollout.Completion> micro : microBatches) {
          for (Rollout.Completion c : micro) {
            tokensSeen += c.tokens().promptIds().length + c.length();
          }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        state = new TrainerState(STAGE, step, totalSteps, epoch, roundsInEpoch, config.seed(), samplesSeen,
            tokensSeen, state.elapsedSeconds() + seconds);

        Map<String, Number> line = new LinkedHashMap<>();
        line.put(MetricKeys.EPOCH, (double) samplesSeen / data.size());
        line.put(MetricKeys.LOSS, result.loss());
        line.put(MetricKeys.LEARNING_RATE, learningRate);
        line.put(MetricKeys.GRAD_NORM, result.gradNorm());
        line.put(MetricKeys.NUM_TOKENS, tokensSeen);
        line.putAll(RoundMetrics.average(generated.isEmpty() ? List.of(round) : generated));
        if (config.beta() > 0) {
          line.put(MetricKeys.KL, result.kl());
        }
        line.put(MetricKeys.ENTROPY, result.entropy());
        line.put(MetricKeys.CLIP_RATIO_LOW_MEAN, result.lowClip());
        line.put(MetricKeys.CLIP_RATIO_HIGH_MEAN, result.highClip());
        line.put(MetricKeys.CLIP_RATIO_REGION_MEAN, result.regionClip());
        line.put(MetricKeys.STEP_TIME, seconds);
        metrics.log(step, line);
        if (config.logCompletions() && step % config.loggingSteps() == 0) {
          for (Rollout r : generated) {
            completionsLog.write(step, r);
          }
        }
        progress.update(step, Map.of(MetricKeys.REWARD, line.get(MetricKeys.REWARD), MetricKeys.LOSS, result.loss()));
        if (step % config.saveSteps() == 0 || step == totalSteps) {
          saveCheckpoint(checkpoints, state);
        }
      }
    }
    AtomicFiles.writeDirectory(outputDir.resolve(ADAPTER_DIR), dir -> adapter.save(dir, baseModel));
    LOG.info("wrote the adapter to {}", outputDir.resolve(ADAPTER_DIR));
    return state;
  }

  /** Samples G completions per prompt in one batched generation, scores them, and computes advantages. */
  Rollout generate(List<Sample> samples, Random random) {
    int g = config.numGenerations();
    List<int[]> promptIds = new ArrayList<>();
    List<Sample> perCompletion = new ArrayList<>();
    for (Sample sample : samples) {
      int[] ids = prompts.render(sample);
      for (int i = 0; i < g; i++) {
        promptIds.add(ids);
        perCompletion.add(sample);
      }
    }
    adapter.setDropoutActive(false); // generation runs the policy in eval mode, as TRL
    List<GenerationResult> results = generator.generate(promptIds, sampling, adapter, random);
    List<PromptCompletion> tokens = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      int[] ids = results.get(i).tokenIds();
      tokens.add(new PromptCompletion(promptIds.get(i), ids));
      texts.add(tokenizer.decode(java.util.Arrays.stream(ids).asLongStream().toArray(), true));
      targets.add(perCompletion.get(i).target());
    }
    List<RewardBreakdown> rewards = reward.score(targets, texts);
    double[] totals = rewards.stream().mapToDouble(RewardBreakdown::total).toArray();
    double[] advantages = GroupAdvantages.compute(totals, g, config.scaleRewards());
    float[][] old = keepOldLogps ? logprobs(tokens, adapter) : null;
    float[][] ref = config.beta() > 0 ? logprobs(tokens, Adapter.NONE) : null;
    List<Rollout.Completion> completions = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      completions.add(new Rollout.Completion(perCompletion.get(i), tokens.get(i), results.get(i).finishReason(),
          texts.get(i), rewards.get(i), advantages[i], old == null ? null : old[i], ref == null ? null : ref[i]));
    }
    return new Rollout(completions, RoundMetrics.of(completions, rewards, g, config.maxCompletionLength()));
  }

  /** No-gradient per-token log-probs, one micro-batch at a time to bound the (rows, V) logits. */
  private float[][] logprobs(List<PromptCompletion> tokens, Adapter which) {
    float[][] out = new float[tokens.size()][];
    for (int start = 0; start < tokens.size(); start += config.batchSize()) {
      List<PromptCompletion> chunk = tokens.subList(start, Math.min(tokens.size(), start + config.batchSize()));
      try (NDManager scope = model.manager().newSubManager()) {
        NDArray logps = LogProbs.completionLogprobs(model, scope, chunk, (float) config.temperature(), which); // (b, C)
        float[][] rows = LogProbs.toRows(logps, chunk);
        System.arraycopy(rows, 0, out, start, rows.length);
      }
    }
    return out;
  }

  /** What one optimizer step reports; entropy and clip shares are means over its micro-batches. */
  record StepResult(double loss, double gradNorm, double entropy, double kl, double lowClip, double highClip,
      double regionClip, boolean skipped) {}

  /** Forward and backward over the micro-batches, then clipping and AdamW (or a clean skip). */
  StepResult optimizerStep(List<List<Rollout.Completion>> microBatches, double learningRate) {
    boolean signal = config.beta() > 0
        || microBatches.stream().flatMap(List::stream).anyMatch(c -> c.advantage() != 0);
    if (!signal) {
      LOG.info("every advantage of this step is zero (all groups rewarded alike): optimizer step skipped");
      return new StepResult(0, 0, Double.NaN, Double.NaN, 0, 0, 0, true);
    }
    double numItems = 0;
    for (List<Rollout.Completion> micro : microBatches) {
      for (Rollout.Completion c : micro) {
        numItems += lossTokens(c);
      }
    }
    double loss = 0, entropySum = 0, kl = 0, low = 0, high = 0, region = 0;
    long tokens = 0;
    adapter.setDropoutActive(true);
    try {
      for (List<Rollout.Completion> micro : microBatches) {
        try (NDManager scope = model.manager().newSubManager()) {
          MicroResult m = backward(scope, micro, numItems, microBatches.size());
          loss += m.value();
          entropySum += m.scores().entropySum();
          tokens += m.scores().tokens();
          kl += m.loss().meanKl() / microBatches.size();
          low += m.loss().lowClipRatio() / microBatches.size();
          high += m.loss().highClipRatio() / microBatches.size();
          region += m.loss().regionClipRatio() / microBatches.size();
        }
      }
    } finally {
      adapter.setDropoutActive(false);
    }
    double norm;
    try (NDManager scope = model.manager().newSubManager()) {
      List<NDArray> gradients = new ArrayList<>();
      for (NDArray p : parameters) {
        NDArray g = p.getGradient(); // a handle; the gradient itself stays on p
        g.attach(scope);
        gradients.add(g);
      }
      norm = config.maxGradNorm() > 0
          ? GradientClipping.clipGradNorm(gradients, config.maxGradNorm())
          : GradientClipping.globalNorm(gradients);
    }
    if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
      optimizer.zeroGradients();
      throw new RunFailedException("GRPO loss " + loss + ", gradient norm " + norm
          + ": not finite; lower --learning-rate or check the adapter (the last checkpoint is intact)");
    }
    optimizer.step(learningRate);
    optimizer.zeroGradients();
    return new StepResult(loss, norm, tokens == 0 ? Double.NaN : entropySum / tokens, kl, low, high, region, false);
  }

  private record MicroResult(double value, GrpoLoss.Result loss, TokenScores.Result scores) {}

  private MicroResult backward(NDManager scope, List<Rollout.Completion> micro, double numItems, int accumulation) {
    int b = micro.size();
    int width = micro.stream().mapToInt(Rollout.Completion::length).max().orElseThrow();
    float[] mask = new float[b * width];
    float[] advantages = new float[b];
    for (int i = 0; i < b; i++) {
      Rollout.Completion c = micro.get(i);
      advantages[i] = (float) c.advantage();
      boolean counted = !(config.maskTruncatedCompletions() && c.truncated());
      for (int j = 0; j < c.length() && counted; j++) {
        mask[i * width + j] = 1f;
      }
    }
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      TokenScores.Result scores = TokenScores.score(model, scope,
          micro.stream().map(Rollout.Completion::tokens).toList(), (float) config.temperature(), adapter, true);
      NDArray maskArray = scope.create(mask, new Shape(b, width)); // (B, C)
      NDArray old = keepOldLogps ? padded(scope, micro, width, true) : null; // (B, C)
      NDArray ref = config.beta() > 0 ? padded(scope, micro, width, false) : null; // (B, C)
      NDArray advantageArray = scope.create(advantages); // (B)
      boolean dapo = config.lossType() == LossType.DAPO;
      GrpoLoss.Result result = GrpoLoss.compute(lossConfig, new GrpoLoss.Inputs(scores.logps(), old, ref, maskArray,
          advantageArray, dapo ? Math.max(1, numItems) : Double.NaN));
      // TRL divides every loss but dapo's (already normalised by the whole step's tokens) by the
      // accumulation steps, so the accumulated gradient is the step's mean.
      NDArray loss = dapo ? result.loss() : result.loss().div(scope.create((float) accumulation)); // ()
      double value = loss.getFloat();
      collector.backward(loss);
      return new MicroResult(value, result, scores);
    }
  }

  private static NDArray padded(NDManager scope, List<Rollout.Completion> micro, int width, boolean old) {
    float[] values = new float[micro.size() * width];
    for (int i = 0; i < micro.size(); i++) {
      float[] row = old ? micro.get(i).oldLogps() : micro.get(i).refLogps();
      System.arraycopy(row, 0, values, i * width, row.length);
    }
    return scope.create(values, new Shape(micro.size(), width)); // (B, C)
  }

  private double lossTokens(Rollout.Completion c) {
    return config.maskTruncatedCompletions() && c.truncated() ? 0 : c.length();
  }

  private void saveCheckpoint(Checkpoints checkpoints, TrainerState state) throws IOException {
    Path dir = checkpoints.save(state, d -> {
      adapter.save(d.resolve(ADAPTER_DIR), baseModel);
      optimizer.save(d.resolve(OPTIMIZER_FILE));
    });
    LOG.debug("checkpoint {}", dir);
  }

  /** The prompts in the order of {@code epoch}: a seeded shuffle, the same on resume. */
  private static List<Sample> shuffled(List<Sample> data, long seed, int epoch) {
    List<Sample> order = new ArrayList<>(data);
    java.util.Collections.shuffle(order, Seeds.random(seed, Seeds.SHUFFLE, epoch));
    return order;
  }

  /** The adapter's A and B, in the optimizer's order (for tests and tools). */
  List<NDArray> parameters() {
    return parameters;
  }
}
