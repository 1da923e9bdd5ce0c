package ai.thinkact.eval;

import ai.thinkact.chat.PromptWindow;
import ai.thinkact.config.Checks;
import ai.thinkact.config.Setting;
import ai.thinkact.config.Settings;

/**
 * How {@code eval} asks for its completions, from a local model or an endpoint: the one declaration
 * of these settings (default, check, doc); {@code eval}'s options are derived from it.
 *
 * @param batchSize prompts generated together (local model) or requests in flight (endpoint)
 * @param maxNewTokens new tokens per completion at most
 * @param think whether the model may think first
 * @param maxPromptLength longest prompt for a local model, oldest history turns dropped first
 *     ({@link PromptWindow}); 0 = no limit
 */
public record EvalConfig(
    @Setting(value = "8", label = "B", doc = "Samples generated together (--model) or requests in flight (--endpoint).")
    int batchSize,
    @Setting(value = "512", label = "N",
        doc = "Most new tokens per completion (max_completion_tokens for --endpoint, max_tokens if it refuses that).")
    int maxNewTokens,
    @Setting(value = "on", doc = "on: the model may think first; off: enable_thinking=false (an empty think block ends the prompt).")
    ThinkMode think,
    @Setting(value = "0", label = "TOKENS",
        doc = "Longest prompt for --model: older history turns are dropped first, as the trainers' max_length and"
            + " max_prompt_length do (0 = keep every prompt whole).")
    int maxPromptLength) {

  public EvalConfig {
    Checks.atLeast("batch_size", batchSize, 1);
    Checks.atLeast("max_new_tokens", maxNewTokens, 1);
    Checks.atLeast("max_prompt_length", maxPromptLength, 0);
    Checks.require(think != null, "think must be on or off");
  }

  /** Prompts kept whole. */
  public EvalConfig(int batchSize, int maxNewTokens, ThinkMode think) {
    this(batchSize, maxNewTokens, think, 0);
  }

  public static EvalConfig defaults() {
    return Settings.of(EvalConfig.class).defaults();
  }
}
