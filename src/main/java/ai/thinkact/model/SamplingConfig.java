package ai.thinkact.model;

import ai.thinkact.config.Checks;
import ai.thinkact.config.Setting;
import ai.thinkact.config.Settings;
import java.util.Set;

/**
 * How tokens are drawn where a command samples (generate, GRPO's rollouts): the one declaration of
 * the temperature, top-p and top-k settings, with Hugging Face's and TRL's defaults (temperature 1,
 * no nucleus, no top-k). {@link SamplingSettings} is what one generation call takes besides.
 *
 * @param temperature divides the logits; > 0
 * @param topP nucleus mass in (0, 1]; 1 = off
 * @param topK keep the k likeliest tokens; null = off (0 is read as off, as in Hugging Face)
 */
public record SamplingConfig(
    @Setting(value = "1.0", doc = "Sampling temperature (> 0): logits are divided by it (GRPO's log-probabilities"
        + " too, as in TRL).")
    double temperature,
    @Setting(value = "1.0", doc = "Nucleus sampling mass; 1 = off.")
    double topP,
    @Setting(value = "null", label = "K", doc = "Keep the k likeliest tokens when sampling; unset or 0 = off.")
    Integer topK) {

  public SamplingConfig {
    Checks.positive("temperature", temperature);
    Checks.inRange("top_p", topP, 1e-6, 1.0);
    if (topK != null) {
      Checks.atLeast("top_k", topK, 0);
      topK = topK == 0 ? null : topK;
    }
  }

  public static SamplingConfig defaults() {
    return Settings.of(SamplingConfig.class).defaults();
  }

  /** top-k as {@link SamplingSettings} takes it: 0 = off. */
  private int topKOrOff() {
    return topK == null ? 0 : topK;
  }

  /** The settings of one sampling call with these knobs. */
  public SamplingSettings sample(long seed, int maxNewTokens, Set<Integer> stopIds) {
    return SamplingSettings.sample((float) temperature, topKOrOff(), (float) topP, seed, maxNewTokens, stopIds);
  }
}
