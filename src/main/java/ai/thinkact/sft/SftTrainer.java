package ai.thinkact.sft;

import ai.thinkact.training.LmConfig;
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
import ai.thinkact.io.AtomicFiles;
import ai.djl.engine.Engine;
import ai.thinkact.chat.ChatFormat;
import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.base.RunFailedException;
import ai.thinkact.base.ConfigException;
import ai.thinkact.config.ConfigLoader;
import ai.thinkact.data.SampleJsonl;
import ai.thinkact.data.TextDocuments;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.lora.LoraConfig;
import ai.thinkact.model.Qwen3Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFT trainer of stages 1 and 2 ({@code train sft}, {@code train coldstart}), top to bottom:
 * render the samples, load the model and the adapter (new, the stage-1 one, or a checkpoint's),
 * then for each optimizer step take the next accumulation group of the epoch's length-grouped
 * micro-batches, run {@link LmStep}, log a metrics line, evaluate and checkpoint every N steps;
 * at the end write {@code OUTPUT/adapter/} in PEFT format.
 *
 * <p>Everything random derives from the seed and a position ({@link Seeds}): the shuffle from the
 * epoch, dropout from the step, LoRA init from the seed. A checkpoint therefore holds only the
 * adapter, AdamW's moments and {@link TrainerState}, and a resumed run repeats an uninterrupted
 * one's updates exactly.
 */
public final class SftTrainer {

  private static final Logger log = LoggerFactory.getLogger(SftTrainer.class);
  /** Sub-directory of the output (and of each checkpoint) that holds the PEFT adapter. */
  public static final String ADAPTER_DIR = "adapter";
  /** AdamW state file inside a checkpoint. */
  public static final String OPTIMIZER_FILE = "optimizer.bin";
  /** The resolved config, written at the start. */
  public static final String CONFIG_FILE = "config.yaml";

  /**
   * What to train.
   *
   * @param stage stage 1 or 2
   * @param modelDir Hugging Face Qwen3 directory
   * @param tokenizerDir directory with tokenizer.json (usually the model directory)
   * @param trainFile per-turn samples (JSONL)
   * @param evalFile held-out samples for eval loss, or null
   * @param outputDir run directory: config.yaml, metrics.jsonl, checkpoints/, adapter/
   * @param initialAdapter adapter to continue (stage 2: the stage-1 adapter), or null for a new one
   * @param resume {@code latest} or a checkpoint directory, or null
   * @param config the resolved settings: an {@link SftConfig}, or a {@code PretrainConfig} for {@link SftStage#PRETRAIN}
   */
  public record Request(SftStage stage, Path modelDir, Path tokenizerDir, Path trainFile, Path evalFile,
      Path outputDir, Path initialAdapter, String resume, LmConfig config) {}

  /** How a run ended. */
  public record Outcome(long steps, double lastLoss, double evalLoss, Path adapterDir, int truncated, int skipped) {}

  private SftTrainer() {}

  public static Outcome run(Request request) throws IOException {
    LmConfig config = request.config();
    TrainingArguments training = config.training();
    Path output = request.outputDir();
    Files.createDirectories(output);

    // --- data: render every sample once ---
    SftData train;
    SftData eval = null;
    try (QwenTokenizer tokenizer = QwenTokenizer.load(request.tokenizerDir())) {
      ChatFormat format = new ChatFormat(tokenizer);
      train = load(request.trainFile(), format, request.stage(), config.lm().maxLength());
      if (request.evalFile() != null) {
        eval = load(request.evalFile(), format, request.stage(), config.lm().maxLength());
      }
    }
    if (train.examples().isEmpty()) {
      throw new ConfigException("--train " + request.trainFile() + ": no sample fits max_length " + config.lm().maxLength());
    }
    int n = train.examples().size();
    int[] lengths = train.examples().stream().mapToInt(LmExample::length).toArray();
    long totalSteps = config.totalSteps(n);
    log.info("{}: {} samples ({} truncated to fit max_length {}, {} left out), {} optimizer steps of {} x {}",
        request.stage().label(), n, train.truncated(), config.lm().maxLength(), train.skipped(), totalSteps,
        training.batchSize(), training.gradientAccumulationSteps());

    // --- state: fresh, or from a checkpoint ---
    Checkpoints checkpoints = new Checkpoints(output, training.saveTotalLimit());
    Path resumeFrom = request.resume() == null ? null : Checkpoints.resolveResume(request.resume(), output);
    TrainerState state = resumeFrom == null
        ? TrainerState.start(request.stage().label(), totalSteps, training.seed())
        : TrainerState.read(resumeFrom);
    if (resumeFrom != null && state.seed() != training.seed()) {
      throw new ConfigException("--resume " + resumeFrom + " was trained with seed " + state.seed()
          + ", this run has seed " + training.seed() + "; resume with the same config");
    }
    AtomicFiles.writeString(output.resolve(CONFIG_FILE), ConfigLoader.toYaml((Record) config));

    boolean pretrain = request.stage() == SftStage.PRETRAIN;
    // Pretraining resumes from the checkpoint's model; LoRA stages from the base model plus the checkpoint's adapter.
    Path modelDir = pretrain && resumeFrom != null ? resumeFrom.resolve(ModelWeights.DIR) : request.modelDir();
    try (Qwen3Model model = Qwen3Model.load(modelDir, training.compute());
        LoraAdapter adapter = pretrain ? null : openAdapter(request, resumeFrom, model)) {
      TrainableWeights weights = pretrain
          ? new ModelWeights(model, request.modelDir())
          : new AdapterWeights(adapter, request.modelDir().toString());
      return train(request, train, eval, lengths, totalSteps, checkpoints, resumeFrom, state, model, weights);
    }
  }

  private static Outcome train(Request request, SftData train, SftData eval, int[] lengths, long totalSteps,
      Checkpoints checkpoints, Path resumeFrom, TrainerState state, Qwen3Model model, TrainableWeights weights)
      throws IOException {
    LmConfig config = request.config();
    TrainingArguments training = config.training();
    Path output = request.outputDir();
    int n = train.examples().size();
    try (AdamW optimizer = new AdamW(weights.parameters(), new AdamWConfig(0.9, 0.999, 1e-8, training.weightDecay()));
        MetricsLog metrics = MetricsLog.open(output, state.globalStep());
        ProgressReporter progress = ProgressReporter.start(request.stage().label(), totalSteps,
            state.globalStep(), "step", training.loggingSteps())) {
      if (resumeFrom != null) {
        optimizer.load(resumeFrom.resolve(OPTIMIZER_FILE));
        log.info("resumed from {} at step {}", resumeFrom, state.globalStep());
      }
      LmStep sft = new LmStep(model, weights, optimizer, training.maxGradNorm());
      sft.useSampledSoftmax(config.lm().softmaxSamples());
      AtomicFiles.IoConsumer<Path> checkpointContents = dir -> {
        weights.save(dir.resolve(weights.outputName()));
        optimizer.save(dir.resolve(OPTIMIZER_FILE));
      };
      long sessionStart = System.nanoTime();
      double elapsedBefore = state.elapsedSeconds();
      double lastLoss = Double.NaN;
      double evalLoss = Double.NaN;

      // --- the loop: one optimizer step per accumulation group ---
      long step = state.globalStep();
      int epoch = state.epoch();
      long position = state.batchesInEpoch();
      long samplesSeen = state.samplesSeen();
      long tokensSeen = state.tokensSeen();
      while (step < totalSteps) {
        List<int[]> plan = BatchPlan.microBatches(lengths, epoch, training.seed(), training.batchSize(), config.lm().groupByLength());
        int planEpoch = epoch;
        while (epoch == planEpoch && step < totalSteps) {
          int end = (int) Math.min(plan.size(), position + training.gradientAccumulationSteps());
          List<LmBatch> group = new ArrayList<>();
          int samples = 0;
          for (int[] indices : plan.subList((int) position, end)) {
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
            Path good = checkpoints.latest().orElse(null);
            String what = !Double.isFinite(r.loss()) ? "loss became " + nonFinite(r.loss())
                : "gradient norm became " + nonFinite(r.gradNorm());
            throw new RunFailedException(what + " at step " + (step + 1) + "; last good checkpoint: "
                + (good == null ? "none (no checkpoint saved yet)" : good.toString()));
          }
          step++;
          position = end;
          samplesSeen += samples;
          tokensSeen += r.inputTokens();
          lastLoss = r.loss();
          if (position >= plan.size()) {
            epoch++;
            position = 0;
          }
          double epochProgress = (double) samplesSeen / n;
          metrics.log(step, stepMetrics(r, epochProgress, lr, tokensSeen));
          Map<String, Number> live = new LinkedHashMap<>();
          live.put("loss", r.loss());
          live.put("lr", lr);
          progress.update(step, live);

          boolean last = step == totalSteps;
          if (eval != null && (last || (config.lm().evalSteps() > 0 && step % config.lm().evalSteps() == 0))) {
            evalLoss = evaluate(sft, eval, training.batchSize(), metrics, step, epochProgress);
          }
          if (last || step % training.saveSteps() == 0) {
            double elapsed = elapsedBefore + (System.nanoTime() - sessionStart) / 1e9;
            TrainerState now = new TrainerState(request.stage().label(), step, totalSteps, epoch, position,
                training.seed(), samplesSeen, tokensSeen, elapsed);
            Path saved = checkpoints.save(now, checkpointContents);
            log.debug("checkpoint {}", saved);
          }
        }
      }
      Path adapterDir = output.resolve(weights.outputName());
      AtomicFiles.writeDirectory(adapterDir, weights::save);
      log.info("{}: {} steps done; {} in {}", request.stage().label(), step, weights.outputName(), adapterDir);
      return new Outcome(step, lastLoss, evalLoss, adapterDir, train.truncated(), train.skipped());
    }
  }

  private static String nonFinite(double v) {
    return Double.isNaN(v) ? "NaN" : "infinite";
  }

  private static SftData load(Path file, ChatFormat format, SftStage stage, int maxLength) throws IOException {
    if (stage == SftStage.PRETRAIN) {
      return new SftData(DocumentWindows.windows(TextDocuments.read(file), format.tokenizer(), maxLength), 0, 0);
    }
    SftData data = SftData.encode(SampleJsonl.read(file), format, stage, maxLength);
    if (data.truncated() > 0 || data.skipped() > 0) {
      log.warn("{}: {} samples lost their oldest history to fit max_length {}; {} did not fit and were left out",
          file, data.truncated(), maxLength, data.skipped());
    }
    return data;
  }

  /** The checkpoint's adapter, the one to continue, or a new one initialised from the seed. */
  private static LoraAdapter openAdapter(Request request, Path resumeFrom, Qwen3Model model) {
    LmConfig config = request.config();
    TrainingArguments training = config.training();
    if (resumeFrom != null) {
      return LoraAdapter.load(resumeFrom.resolve(ADAPTER_DIR), model.config(), model.device());
    }
    LoraConfig wanted = ((SftConfig) config).lora();
    if (request.initialAdapter() != null) {
      LoraAdapter adapter = LoraAdapter.load(request.initialAdapter(), model.config(), model.device());
      if (!adapter.config().equals(wanted)) {
        log.warn("--adapter {} has LoRA settings {}; they win over the config's {}", request.initialAdapter(),
            adapter.config(), wanted);
      }
      return adapter;
    }
    return LoraAdapter.create(model.config(), wanted, model.device(), Seeds.random(training.seed(), Seeds.INIT, 0));
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
