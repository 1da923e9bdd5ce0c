package ai.thinkact.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sampling fields {@code /v1/completions} and {@code /v1/chat/completions} share, with
 * OpenAI's defaults (temperature 1, top_p 1, no top-k) rather than a checkpoint's
 * {@code generation_config.json}.
 *
 * @param n choices per prompt, {@code >= 1}
 * @param maxTokens {@code max_completion_tokens}, else {@code max_tokens}; null when the request sets neither
 * @param temperature {@code 0} is greedy (argmax); otherwise logits are divided by it before sampling
 * @param topP nucleus mass in {@code (0, 1]}
 * @param topK keep the k most likely tokens; 0 (or vLLM's -1) disables
 * @param seed seeds this request's sampling; null takes one from the server's random source
 * @param stop strings that end a choice; the returned text stops before them
 * @param stopTokenIds ids that end a choice besides {@code <|im_end|>} and {@code <|endoftext|>} (vLLM)
 * @param logprobs {@code -1}: none; {@code 0}: each chosen token's log-probability; {@code k}: also the top k
 * @param returnTokenIds vLLM's {@code return_token_ids}: the generated ids per choice and the prompt ids
 * @param tokensAsIds vLLM's {@code return_tokens_as_token_ids}: log-prob tokens as {@code token_id:N}
 * @param includeStopStr vLLM's {@code include_stop_str_in_output}
 */
record SamplingRequest(int n, Integer maxTokens, float temperature, float topP, int topK, Long seed, List<String> stop,
    Set<Integer> stopTokenIds, int logprobs, boolean returnTokenIds, boolean tokensAsIds, boolean includeStopStr) {

  /** vLLM's default {@code --max-logprobs}. */
  static final int MAX_LOGPROBS = 20;

  SamplingRequest {
    stop = List.copyOf(stop);
    stopTokenIds = Set.copyOf(stopTokenIds);
  }

  boolean greedy() {
    return temperature == 0f;
  }

  /**
   * Reads the shared fields of {@code body}.
   *
   * @param chat chat format: {@code logprobs} is a boolean with {@code top_logprobs} beside it;
   *     otherwise (completions) {@code logprobs} is the number of top tokens
   */
  static SamplingRequest parse(JsonNode body, boolean chat) {
    for (String unsupported : List.of("stream", "echo", "use_beam_search")) {
      if (JsonFields.bool(body, unsupported, false)) {
        throw ApiException.badRequest(unsupported, unsupported + " is not supported by thinkact serve");
      }
    }
    Integer n = JsonFields.integer(body, "n");
    if (n != null && n < 1) {
      throw ApiException.badRequest("n", "n must be >= 1, got " + n);
    }
    Integer maxTokens = JsonFields.integer(body, "max_completion_tokens");
    String maxField = "max_completion_tokens";
    if (maxTokens == null) {
      maxTokens = JsonFields.integer(body, "max_tokens");
      maxField = "max_tokens";
    }
    if (maxTokens != null && maxTokens < 1) {
      throw ApiException.badRequest(maxField, maxField + " must be >= 1, got " + maxTokens);
    }
    Double temperature = JsonFields.number(body, "temperature");
    if (temperature != null && !(temperature >= 0)) {
      throw ApiException.badRequest("temperature", "temperature must be >= 0 (0 = greedy), got " + temperature);
    }
    Double topP = JsonFields.number(body, "top_p");
    if (topP != null && !(topP > 0 && topP <= 1)) {
      throw ApiException.badRequest("top_p", "top_p must be in (0, 1], got " + topP);
    }
    Integer topK = JsonFields.integer(body, "top_k");
    if (topK != null && topK < -1) {
      throw ApiException.badRequest("top_k", "top_k must be >= 0 (0 or -1 disable it), got " + topK);
    }
    Set<Integer> stopTokenIds = new HashSet<>();
    for (int id : JsonFields.ids(body, "stop_token_ids")) {
      stopTokenIds.add(id);
    }
    return new SamplingRequest(
        n == null ? 1 : n,
        maxTokens,
        temperature == null ? 1f : temperature.floatValue(),
        topP == null ? 1f : topP.floatValue(),
        topK == null || topK < 0 ? 0 : topK,
        JsonFields.longInteger(body, "seed"),
        JsonFields.strings(body, "stop"),
        stopTokenIds,
        chat ? chatLogprobs(body) : completionLogprobs(body),
        JsonFields.bool(body, "return_token_ids", false),
        JsonFields.bool(body, "return_tokens_as_token_ids", false),
        JsonFields.bool(body, "include_stop_str_in_output", false));
  }

  private static int completionLogprobs(JsonNode body) {
    Integer k = JsonFields.integer(body, "logprobs");
    if (k == null) {
      return -1;
    }
    if (k < 0 || k > MAX_LOGPROBS) {
      throw ApiException.badRequest("logprobs", "logprobs must be in [0, " + MAX_LOGPROBS + "], got " + k);
    }
    return k;
  }

  private static int chatLogprobs(JsonNode body) {
    boolean wanted = JsonFields.bool(body, "logprobs", false);
    Integer k = JsonFields.integer(body, "top_logprobs");
    if (k != null && (k < 0 || k > MAX_LOGPROBS)) {
      throw ApiException.badRequest("top_logprobs", "top_logprobs must be in [0, " + MAX_LOGPROBS + "], got " + k);
    }
    if (k != null && k > 0 && !wanted) {
      throw ApiException.badRequest("top_logprobs", "top_logprobs needs logprobs: true");
    }
    return wanted ? (k == null ? 0 : k) : -1;
  }
}
