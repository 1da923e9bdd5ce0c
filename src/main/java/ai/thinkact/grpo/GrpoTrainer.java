package ai.thinkact.grpo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.thinkact.chat.ChatFormat;
import ai.thinkact.chat.PromptWindow;
import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.base.ConfigException;
import ai.thinkact.data.Sample;
import ai.thinkact.data.Target;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.LogProbs;
import ai.thinkact.model.PromptCompletion;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.model.SamplingSettings;
import ai.thinkact.reward.RewardBreakdown;
import ai.thinkact.io.AtomicFiles;
import ai.thinkact.training.Checkpoints;
import ai.thinkact.training.AdapterWeights;
import ai.thinkact.training.RunDirectory;
import ai.thinkact.training.TrainingArguments;
import ai.thinkact.training.MetricKeys;
import ai.thinkact.training.MetricsLog;
import ai.thinkact.training.OptimizerStep;
import ai.thinkact.training.ProgressReporter;
import ai.thinkact.training.Seeds;
import ai.thinkact.training.TrainerState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 *   <li>{@code trainer_state.json}'s {@code batches_in_epoch} counts generation rounds ({@link Rounds}),
 *       and {@code samples_seen} prompts.
 *   <li>With rollout endpoints ({@link RemoteRollouts}, TRL's vLLM server mode) the adapter is sent to
 *       the servers before each round that follows an optimizer step (TRL syncs after every step;
 *       with one round per step, the default, that is the same), old log-probs are always computed
 *       (as TRL with vLLM), and the loss is reweighted by {@link ImportanceSampling}.
 * </ul>
 */
public final class GrpoTrainer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GrpoTrainer.class);

  public static final String STAGE = "grpo";

  /** One reward breakdown per completion; {@code CompositeReward::score} is one. */
  @FunctionalInterface
  public interface RewardFunction {
    List<RewardBreakdown> score(List<Target> targets, List<String> completions);
  }

  private final GrpoConfig config;
  private final TrainingArguments training;
  private final Qwen3Model model;
  private final AdapterWeights weights;
  private final LoraAdapter adapter;
  private final QwenTokenizer tokenizer;
  private final RewardFunction reward;
  private final PromptWindow prompts;
  private final PolicyUpdate update;
  private final RolloutSource rollouts;
  private final boolean keepOldLogps;

  /**
   * A trainer that samples its rollouts itself.
   *
   * @param weights the trainable adapter (the cold-start one, or a checkpoint's when resuming) and
   *     the base model name saved adapters carry
   */
  public GrpoTrainer(GrpoConfig config, Qwen3Model model, AdapterWeights weights, QwenTokenizer tokenizer,
      RewardFunction reward) {
    this(config, model, weights, tokenizer, reward, null);
  }

  /**
   * @param endpoints the servers that sample the rollouts and the adapter sync directory; null to
   *     sample here
   */
  public GrpoTrainer(GrpoConfig config, Qwen3Model model, AdapterWeights weights, QwenTokenizer tokenizer,
      RewardFunction reward, RolloutEndpoints endpoints) {
    this.config = config;
    this.training = config.training();
    this.model = model;
    this.weights = weights;
    this.adapter = weights.adapter();
    this.tokenizer = tokenizer;
    this.reward = reward;
    ChatFormat format = new ChatFormat(tokenizer);
    this.prompts = new PromptWindow(format, config.maxPromptLength());
    if (endpoints == null) {
      SamplingSettings sampling = config.sampling().sample(training.seed(), config.loss().maxCompletionLength(),
          format.stopIds());
      this.rollouts = new LocalRollouts(model, adapter, sampling, config.numGenerations());
    } else {
      this.rollouts = new RemoteRollouts(endpoints, weights, new RemoteRollouts.Sampling(config.numGenerations(),
          config.loss().maxCompletionLength(), config.sampling(), format.stopIds()));
    }
    int generateEvery = config.effectiveStepsPerGeneration() * config.numIterations();
    // With another engine sampling, the trainer's own log-probs are needed for the correction anyway (TRL).
    this.keepOldLogps = training.gradientAccumulationSteps() % generateEvery != 0 || rollouts.remote();
    this.update = new PolicyUpdate(model, adapter, config, keepOldLogps);
  }

  /** Optimizer steps of a run over {@code numPrompts} prompts: max_steps, else whole epochs. */
  public long totalSteps(int numPrompts) {
    if (training.maxSteps() != null) {
      return training.maxSteps();
    }
    long rounds = (long) training.epochs() * (numPrompts / config.promptsPerGeneration());
    long micro = rounds * config.effectiveStepsPerGeneration() * config.numIterations();
    return Math.max(1, micro / training.gradientAccumulationSteps());
  }

  /**
   * Trains until the planned number of steps, checkpointing every save_steps and at the end, and
   * writes the final adapter to {@code OUTPUT/adapter}.
   *
   * @return the final state
   */
  public TrainerState train(List<Sample> data, RunDirectory run) throws IOException {
    int perRound = config.promptsPerGeneration();
    if (data.size() < perRound) {
      throw new ConfigException(data.size() + " prompts cannot fill one generation round of " + perRound
          + " prompts (batch_size x steps_per_generation / num_generations)");
    }
    long totalSteps = totalSteps(data.size()); // from the config, so a resume may extend max_steps
    TrainerState state = run.startState(STAGE, totalSteps, training.seed());
    run.begin(config);
    Path resumeFrom = run.resumeFrom();
    if (resumeFrom != null) {
      update.loadOptimizer(resumeFrom.resolve(OptimizerStep.FILE));
      LOG.info("resumed from {} at step {}", resumeFrom, state.globalStep());
    }
    Checkpoints checkpoints = run.checkpoints(training.saveTotalLimit());
    int microPerRound = config.effectiveStepsPerGeneration() * config.numIterations();
    rollouts.policyUpdated(state.globalStep());
    Rounds rounds = new Rounds(data, perRound, training.seed(), state, this::generate);
    Rollout round = null;
    int microInRound = microPerRound; // forces a new round first (also after a resume)
    try (MetricsLog metrics = MetricsLog.open(run.output(), state.globalStep());
        CompletionsLog completionsLog = CompletionsLog.open(run.output(), state.globalStep());
        ProgressReporter progress = ProgressReporter.start(STAGE, totalSteps, state.globalStep(), "step",
            training.loggingSteps())) {
      while (state.globalStep() < totalSteps) {
        long started = System.nanoTime();
        long step = state.globalStep() + 1;
        List<List<Rollout.Completion>> microBatches = new ArrayList<>();
        List<Rollout> generated = new ArrayList<>();
        for (int k = 0; k < training.gradientAccumulationSteps(); k++) {
          if (microInRound == microPerRound) {
            round = rounds.next();
            generated.add(round);
            microInRound = 0;
          }
          microBatches.add(round.microBatch(microInRound % config.effectiveStepsPerGeneration(), training.batchSize()));
          microInRound++;
        }
        double learningRate = config.learningRateAt(step - 1, totalSteps);
        Engine.getInstance().setRandomSeed((int) Seeds.derive(training.seed(), Seeds.STEP, step)); // LoRA dropout
        PolicyUpdate.StepResult result = update.step(microBatches, learningRate);
        if (result.failed()) {
          throw OptimizerStep.failure(result.loss(), result.gradNorm(), step, checkpoints.latest().orElse(null));
        }
        rollouts.policyUpdated(step);
        long tokens = 0;
        for (List<Rollout.Completion> micro : microBatches) {
          for (Rollout.Completion c : micro) {
            tokens += c.tokens().promptIds().length + c.length();
          }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        state = state.next(rounds.epoch(), rounds.roundsInEpoch(), rounds.samplesSeen() - state.samplesSeen(), tokens,
            seconds);

        Map<String, Number> line = new LinkedHashMap<>();
        line.put(MetricKeys.EPOCH, (double) state.samplesSeen() / data.size());
        line.put(MetricKeys.LOSS, result.loss());
        line.put(MetricKeys.LEARNING_RATE, learningRate);
        line.put(MetricKeys.GRAD_NORM, result.gradNorm());
        line.put(MetricKeys.NUM_TOKENS, state.tokensSeen());
        line.putAll(RoundMetrics.average(generated.isEmpty() ? List.of(round) : generated));
        if (config.loss().beta() > 0) {
          line.put(MetricKeys.KL, result.kl());
        }
        line.put(MetricKeys.ENTROPY, result.entropy());
        line.put(MetricKeys.CLIP_RATIO_LOW_MEAN, result.lowClip());
        line.put(MetricKeys.CLIP_RATIO_HIGH_MEAN, result.highClip());
        line.put(MetricKeys.CLIP_RATIO_REGION_MEAN, result.regionClip());
        line.put(MetricKeys.STEP_TIME, seconds);
        metrics.log(step, line);
        if (config.logCompletions() && step % training.loggingSteps() == 0) {
          for (Rollout r : generated) {
            completionsLog.write(step, r);
          }
        }
        progress.update(step, Map.of(MetricKeys.REWARD, line.get(MetricKeys.REWARD), MetricKeys.LOSS, result.loss()));
        if (step % training.saveSteps() == 0 || step == totalSteps) {
          LOG.debug("checkpoint {}", checkpoints.save(state, dir -> {
            weights.saveCheckpoint(dir);
            update.saveOptimizer(dir.resolve(OptimizerStep.FILE));
          }));
        }
      }
    }
    Path adapterDir = run.output().resolve(AdapterWeights.DIR);
    AtomicFiles.writeDirectory(adapterDir, weights::save);
    LOG.info("wrote the adapter to {}", adapterDir);
    run.end();
    return state;
  }

  /** Samples G completions per prompt ({@link RolloutSource}), scores them, and computes advantages. */
  Rollout generate(List<Sample> samples, Random random) {
    int g = config.numGenerations();
    List<int[]> promptIds = new ArrayList<>();
    for (Sample sample : samples) {
      promptIds.add(prompts.render(sample.id(), sample.messages(), sample.tools(), true));
    }
    List<RolloutSource.Sampled> sampled = rollouts.sample(promptIds, random);
    List<PromptCompletion> tokens = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < sampled.size(); i++) {
      int[] ids = sampled.get(i).tokenIds();
      tokens.add(new PromptCompletion(promptIds.get(i / g), ids));
      texts.add(tokenizer.decode(java.util.Arrays.stream(ids).asLongStream().toArray(), true));
      targets.add(samples.get(i / g).target());
    }
    List<RewardBreakdown> rewards = reward.score(targets, texts);
    double[] totals = rewards.stream().mapToDouble(RewardBreakdown::total).toArray();
    double[] advantages = GroupAdvantages.compute(totals, g, config.scaleRewards());
    adapter.setDropoutActive(false); // old and reference log-probs are the policy in eval mode (servers sample without dropout)
    float[][] old = keepOldLogps ? logprobs(tokens, adapter) : null;
    float[][] ref = config.loss().beta() > 0 ? logprobs(tokens, Adapter.NONE) : null;
    List<Rollout.Completion> completions = new ArrayList<>();
    List<ImportanceSampling.Row> mismatch = new ArrayList<>();
    for (int i = 0; i < sampled.size(); i++) {
      float[] samplerLogps = sampled.get(i).samplerLogps();
      float[] weights = null;
      if (samplerLogps != null) {
        weights = ImportanceSampling.weights(config.vllmImportanceSamplingMode(), config.vllmImportanceSamplingCap(),
            old[i], samplerLogps);
        mismatch.add(new ImportanceSampling.Row(weights, old[i], samplerLogps));
      }
      completions.add(new Rollout.Completion(samples.get(i / g), tokens.get(i), sampled.get(i).finishReason(),
          texts.get(i), rewards.get(i), advantages[i], old == null ? null : old[i], ref == null ? null : ref[i], weights));
    }
    Map<String, Double> stats = RoundMetrics.of(completions, rewards, g, config.loss().maxCompletionLength());
    if (rollouts.remote()) {
      stats.putAll(ImportanceSampling.metrics(config.vllmImportanceSamplingMode(), mismatch));
    }
    return new Rollout(completions, stats);
  }

  /** No-gradient per-token log-probs, one micro-batch at a time to bound the (rows, V) logits. */
  private float[][] logprobs(List<PromptCompletion> tokens, Adapter which) {
    float[][] out = new float[tokens.size()][];
    for (int start = 0; start < tokens.size(); start += training.batchSize()) {
      List<PromptCompletion> chunk = tokens.subList(start, Math.min(tokens.size(), start + training.batchSize()));
      try (NDManager scope = model.manager().newSubManager()) {
        float[][] rows = LogProbs.of(model, scope, chunk, (float) config.sampling().temperature(), which, false).rows(chunk);
        System.arraycopy(rows, 0, out, start, rows.length);
      }
    }
    return out;
  }

  /**
   * Frees the optimizer state and what sampled (the merged weights, or the servers' last adapter);
   * the model and the adapter belong to the caller.
   */
  @Override
  public void close() {
    update.close();
    rollouts.close();
  }

  /** One optimizer step over the given micro-batches (tests drive steps by hand). */
  PolicyUpdate.StepResult optimizerStep(List<List<Rollout.Completion>> microBatches, double learningRate) {
    return update.step(microBatches, learningRate);
  }
}
