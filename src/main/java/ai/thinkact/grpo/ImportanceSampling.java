package ai.thinkact.grpo;

import ai.thinkact.training.MetricKeys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Importance-sampling correction for rollouts sampled on another engine (TRL's
 * {@code vllm_importance_sampling_correction}). The server's kernels, batching and precision give
 * log-probs that differ from the trainer's recomputation of the same tokens, so the completions are
 * slightly off-policy; each token's loss is multiplied by a weight built from
 * {@code ratio = exp(trainer_logp - sampler_logp)}:
 *
 * <pre>
 * token_*     ratio_t = exp(old_t - sampler_t)           one weight per token
 * sequence_*  ratio   = exp(sum_t (old_t - sampler_t))   one weight for every token of the completion
 * *_truncate  weight  = min(ratio, cap)
 * *_mask      weight  = ratio if ratio <= cap else 0
 * </pre>
 *
 * TRL also takes an optional lower bound; we do not (its default is none).
 */
final class ImportanceSampling {
  private ImportanceSampling() {}

  /**
   * The per-token weights of one completion.
   *
   * @param old the trainer's log-probs of the sampled tokens (no gradient, at generation time)
   * @param sampler the server's log-probs of the same tokens
   */
  static float[] weights(ImportanceSamplingMode mode, double cap, float[] old, float[] sampler) {
    if (old.length != sampler.length) {
      throw new IllegalArgumentException(old.length + " trainer log-probs but " + sampler.length + " sampler log-probs");
    }
    float[] out = new float[old.length];
    if (mode.perSequence()) {
      double diff = 0;
      for (int t = 0; t < old.length; t++) {
        diff += (double) old[t] - sampler[t];
      }
      java.util.Arrays.fill(out, (float) bound(mode, cap, Math.exp(diff)));
    } else {
      for (int t = 0; t < old.length; t++) {
        out[t] = (float) bound(mode, cap, Math.exp((double) old[t] - sampler[t]));
      }
    }
    return out;
  }

  private static double bound(ImportanceSamplingMode mode, double cap, double ratio) {
    if (mode.masks()) {
      return ratio <= cap ? ratio : 0;
    }
    return Math.min(ratio, cap);
  }

  /** One completion's inputs to {@link #metrics}: its weights, and both log-prob rows. */
  record Row(float[] weights, float[] old, float[] sampler) {}

  /**
   * TRL's mismatch metrics of a round: min/mean/max of the weights (one per completion in the
   * sequence modes, one per token otherwise), mean/max of |old - sampler| over all tokens. A round
   * without completion tokens reports 0, as TRL.
   */
  static Map<String, Double> metrics(ImportanceSamplingMode mode, List<Row> rows) {
    double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
    long count = 0;
    double diffSum = 0, diffMax = 0;
    long tokens = 0;
    for (Row r : rows) {
      if (mode.perSequence()) {
        double w = r.weights().length == 0 ? Math.exp(0) : r.weights()[0]; // an empty completion's ratio is exp(0)
        min = Math.min(min, w);
        max = Math.max(max, w);
        sum += w;
        count++;
      } else {
        for (float w : r.weights()) {
          min = Math.min(min, w);
          max = Math.max(max, w);
          sum += w;
          count++;
        }
      }
      for (int t = 0; t < r.old().length; t++) {
        double d = Math.abs((double) r.old()[t] - r.sampler()[t]);
        diffSum += d;
        diffMax = Math.max(diffMax, d);
        tokens++;
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(MetricKeys.IS_RATIO_MIN, count == 0 ? 0 : min);
    m.put(MetricKeys.IS_RATIO_MEAN, count == 0 ? 0 : sum / count);
    m.put(MetricKeys.IS_RATIO_MAX, count == 0 ? 0 : max);
    m.put(MetricKeys.SAMPLING_LOGP_DIFF_MEAN, tokens == 0 ? 0 : diffSum / tokens);
    m.put(MetricKeys.SAMPLING_LOGP_DIFF_MAX, diffMax);
    return m;
  }
}
