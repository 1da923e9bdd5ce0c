package ai.thinkact.serve;

import ai.thinkact.base.ConfigException;
import java.util.Objects;

/**
 * How {@code thinkact serve} runs. Errors name the command-line flag.
 *
 * @param servedModelName the base model's name in requests and {@code /v1/models} (vLLM's
 *     {@code --served-model-name}; the command defaults it to the {@code --model} argument, as vLLM does)
 * @param host address to bind; loopback ({@code 127.0.0.1}) unless asked otherwise
 * @param port TCP port; 0 picks a free one
 * @param maxBatch most sequences (choices) generated together
 * @param apiKey when non-null, every request must send {@code Authorization: Bearer <apiKey>}
 * @param maxModelLen most prompt + completion tokens of one sequence (vLLM's {@code --max-model-len})
 * @param defaultMaxTokens new tokens of a chat request that sets neither {@code max_completion_tokens}
 *     nor {@code max_tokens} (OpenAI allows up to the context; the KV cache here is preallocated
 *     for the whole budget, so the default is bounded)
 * @param seed seeds the source of per-request seeds for requests without {@code seed}
 */
public record ServeConfig(String servedModelName, String host, int port, int maxBatch, String apiKey, int maxModelLen,
    int defaultMaxTokens, long seed) {

  public ServeConfig {
    Objects.requireNonNull(servedModelName, "servedModelName");
    Objects.requireNonNull(host, "host");
    if (servedModelName.isBlank()) {
      throw new ConfigException("--served-model-name must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new ConfigException("--port must be in [0, 65535] (0 picks a free port), got " + port);
    }
    if (maxBatch < 1) {
      throw new ConfigException("--max-batch must be >= 1, got " + maxBatch);
    }
    if (apiKey != null && apiKey.isBlank()) {
      throw new ConfigException("--api-key-env names an empty API key");
    }
    if (maxModelLen < 2) {
      throw new ConfigException("--max-model-len must be >= 2, got " + maxModelLen);
    }
    if (defaultMaxTokens < 1) {
      throw new ConfigException("--default-max-tokens must be >= 1, got " + defaultMaxTokens);
    }
  }
}
