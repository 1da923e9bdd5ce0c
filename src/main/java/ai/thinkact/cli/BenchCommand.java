package ai.thinkact.cli;

import ai.thinkact.base.ConfigException;
import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.eval.Bench;
import ai.thinkact.eval.BenchProfile;
import ai.thinkact.eval.ProfileReport;
import ai.thinkact.eval.BenchResult;
import ai.thinkact.grpo.GrpoBench;
import ai.thinkact.model.ModelPreset;
import ai.thinkact.model.OpProfile;
import ai.thinkact.model.OpProfiler;
import ai.thinkact.model.Qwen3Model;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thinkact bench}: speed of this machine on the benchmark model (docs/performance.md). */
@Command(
    name = "bench",
    description = {
      "Measures on this machine, with random weights of a preset: fp32 matmul GFLOP/s, greedy decode",
      "(batch 8, prompt 256, 64 new tokens, LoRA r16 unmerged and merged), prefill, eval samples/s (mixed",
      "and one-domain prompts), a GRPO step (G 8, rollout and update), and the LoRA SFT step (2 x 512)",
      "tokens/s and MFU. Compare with docs/performance.md. --profile DIR adds an operator profile of each."
    })
public final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--preset", defaultValue = "small", paramLabel = "tiny|small",
      description = "Model: small is the benchmark model of docs/performance.md; tiny is for smoke tests. Default: ${DEFAULT-VALUE}.")
  ModelPreset preset;

  @Option(names = "--tokenizer", defaultValue = "data/tokenizer/qwen3", paramLabel = "DIR",
      description = "Qwen3 tokenizer (eval throughput renders real chat prompts). Default: ${DEFAULT-VALUE}.")
  Path tokenizer;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--quick", description = "A tiny workload that only checks that everything runs (figures not comparable).")
  boolean quick;

  @Option(names = "--profile", paramLabel = "DIR",
      description = {"After the timed runs, profile one run each of prefill (LoRA unmerged and merged), a merged",
          "generate call, a GRPO rollout and update, and the SFT step with libtorch's operator profiler: writes",
          "DIR/<name>.trace.json (chrome://tracing, ui.perfetto.dev) and DIR/profile.md (time inside and outside",
          "ops, top ops by self time)."})
  Path profile;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(tokenizer.resolve("tokenizer.json"))) {
      throw new ConfigException("--tokenizer " + tokenizer + " has no tokenizer.json (run scripts/fetch-tokenizer.sh)");
    }
    Bench.Workload work = quick ? Bench.Workload.quick() : Bench.Workload.full();
    BenchResult result = Bench.run(preset, tokenizer, work, new GrpoStep(), profile == null ? null : new OpProfiler(profile));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(result.toJson()));
    } else {
      print(out, result);
      if (profile != null) {
        out.println("operator profile: " + profile.resolve(ProfileReport.FILE));
      }
    }
    out.flush();
    return Main.EXIT_OK;
  }

  /** The GRPO step of the bench ({@link GrpoBench}) in the bench's terms: eval does not import grpo. */
  private static final class GrpoStep implements Bench.GrpoStep {
    @Override
    public BenchResult.Grpo time(Qwen3Model model, QwenTokenizer tokenizer, Bench.Workload work) throws Exception {
      GrpoBench.Result r = GrpoBench.time(model, tokenizer, Bench.BENCH_LORA, work.grpoGenerations(),
          work.grpoNewTokens(), work.grpoWarmups(), work.grpoRuns());
      return new BenchResult.Grpo(r.generations(), r.promptTokens(), r.newTokens(), r.meanCompletionTokens(),
          r.rolloutSeconds(), r.updateSeconds());
    }

    @Override
    public BenchProfile.Grpo profile(Qwen3Model model, QwenTokenizer tokenizer, Bench.Workload work,
        OpProfiler profiler) throws Exception {
      GrpoBench.Profiles p = GrpoBench.profile(model, tokenizer, Bench.BENCH_LORA, work.grpoGenerations(),
          work.grpoNewTokens(), profiler);
      return new BenchProfile.Grpo(p.rollout(), p.update());
    }
  }

  private static void print(PrintWriter out, BenchResult r) {
    out.printf(Locale.ROOT, "preset %s%s, %d CPUs, OMP_NUM_THREADS %s, load average %.2f -> %.2f%n", r.preset(),
        r.quick() ? " (quick)" : "", r.processors(), r.ompNumThreads(), r.loadAverageBefore(), r.loadAverageAfter());
    out.printf(Locale.ROOT, "%-28s %10.1f GFLOP/s  (%d^3, median %.4f s)%n", "matmul fp32", r.matmul().gflops(),
        r.matmul().n(), r.matmul().secondsMedian());
    printDecode(out, "decode", r.decode());
    printDecode(out, "decode, LoRA merged", r.decodeMerged());
    printEval(out, "eval", r.eval());
    printEval(out, "eval, one domain", r.evalSharedPrefix());
    BenchResult.Grpo g = r.grpo();
    out.printf(Locale.ROOT, "%-28s %10.2f s  rollout %.2f s + update %.2f s (G %d, prompt %d, %.0f of <= %d new tokens)%n",
        "grpo step", g.stepSeconds(), g.rolloutSeconds(), g.updateSeconds(), g.generations(), g.promptTokens(),
        g.meanCompletionTokens(), g.newTokens());
    BenchResult.Train t = r.train();
    out.printf(Locale.ROOT, "%-28s %10.2f s  %.1f tokens/s, %.0f GFLOP/step, %.1f GFLOP/s, MFU %.2f%n",
        "sft step " + t.batch() + "x" + t.seqLen(), t.stepSecondsMedian(), t.tokensPerSecond(), t.stepFlops() / 1e9,
        t.achievedGflops(), t.mfu());
    for (BenchProfile.Section s : r.profile()) {
      OpProfile p = s.profile();
      out.printf(Locale.ROOT, "%-28s %10.3f s  profiled (%.3f s unprofiled), %.0f%% inside %,d top-level ops%n",
          "profile " + p.section(), p.wallSeconds(), s.unprofiledSeconds(), 100 * p.share(p.trace().opSeconds()),
          p.trace().topLevelCalls());
    }
  }

  private static void printDecode(PrintWriter out, String what, BenchResult.Decode d) {
    out.printf(Locale.ROOT, "%-28s %10.1f ms/step  %.1f tokens/s (batch %d, prompt %d, %d new, LoRA)%n",
        what, d.msPerStep(), d.decodeTokensPerSecond(), d.batch(), d.promptTokens(), d.newTokens());
    out.printf(Locale.ROOT, "%-28s %10.3f s%n", "  prefill " + d.batch() + "x" + d.promptTokens(), d.prefillSeconds());
  }

  private static void printEval(PrintWriter out, String what, BenchResult.Eval e) {
    out.printf(Locale.ROOT, "%-28s %10.3f samples/s  (%d samples, batch %d, <= %d new tokens, mean prompt %.0f tokens,"
        + " %d shared)%n", what, e.samplesPerSecond(), e.samples(), e.batch(), e.maxNewTokens(), e.meanPromptTokens(),
        e.sharedPrefixTokens());
  }
}
