package ai.thinkact.eval;

import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.io.AtomicFiles;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.lora.MergedLoraWeights;
import ai.thinkact.model.Generator;
import ai.thinkact.model.OpProfile;
import ai.thinkact.model.OpProfiler;
import ai.thinkact.model.Qwen3Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code thinkact bench --profile DIR}: one run of each workload under libtorch's operator profiler
 * ({@link OpProfiler}), after all timed measurements so that the profiler's cost per op disturbs
 * none of the figures. Each run is set beside its unprofiled median from the bench, which shows
 * that cost. Writes a trace per workload and {@code profile.md} ({@link ProfileReport}) to DIR.
 */
public final class BenchProfile {
  private static final Logger LOG = LoggerFactory.getLogger(BenchProfile.class);

  /**
   * One profiled workload.
   *
   * @param title what ran, in words
   * @param profile the profiled run
   * @param unprofiledSeconds the bench's median for the same work, without the profiler
   * @param notes further lines for the report (the per-step figures of decode)
   */
  public record Section(String title, OpProfile profile, double unprofiledSeconds, List<String> notes) {
    public Section {
      notes = List.copyOf(notes);
    }
  }

  /** One GRPO round under the profiler ({@code grpo.GrpoBench}): its rollout, then its update. */
  public record Grpo(OpProfile rollout, OpProfile update) {}

  private BenchProfile() {}

  /**
   * Profiles prefill (unmerged and merged), a merged generate call, a GRPO round's rollout and
   * update, and the SFT step, then writes {@code profile.md}.
   *
   * @param lora the bench's adapter (prefill and decode use it, as the timed runs did)
   * @param timed the bench's figures, for the unprofiled times
   */
  static List<Section> run(Qwen3Model model, LoraAdapter lora, QwenTokenizer tokenizer, Bench.Workload work,
      Bench.GrpoStep grpoStep, BenchResult timed, OpProfiler profiler) throws Exception {
    List<Section> sections = new ArrayList<>();
    List<int[]> prompts = Bench.decodePrompts(model, work);
    int newTokens = work.newTokens();
    String shape = work.decodeBatch() + " x " + work.promptTokens();
    sections.add(new Section("prefill " + shape + ", LoRA unmerged",
        profiler.profile("prefill-unmerged", () -> Bench.prefill(model, lora, prompts, newTokens)),
        timed.decode().prefillSeconds(), List.of()));
    try (MergedLoraWeights merged = MergedLoraWeights.of(model, lora)) {
      OpProfile prefill = profiler.profile("prefill-merged", () -> Bench.prefill(model, merged, prompts, newTokens));
      sections.add(new Section("prefill " + shape + ", LoRA merged", prefill, timed.decodeMerged().prefillSeconds(), List.of()));
      Generator generator = new Generator(model);
      OpProfile decode = profiler.profile("decode-merged",
          () -> generator.generate(prompts, Bench.decodeSettings(work), merged));
      sections.add(new Section("decode: one generate call (prefill + " + (newTokens - 1) + " steps), batch "
          + work.decodeBatch() + ", prompt " + work.promptTokens() + ", " + newTokens + " new tokens, LoRA merged",
          decode, timed.decodeMerged().totalSeconds(), perStep(decode, prefill, newTokens - 1, timed.decodeMerged())));
    }
    Grpo grpo = grpoStep.profile(model, tokenizer, work, profiler);
    BenchResult.Grpo g = timed.grpo();
    sections.add(new Section("GRPO rollout: G " + g.generations() + " completions of a " + g.promptTokens()
        + "-token prompt, <= " + g.newTokens() + " new tokens, merged LoRA, log-probs", grpo.rollout(),
        g.rolloutSeconds(), List.of()));
    sections.add(new Section("GRPO update: log-probs with gradients, loss, backward, clipping, AdamW",
        grpo.update(), g.updateSeconds(), List.of()));
    try (SftBenchStep step = new SftBenchStep(model, work)) {
      step.run(); // a fresh adapter: its first step allocates the optimizer state, which the timed runs did not see
      sections.add(new Section("SFT step " + work.trainBatch() + " x " + work.trainSeqLen()
          + ": forward, chunked cross-entropy, backward, clipping, AdamW", profiler.profile("sft-step", step::run),
          timed.train().stepSecondsMedian(), List.of()));
    }
    write(profiler, timed, sections);
    return sections;
  }

  /**
   * A decode step's share of the generate call: the call minus the merged prefill profile, over
   * the steps. Approximate (the two runs' prefill differs by noise), but it is the figure the
   * bench's ms/step is made the same way from.
   */
  private static List<String> perStep(OpProfile decode, OpProfile prefill, int steps, BenchResult.Decode timed) {
    if (steps <= 0) {
      return List.of();
    }
    return List.of(String.format(Locale.ROOT,
        "Per decode step, (generate - prefill merged) / %d: %.2f ms profiled (%.2f ms unprofiled), %.2f ms inside"
            + " top-level ops, %.0f top-level op calls, %.0f in all.", steps,
        1000 * (decode.wallSeconds() - prefill.wallSeconds()) / steps, timed.msPerStep(),
        1000 * (decode.trace().opSeconds() - prefill.trace().opSeconds()) / steps,
        (double) (decode.trace().topLevelCalls() - prefill.trace().topLevelCalls()) / steps,
        (double) (decode.trace().calls() - prefill.trace().calls()) / steps));
  }

  private static void write(OpProfiler profiler, BenchResult timed, List<Section> sections) throws IOException {
    Path report = profiler.dir().resolve(ProfileReport.FILE);
    AtomicFiles.writeString(report, ProfileReport.markdown(timed, sections));
    LOG.info("wrote the operator profile to {}", report);
  }
}
