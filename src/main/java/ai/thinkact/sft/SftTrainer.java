package ai.thinkact.sft;

import ai.thinkact.training.LmConfig;
import ai.thinkact.training.RunDirectory;
import ai.thinkact.training.TrainingArguments;
import ai.thinkact.training.BatchPlan;
import ai.thinkact.training.LmBatch;
import ai.thinkact.training.LmExample;
import ai.thinkact.training.MetricsLog;
import ai.thinkact.training.AdapterWeights;
import ai.thinkact.training.TrainableWeights;
import ai.thinkact.training.Checkpoints;
import ai.thinkact.training.ProgressReporter;
import ai.thinkact.training.AdamWConfig;
import ai.thinkact.training.Seeds;
import ai.thinkact.training.LmStep;
import ai.thinkact.training.TrainerState;
import ai.thinkact.training.DocumentWindows;
import ai.thinkact.training.ModelWeights;
import ai.thinkact.training.MetricKeys;
import ai.thinkact.training.AdamW;
import ai.thinkact.training.OptimizerStep;
import ai.thinkact.io.AtomicFiles;
import ai.djl.engine.Engine;
import ai.thinkact.chat.ChatFormat;
import ai.thinkact.data.Sample;
import ai.thinkact.data.SampleJsonl;
import ai.thinkact.data.TextDocuments;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.lora.LoraConfig;
import ai.thinkact.model.Qwen3Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFT trainer of stages 1 and 2 ({@code train sft}, {@code train coldstart}) and of the quick
 * start's pretraining, top to bottom: check the resume and start the run directory, then for each
 * optimizer step take the next accumulation group of the epoch's length-grouped micro-batches, run
 * {@link LmStep}, log a metrics line, evaluate and checkpoint every N steps; at the end write
 * {@code OUTPUT/adapter/} in PEFT format (or {@code OUTPUT/model/}). The command renders the data
 * ({@link #load}) and loads the model and what is trained ({@link #openAdapter}) before it starts:
 * {@code new SftTrainer(config, stage, model, weights).train(data, run)}.
 *
 * <p>Everything random derives from the seed and a position ({@link Seeds}): the shuffle from the
 * epoch, dropout from the step, LoRA init from the seed. A checkpoint therefore holds only the
 * adapter, AdamW's moments and {@link TrainerState}, and a resumed run repeats an uninterrupted
 * one's updates exactly.
 */
public final class SftTrainer {

  private static final Logger log = LoggerFactory.getLogger(SftTrainer.class);

  /**
   * The rendered examples.
   *
   * @param train the training examples
   * @param eval held-out examples for the eval loss, or null
   */
  public record Data(SftData train, SftData eval) {}

  /** How a run ended. */
  public record Outcome(long steps, double lastLoss, double evalLoss, Path resultDir, int truncated, int skipped) {}

  private final LmConfig config;
  private final TrainingArguments training;
  private final SftStage stage;
  private final Qwen3Model model;
  private final TrainableWeights weights;

  /**
   * @param config an {@link SftConfig}, or a {@code PretrainConfig} for {@link SftStage#PRETRAIN}
   * @param weights what is trained: the adapter ({@link AdapterWeights}) or the model's own ({@link ModelWeights})
   */
  public SftTrainer(LmConfig config, SftStage stage, Qwen3Model model, TrainableWeights weights) {
    this.config = config;
    this.training = config.training();
    this.stage = stage;
    this.model = model;
    this.weights = weights;
  }

  /**
   * Trains to the planned number of steps, checkpointing every save_steps and at the end, and
   * writes the result ({@code adapter/} or {@code model/}) into the run directory.
   */
  public Outcome train(Data data, RunDirectory run) throws IOException {
    SftData train = data.train();
    SftData eval = data.eval();
    int n = train.examples().size();
    int[] lengths = train.examples().stream().mapToInt(LmExample::length).toArray();
    long totalSteps = config.totalSteps(n);
    TrainerState start = run.startState(stage.label(), totalSteps, training.seed());
    run.begin((Record) config);
    log.info("{}: {} examples ({} truncated to fit max_length {}, {} left out), {} optimizer steps of {} x {}",
        stage.label(), n, train.truncated(), config.lm().maxLength(), train.skipped(), totalSteps,
        training.batchSize(), training.gradientAccumulationSteps());
    Path output = run.output();
    Path resumeFrom = run.resumeFrom();
    Checkpoints checkpoints = run.checkpoints(training.saveTotalLimit());
    TrainerState state = start;
    try (AdamW optimizer = new AdamW(weights.parameters(), AdamWConfig.withWeightDecay(training.weightDecay()));
        MetricsLog metrics = MetricsLog.open(output, state.globalStep());
        ProgressReporter progress = ProgressReporter.start(stage.label(), totalSteps, state.globalStep(), "step",
            training.loggingSteps())) {
      if (resumeFrom != null) {
        optimizer.load(resumeFrom.resolve(OptimizerStep.FILE));
        log.info("resumed from {} at step {}", resumeFrom, state.globalStep());
      }
      LmStep sft = new LmStep(model, weights, optimizer, training.maxGradNorm());
      sft.useSampledSoftmax(config.lm().softmaxSamples());
      AtomicFiles.IoConsumer<Path> checkpointContents = dir -> {
        weights.saveCheckpoint(dir);
        optimizer.save(dir.resolve(OptimizerStep.FILE));
      };
      double lastLoss = Double.NaN;
      double evalLoss = Double.NaN;
      long mark = System.nanoTime();

      // --- the loop: one optimizer step per accumulation group of the epoch's micro-batches ---
      List<int[]> plan = null;
      int planEpoch = -1;
      while (state.globalStep() < totalSteps) {
        if (planEpoch != state.epoch()) {
          planEpoch = state.epoch();
          plan = BatchPlan.microBatches(lengths, planEpoch, training.seed(), training.batchSize(),
              config.lm().groupByLength());
        }
        long step = state.globalStep();
        int position = (int) state.batchesInEpoch();
        int end = Math.min(plan.size(), position + training.gradientAccumulationSteps());
        List<LmBatch> group = new ArrayList<>();
        int samples = 0;
        for (int[] indices : plan.subList(position, end)) {
          List<LmExample> rows = new ArrayList<>();
          for (int i : indices) {
            rows.add(train.examples().get(i));
          }
          group.add(LmBatch.of(rows));
          samples += indices.length;
        }
        Engine.getInstance().setRandomSeed((int) Seeds.derive(training.seed(), Seeds.STEP, step)); // dropout masks
        sft.reseedSamples(Seeds.derive(training.seed(), Seeds.SOFTMAX_SAMPLES, step));
        double lr = config.learningRateAt(step, totalSteps);
        LmStep.Result r = sft.step(group, lr);
        if (!r.updated()) {
          throw OptimizerStep.failure(r.loss(), r.gradNorm(), step + 1, checkpoints.latest().orElse(null));
        }
        boolean epochDone = end >= plan.size();
        long now = System.nanoTime();
        state = state.next(epochDone ? state.epoch() + 1 : state.epoch(), epochDone ? 0 : end, samples,
            r.inputTokens(), (now - mark) / 1e9);
        mark = now;
        lastLoss = r.loss();
        double epochProgress = (double) state.samplesSeen() / n;
        metrics.log(state.globalStep(), stepMetrics(r, epochProgress, lr, state.tokensSeen()));
        Map<String, Number> live = new LinkedHashMap<>();
        live.put("loss", r.loss());
        live.put("lr", lr);
        progress.update(state.globalStep(), live);

        boolean last = state.globalStep() == totalSteps;
        int evalSteps = config.lm().evalSteps();
        if (eval != null && (last || (evalSteps > 0 && state.globalStep() % evalSteps == 0))) {
          evalLoss = evaluate(sft, eval, training.batchSize(), metrics, state.globalStep(), epochProgress);
        }
        if (last || state.globalStep() % training.saveSteps() == 0) {
          log.debug("checkpoint {}", checkpoints.save(state, checkpointContents));
        }
      }
      Path resultDir = output.resolve(weights.outputName());
      AtomicFiles.writeDirectory(resultDir, weights::save);
      log.info("{}: {} steps done; {} in {}", stage.label(), state.globalStep(), weights.outputName(), resultDir);
      run.end();
      return new Outcome(state.globalStep(), lastLoss, evalLoss, resultDir, train.truncated(), train.skipped());
    }
  }

  /**
   * Reads and renders a training or eval file for {@code stage}: samples into (ids, loss mask)
   * pairs, or for pretraining plain-text documents into windows of {@code maxLength}.
   */
  public static SftData load(Path file, ChatFormat format, SftStage stage, int maxLength) throws IOException {
    if (stage == SftStage.PRETRAIN) {
      return new SftData(DocumentWindows.windows(TextDocuments.read(file), format.tokenizer(), maxLength), 0, 0);
    }
    List<Sample> samples = SampleJsonl.read(file);
    stage.checkSamples(samples, file.toString());
    SftData data = SftData.encode(samples, format, stage, maxLength);
    long rehearsal = samples.stream().filter(s -> !stage.thinking(s)).count();
    if (rehearsal > 0) {
      log.info("{}: {} samples with reasoning, {} without (trained with thinking off: a rehearsal of stage 1)", file,
          samples.size() - rehearsal, rehearsal);
    }
    if (data.truncated() > 0 || data.skipped() > 0) {
      log.warn("{}: {} samples lost their oldest history to fit max_length {}; {} did not fit and were left out",
          file, data.truncated(), maxLength, data.skipped());
    }
    return data;
  }

  /**
   * The adapter a LoRA stage trains: the checkpoint's when resuming, else the one to continue
   * (stage 2: the stage-1 adapter, whose LoRA settings win), else a new one initialised from the seed.
   */
  public static LoraAdapter openAdapter(SftConfig config, Qwen3Model model, Path initialAdapter, Path resumeFrom) {
    if (resumeFrom != null) {
      return LoraAdapter.load(AdapterWeights.adapterOf(resumeFrom), model.config(), model.device());
    }
    LoraConfig wanted = config.lora();
    if (initialAdapter != null) {
      LoraAdapter adapter = LoraAdapter.load(initialAdapter, model.config(), model.device());
      if (!adapter.config().equals(wanted)) {
        log.warn("--adapter {} has LoRA settings {}; they win over the config's {}", initialAdapter, adapter.config(),
            wanted);
      }
      return adapter;
    }
    return LoraAdapter.create(model.config(), wanted, model.device(), Seeds.random(config.training().seed(), Seeds.INIT, 0));
  }

  private static Map<String, Number> stepMetrics(LmStep.Result r, double epoch, double lr, long tokensSeen) {
    Map<String, Number> m = new LinkedHashMap<>();
    m.put(MetricKeys.EPOCH, epoch);
    m.put(MetricKeys.LOSS, r.loss());
    m.put(MetricKeys.LEARNING_RATE, lr);
    m.put(MetricKeys.GRAD_NORM, r.gradNorm());
    m.put(MetricKeys.NUM_TOKENS, tokensSeen);
    m.put(MetricKeys.TOKENS_PER_SECOND, r.tokensPerSecond());
    m.put(MetricKeys.STEP_TIME, r.seconds());
    m.put(MetricKeys.MEAN_TOKEN_ACCURACY, r.accuracy());
    return m;
  }

  /** Eval loss and token accuracy over the eval set, batched by length; logs its own metrics line. */
  static double evaluate(LmStep sft, SftData eval, int batchSize, MetricsLog metrics, long step, double epoch) {
    List<LmExample> sorted = new ArrayList<>(eval.examples());
    sorted.sort((a, b) -> Integer.compare(b.length(), a.length()));
    LmStep.Score total = new LmStep.Score(0, 0, 0);
    for (int start = 0; start < sorted.size(); start += batchSize) {
      total = total.plus(sft.evaluate(LmBatch.of(sorted.subList(start, Math.min(sorted.size(), start + batchSize)))));
    }
    Map<String, Number> m = new LinkedHashMap<>();
    m.put(MetricKeys.EPOCH, epoch);
    m.put(MetricKeys.EVAL_LOSS, total.meanLoss());
    m.put(MetricKeys.EVAL_MEAN_TOKEN_ACCURACY, total.accuracy());
    metrics.log(step, m);
    log.info("step {}: eval_loss {} eval_mean_token_accuracy {}", step, String.format("%.4f", total.meanLoss()),
        String.format("%.3f", total.accuracy()));
    return total.meanLoss();
  }
}
