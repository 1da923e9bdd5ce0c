package ai.thinkact.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What {@code thinkact bench} measured. Times are medians in seconds; rates are derived from them.
 *
 * @param preset model preset name
 * @param quick whether the reduced test workload ran (its figures are not comparable)
 * @param processors CPUs the JVM sees
 * @param ompNumThreads {@code OMP_NUM_THREADS} as set, or {@code "unset"} (libtorch then uses one thread per core)
 * @param loadAverageBefore 1-minute load average when the bench started (other work on the machine)
 * @param loadAverageAfter 1-minute load average when it ended
 * @param matmul the machine's fp32 matrix-product speed through DJL
 * @param decode greedy generation with a KV cache, LoRA unmerged (as the reference)
 * @param decodeMerged the same with LoRA folded into the weights (what rollouts and eval run)
 * @param eval eval throughput on synthetic samples of both domains
 * @param evalSharedPrefix eval throughput on samples of one domain, whose prompts share the system policy and tools
 * @param grpo one GRPO step, rollout and update
 * @param train one LoRA SFT step
 * @param profile the operator profile of {@code --profile}, taken after the timed runs; empty without it
 */
public record BenchResult(String preset, boolean quick, int processors, String ompNumThreads, double loadAverageBefore, double loadAverageAfter,
    Matmul matmul, Decode decode, Decode decodeMerged, Eval eval, Eval evalSharedPrefix, Grpo grpo, Train train,
    List<BenchProfile.Section> profile) {

  public BenchResult {
    profile = List.copyOf(profile);
  }

  /** These figures with an operator profile added. */
  public BenchResult withProfile(List<BenchProfile.Section> sections) {
    return new BenchResult(preset, quick, processors, ompNumThreads, loadAverageBefore, loadAverageAfter, matmul, decode,
        decodeMerged, eval, evalSharedPrefix, grpo, train, sections);
  }

  /** {@code n x n} by {@code n x n} float32. */
  public record Matmul(int n, double secondsMedian, double gflops) {}

  /**
   * @param lora whether a LoRA adapter (r 16 on all 7 projections) was applied, as in GRPO rollouts
   * @param prefillSeconds prompt forward plus the first token (last-position logits only)
   * @param totalSeconds the whole generate call
   * @param msPerStep (total - prefill) / (newTokens - 1)
   * @param decodeTokensPerSecond batch * (newTokens - 1) / (total - prefill)
   */
  public record Decode(int batch, int promptTokens, int newTokens, boolean lora, double prefillSeconds,
      double totalSeconds, double msPerStep, double decodeTokensPerSecond) {}

  /**
   * @param meanPromptTokens mean rendered prompt length of the samples
   * @param sharedPrefixTokens the longest prefix all the samples' prompts share
   */
  public record Eval(int samples, int batch, int maxNewTokens, double meanPromptTokens, int sharedPrefixTokens, double seconds,
      double samplesPerSecond) {}

  /**
   * One GRPO step ({@code GrpoBench}): G completions of one prompt, then the policy update on them.
   *
   * @param meanCompletionTokens sampled tokens per completion (stops at a stop id can make it < newTokens)
   * @param rolloutSeconds median generation + reward + advantages of the round
   * @param updateSeconds median log-probs with gradients, loss, backward, clipping and AdamW
   */
  public record Grpo(int generations, int promptTokens, int newTokens, double meanCompletionTokens, double rolloutSeconds,
      double updateSeconds) {
    public double stepSeconds() {
      return rolloutSeconds + updateSeconds;
    }
  }

  /**
   * @param stepFlops FLOPs of one step ({@link TrainFlops#step()})
   * @param mfu achieved FLOP/s over the measured matmul FLOP/s
   */
  public record Train(int batch, int seqLen, double stepSecondsMedian, double tokensPerSecond, double stepFlops,
      double achievedGflops, double mfu) {}

  public ObjectNode toJson() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("preset", preset);
    root.put("quick", quick);
    root.put("processors", processors);
    root.put("omp_num_threads", ompNumThreads);
    root.put("load_average_before", loadAverageBefore);
    root.put("load_average_after", loadAverageAfter);
    root.putObject("matmul").put("n", matmul.n()).put("seconds_median", matmul.secondsMedian()).put("gflops", matmul.gflops());
    decodeJson(root.putObject("decode"), decode);
    decodeJson(root.putObject("decode_merged"), decodeMerged);
    evalJson(root.putObject("eval"), eval);
    evalJson(root.putObject("eval_shared_prefix"), evalSharedPrefix);
    root.putObject("grpo")
        .put("generations", grpo.generations())
        .put("prompt_tokens", grpo.promptTokens())
        .put("new_tokens", grpo.newTokens())
        .put("mean_completion_tokens", grpo.meanCompletionTokens())
        .put("rollout_s", grpo.rolloutSeconds())
        .put("update_s", grpo.updateSeconds())
        .put("step_s", grpo.stepSeconds());
    root.putObject("train")
          .put("batch", train.batch())
          .put("seq_len", train.seqLen())
          .put("step_s_median", train.stepSecondsMedian())
          .put("tokens_per_s", train.tokensPerSecond())
          .put("step_gflop", train.stepFlops() / 1e9)
          .put("achieved_gflops", train.achievedGflops())
          .put("mfu", train.mfu());
    if (!profile.isEmpty()) {
      ProfileReport.json(root.putArray("profile"), profile);
    }
    return root;
  }

  private static void decodeJson(ObjectNode node, Decode decode) {
    node.put("batch", decode.batch())
        .put("prompt_tokens", decode.promptTokens())
        .put("new_tokens", decode.newTokens())
        .put("lora", decode.lora())
        .put("prefill_s", decode.prefillSeconds())
        .put("total_s", decode.totalSeconds())
        .put("ms_per_step", decode.msPerStep())
        .put("decode_tokens_per_s", decode.decodeTokensPerSecond());
  }

  private static void evalJson(ObjectNode node, Eval eval) {
    node.put("samples", eval.samples())
        .put("batch", eval.batch())
        .put("max_new_tokens", eval.maxNewTokens())
        .put("mean_prompt_tokens", eval.meanPromptTokens())
        .put("shared_prefix_tokens", eval.sharedPrefixTokens())
        .put("seconds", eval.seconds())
        .put("samples_per_s", eval.samplesPerSecond());
  }
}
