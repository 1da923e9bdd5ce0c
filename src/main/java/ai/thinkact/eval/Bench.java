package ai.thinkact.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.thinkact.chat.ChatFormat;
import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.data.Decomposer;
import ai.thinkact.data.Sample;
import ai.thinkact.data.SynthDomain;
import ai.thinkact.data.SynthGenerator;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.lora.LoraConfig;
import ai.thinkact.lora.MergedLoraWeights;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.ComputeSettings;
import ai.thinkact.model.Generator;
import ai.thinkact.model.KvCache;
import ai.thinkact.model.ModelPreset;
import ai.thinkact.model.OpProfiler;
import ai.thinkact.model.Qwen3Config;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.model.RandomCheckpoint;
import ai.thinkact.model.SamplingSettings;
import ai.thinkact.model.TokenBatch;
import ai.thinkact.training.LmBatch;
import ai.thinkact.training.LmExample;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code thinkact bench}: times the work the trainers and eval do, on this machine, with random
 * weights of a preset (the {@code small} preset is the benchmark model of docs/performance.md, so the figures sit
 * next to the PyTorch reference's): the machine's fp32 matrix-product speed, greedy decoding with
 * a KV cache and a LoRA adapter (what GRPO rollouts do), eval throughput on synthetic samples, and
 * the trainer's LoRA SFT step with its model-FLOPs utilisation.
 */
public final class Bench {
  private static final Logger LOG = LoggerFactory.getLogger(Bench.class);
  /** Qwen3's first special-token id: random prompts stay below it. */
  private static final int FIRST_SPECIAL_ID = 151643;

  /**
   * How much to run. {@link #full()} is the workload of docs/performance.md; {@link #quick()}
   * only checks that everything runs (tests).
   */
  public record Workload(int matmulSize, int warmups, int runs, int decodeBatch, int promptTokens, int newTokens,
      int evalSamples, int evalBatch, int evalNewTokens, int trainBatch, int trainSeqLen, int trainWarmups,
      int grpoGenerations, int grpoNewTokens, int grpoWarmups, int grpoRuns) {

    /**
     * 2048³ matmul; decode 8 x 256 + 64; eval 8 samples in one batch; SFT 2 x 512 after 5 warm-up
     * steps; GRPO G = 8 x 64 new tokens, median of 3 steps after 1.
     */
    public static Workload full() {
      return new Workload(2048, 5, 5, 8, 256, 64, 8, 8, 32, 2, 512, 5, 8, 64, 1, 3);
    }

    public static Workload quick() {
      return new Workload(256, 1, 2, 2, 16, 4, 2, 2, 4, 1, 32, 1, 2, 4, 0, 1);
    }
  }

  /** The GRPO step: {@code grpo.GrpoBench}, handed in by the CLI (eval does not import grpo). */
  public interface GrpoStep {
    /** Medians of the rollout and the update over {@code work}'s runs. */
    BenchResult.Grpo time(Qwen3Model model, QwenTokenizer tokenizer, Workload work) throws Exception;

    /** One round under the profiler, after an unprofiled warm-up round: its rollout, then its update. */
    BenchProfile.Grpo profile(Qwen3Model model, QwenTokenizer tokenizer, Workload work, OpProfiler profiler) throws Exception;
  }

  /** r 16, alpha 32 on all seven projections, as docs/performance.md. */
  public static final LoraConfig BENCH_LORA = new LoraConfig(16, 32, 0.0, LoraConfig.allProjections(), false);

  private Bench() {}

  /**
   * Runs every measurement.
   *
   * @param tokenizerDir the Qwen3 tokenizer (eval renders real chat prompts)
   * @param profiler where {@code --profile} writes its traces and report, or null for no profile
   */
  public static BenchResult run(ModelPreset preset, Path tokenizerDir, Workload work, GrpoStep grpoStep,
      OpProfiler profiler) throws Exception {
    double loadBefore = loadAverage();
    BenchResult.Matmul matmul = matmul(work);
    LOG.info(String.format(Locale.ROOT, "matmul %d^3: %.1f GFLOP/s", work.matmulSize(), matmul.gflops()));
    Qwen3Config config = preset.config();
    try (Qwen3Model model = randomModel(config);
        LoraAdapter lora = LoraAdapter.create(config, BENCH_LORA, model.device(), new Random(1));
        QwenTokenizer tokenizer = QwenTokenizer.load(tokenizerDir)) {
      BenchResult.Decode decode = decode(model, lora, work);
      log("decode", decode);
      BenchResult.Decode decodeMerged;
      try (MergedLoraWeights merged = MergedLoraWeights.of(model, lora)) {
        decodeMerged = decode(model, merged, work);
      }
      log("decode, LoRA merged", decodeMerged);
      BenchResult.Eval eval = eval(model, tokenizer, work, SynthDomain.BOTH);
      log("eval", eval);
      BenchResult.Eval evalShared = eval(model, tokenizer, work, SynthDomain.RETAIL);
      log("eval, one domain", evalShared);
      BenchResult.Grpo grpo = grpoStep.time(model, tokenizer, work);
      LOG.info(String.format(Locale.ROOT, "grpo step G=%d, prompt %d, <= %d new: rollout %.2f s, update %.2f s",
          grpo.generations(), grpo.promptTokens(), grpo.newTokens(), grpo.rolloutSeconds(), grpo.updateSeconds()));
      BenchResult.Train train = train(model, work, matmul);
      LOG.info(String.format(Locale.ROOT, "sft step %dx%d: %.2f s, %.1f tokens/s, MFU %.2f", train.batch(),
          train.seqLen(), train.stepSecondsMedian(), train.tokensPerSecond(), train.mfu()));
      BenchResult timed = new BenchResult(preset.name().toLowerCase(Locale.ROOT), work.equals(Workload.quick()),
          Runtime.getRuntime().availableProcessors(), System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
          loadBefore, loadAverage(), matmul, decode, decodeMerged, eval, evalShared, grpo, train, List.of());
      if (profiler == null) {
        return timed;
      }
      // Only now: the profiler's cost per op would slow every figure above.
      return timed.withProfile(BenchProfile.run(model, lora, tokenizer, work, grpoStep, timed, profiler));
    }
  }

  private static void log(String what, BenchResult.Decode d) {
    LOG.info(String.format(Locale.ROOT, "%s %dx%d+%d: prefill %.3f s, %.1f ms/step, %.1f tokens/s", what,
        d.batch(), d.promptTokens(), d.newTokens(), d.prefillSeconds(), d.msPerStep(), d.decodeTokensPerSecond()));
  }

  private static void log(String what, BenchResult.Eval e) {
    LOG.info(String.format(Locale.ROOT, "%s: %.3f samples/s (%d samples, mean prompt %.0f tokens, %d shared)",
        what, e.samplesPerSecond(), e.samples(), e.meanPromptTokens(), e.sharedPrefixTokens()));
  }

  static BenchResult.Matmul matmul(Workload work) throws Exception {
    int n = work.matmulSize();
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray a = manager.randomNormal(new Shape(n, n)); // (n, n)
      NDArray b = manager.randomNormal(new Shape(n, n)); // (n, n)
      double[] seconds = Timings.seconds(work.warmups(), work.runs(), () -> {
        a.matMul(b).close(); // (n, n); libtorch on CPU is eager: the product is done when the call returns
      });
      double median = Timings.median(seconds);
      return new BenchResult.Matmul(n, median, 2.0 * n * n * n / median / 1e9);
    }
  }

  /**
   * Random weights written to a temporary directory and loaded like any checkpoint. The one
   * createTempDirectory left in src/main, on purpose: a scratch copy in the shared /tmp that is
   * deleted before this returns, read by no one else, so its private drwx------ is right here
   * (outputs go through AtomicFiles and get the umask's mode).
   */
  static Qwen3Model randomModel(Qwen3Config config) throws IOException {
    Path dir = Files.createTempDirectory("thinkact-bench-model");
    try {
      RandomCheckpoint.write(config, dir, 0);
      return Qwen3Model.load(dir, ComputeSettings.cpu());
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  static BenchResult.Decode decode(Qwen3Model model, Adapter lora, Workload work) throws Exception {
    List<int[]> prompts = decodePrompts(model, work);
    SamplingSettings greedy = decodeSettings(work);
    Generator generator = new Generator(model);
    double[] prefill = Timings.seconds(work.warmups(), work.runs(), () -> prefill(model, lora, prompts, work.newTokens()));
    // A generate call holds newTokens - 1 decode steps: one call warms up as much as several steps.
    double[] total = Timings.seconds(Math.min(1, work.warmups()), work.runs(), () -> generator.generate(prompts, greedy, lora));
    double prefillMedian = Timings.median(prefill);
    double totalMedian = Timings.median(total);
    double decodeSeconds = totalMedian - prefillMedian;
    int steps = work.newTokens() - 1;
    return new BenchResult.Decode(work.decodeBatch(), work.promptTokens(), work.newTokens(), true, prefillMedian,
        totalMedian, 1000 * decodeSeconds / steps, work.decodeBatch() * steps / decodeSeconds);
  }

  /** The decode and prefill prompts: {@code decodeBatch} rows of random ids, the same every call. */
  static List<int[]> decodePrompts(Qwen3Model model, Workload work) {
    Random random = new Random(2);
    int vocab = Math.min(model.config().vocabSize(), FIRST_SPECIAL_ID);
    List<int[]> prompts = new ArrayList<>();
    for (int i = 0; i < work.decodeBatch(); i++) {
      prompts.add(random.ints(work.promptTokens(), 0, vocab).toArray());
    }
    return prompts;
  }

  /** Greedy, no stop ids: every row generates exactly newTokens, as in the reference. */
  static SamplingSettings decodeSettings(Workload work) {
    return SamplingSettings.greedy(work.newTokens(), Set.of());
  }

  /** What {@link Generator} does before its first decode step: cache, prompt forward, last-position logits, argmax. */
  static void prefill(Qwen3Model model, Adapter lora, List<int[]> prompts, int newTokens) {
    TokenBatch batch = TokenBatch.leftPadded(prompts);
    try (NDManager call = model.manager().newSubManager();
        KvCache cache = new KvCache(call, model.config(), prompts.size(), batch.length() + newTokens, model.dataType())) {
      NDArray hidden = model.forward(call, batch, lora, cache); // (B, T, hidden)
      NDArray last = hidden.get(new NDIndex(":, -1, :")); // (B, hidden)
      model.fewRowLogits(last).argMax(1).toLongArray();
    }
  }

  /**
   * {@code eval --model}'s path on synthetic samples of {@code domain}: BOTH mixes two system
   * policies and tool sets in a batch; one domain's prompts share theirs (a long common prefix).
   */
  static BenchResult.Eval eval(Qwen3Model model, QwenTokenizer tokenizer, Workload work, SynthDomain domain) {
    List<Sample> samples = new ArrayList<>();
    Random random = new Random(3);
    while (samples.size() < work.evalSamples()) {
      for (var conversation : SynthGenerator.conversations(domain, 4, 0.0, random)) {
        samples.addAll(Decomposer.decompose(conversation));
      }
    }
    ChatFormat format = new ChatFormat(tokenizer);
    EvalConfig settings = new EvalConfig(work.evalBatch(), work.evalNewTokens(), ThinkMode.OFF);
    // No separate warm-up: the prefill and decode measurements before this one ran the same code.
    List<Sample> timed = samples.subList(0, work.evalSamples());
    double promptTokens = 0;
    List<long[]> prompts = new ArrayList<>();
    for (Sample s : timed) {
      long[] ids = format.renderPrompt(s.messages(), s.tools(), false).ids();
      prompts.add(ids);
      promptTokens += ids.length;
    }
    long t0 = System.nanoTime();
    new ModelCompletions(model, ai.thinkact.model.Adapter.NONE, format, timed, settings).texts(n -> { });
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new BenchResult.Eval(timed.size(), work.evalBatch(), work.evalNewTokens(), promptTokens / timed.size(),
        commonPrefix(prompts), seconds, timed.size() / seconds);
  }

  private static int commonPrefix(List<long[]> prompts) {
    int n = prompts.stream().mapToInt(p -> p.length).min().orElse(0);
    for (int j = 0; j < n; j++) {
      for (long[] p : prompts) {
        if (p[j] != prompts.get(0)[j]) {
          return j;
        }
      }
    }
    return n;
  }

  /** The SFT step of the trainer ({@link SftBenchStep}) on random ids with every next token a target, as in the reference (2 x 511 predicted tokens). */
  static BenchResult.Train train(Qwen3Model model, Workload work, BenchResult.Matmul matmul) throws Exception {
    try (SftBenchStep step = new SftBenchStep(model, work)) {
      double[] seconds = Timings.seconds(work.trainWarmups(), work.runs(), step::run);
      double median = Timings.median(seconds);
      double flops = TrainFlops.of(model.config(), BENCH_LORA, work.trainBatch(), work.trainSeqLen()).step();
      double achieved = flops / median / 1e9;
      return new BenchResult.Train(work.trainBatch(), work.trainSeqLen(), median,
          work.trainBatch() * work.trainSeqLen() / median, flops, achieved, achieved / matmul.gflops());
    }
  }

  /** The SFT step's one micro-batch: {@code trainBatch} rows of random ids, every next token a target. */
  static List<LmBatch> trainBatches(Qwen3Model model, Workload work) {
    Random random = new Random(4);
    int vocab = Math.min(model.config().vocabSize(), FIRST_SPECIAL_ID);
    List<LmExample> examples = new ArrayList<>();
    for (int i = 0; i < work.trainBatch(); i++) {
      boolean[] mask = new boolean[work.trainSeqLen()];
      java.util.Arrays.fill(mask, true);
      examples.add(new LmExample("bench-" + i, random.ints(work.trainSeqLen(), 0, vocab).toArray(), mask, 0));
    }
    return List.of(LmBatch.of(examples));
  }

  /** The 1-minute system load average, or -1 where the OS does not report one. */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
