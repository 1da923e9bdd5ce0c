package ai.thinkact.serve;

import ai.thinkact.base.ConfigException;
import ai.thinkact.config.Setting;
import java.util.Objects;

/**
 * How {@code thinkact serve} runs: its options, declared once here ({@link Setting}; the command's
 * flags, their {@code --help} lines and defaults are derived from these declarations). They are
 * deployment flags, not a run config (no YAML file, nothing written), so the checks name the flag.
 *
 * <p>Two settings default to something of the model, as in vLLM: unset ({@code null}),
 * {@link #forModel} fills them in, and {@link OpenAiServer#start} serves the filled-in config.
 * The API key is not a setting: it comes from the environment variable {@code --api-key-env}
 * names, never from the command line ({@link #withApiKey}).
 *
 * @param servedModelName the base model's name in requests and {@code /v1/models} (vLLM's
 *     {@code --served-model-name}); unset: the model directory, as vLLM names it after {@code --model}
 * @param host address to bind; loopback ({@code 127.0.0.1}) unless asked otherwise
 * @param port TCP port; 0 picks a free one
 * @param maxBatch most sequences (choices) generated together
 * @param apiKey when non-null, every request must send {@code Authorization: Bearer <apiKey>}
 * @param maxModelLen most prompt + completion tokens of one sequence (vLLM's {@code --max-model-len});
 *     unset: the model's {@code max_position_embeddings}
 * @param defaultMaxTokens new tokens of a chat request that sets neither {@code max_completion_tokens}
 *     nor {@code max_tokens} (OpenAI allows up to the context; the KV cache here is preallocated
 *     for the whole budget, so the default is bounded)
 * @param seed seeds the source of per-request seeds for requests without {@code seed}
 */
public record ServeConfig(
    @Setting(value = "null", label = "NAME", doc = "Model name in requests and /v1/models (default: the --model argument).")
    String servedModelName,
    @Setting(value = "127.0.0.1", label = "ADDR", doc = "Address to bind; the default, loopback, serves this machine only.")
    String host,
    @Setting(value = "8000", label = "PORT", doc = "TCP port; 0 picks a free one.")
    int port,
    @Setting(value = "8", label = "N", doc = "Most sequences generated together.")
    int maxBatch,
    String apiKey,
    @Setting(value = "null", label = "TOKENS",
        doc = "Most prompt + completion tokens per sequence (default: max_position_embeddings).")
    Integer maxModelLen,
    @Setting(value = "1024", label = "N", doc = "max_tokens of a chat request that sets none (the KV cache is preallocated for it).")
    int defaultMaxTokens,
    @Setting(value = "0", label = "N", doc = "Seeds the seeds of requests that send none.")
    long seed) {

  public ServeConfig {
    Objects.requireNonNull(host, "host");
    if (servedModelName != null && servedModelName.isBlank()) {
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
    if (maxModelLen != null && maxModelLen < 2) {
      throw new ConfigException("--max-model-len must be >= 2, got " + maxModelLen);
    }
    if (defaultMaxTokens < 1) {
      throw new ConfigException("--default-max-tokens must be >= 1, got " + defaultMaxTokens);
    }
  }

  /**
   * This config for one model: an unset served model name becomes {@code modelName}, an unset
   * {@code max_model_len} the model's {@code max_position_embeddings}, which a set one may not exceed.
   */
  public ServeConfig forModel(String modelName, int maxPositionEmbeddings) {
    if (maxModelLen != null && maxModelLen > maxPositionEmbeddings) {
      throw new ConfigException("--max-model-len " + maxModelLen + " exceeds the model's max_position_embeddings "
          + maxPositionEmbeddings);
    }
    return new ServeConfig(servedModelName != null ? servedModelName : modelName, host, port, maxBatch, apiKey,
        maxModelLen != null ? maxModelLen : maxPositionEmbeddings, defaultMaxTokens, seed);
  }

  /** This config with requests required to send {@code apiKey} (null: none required). */
  public ServeConfig withApiKey(String apiKey) {
    return new ServeConfig(servedModelName, host, port, maxBatch, apiKey, maxModelLen, defaultMaxTokens, seed);
  }
}
