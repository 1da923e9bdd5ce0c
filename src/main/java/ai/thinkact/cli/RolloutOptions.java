package ai.thinkact.cli;

import ai.thinkact.base.ConfigException;
import ai.thinkact.grpo.RolloutEndpoints;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where {@code train grpo} samples its rollouts when not on its own model: OpenAI-compatible
 * servers that hot-load the adapter (docs/scale.md). Deployment options, not training settings,
 * so they are flags only (not in the YAML config nor config.yaml).
 */
public final class RolloutOptions {

  @Option(names = "--rollout-endpoint", split = ",", paramLabel = "URL",
      description = "Sample rollouts on these OpenAI-compatible servers (vLLM with --enable-lora, or thinkact serve):"
          + " http://host:8000[/v1], comma-separated; prompt groups go round-robin over them.")
  List<String> endpoints;

  @Option(names = "--rollout-api-key-env", paramLabel = "VAR",
      description = "Environment variable holding the rollout servers' API key (sent as a Bearer token).")
  String apiKeyEnv;

  @Option(names = "--adapter-sync-dir", paramLabel = "DIR",
      description = "With --rollout-endpoint: where each step's adapter is written for the servers to load;"
          + " they must see it at the same path (a shared filesystem).")
  Path syncDir;

  /** The checked endpoints, or null to sample on the trainer's model. */
  RolloutEndpoints endpoints() {
    if (endpoints == null || endpoints.isEmpty()) {
      if (apiKeyEnv != null || syncDir != null) {
        throw new ConfigException("--rollout-api-key-env and --adapter-sync-dir go with --rollout-endpoint");
      }
      return null;
    }
    String apiKey = ApiKeys.fromEnv("--rollout-api-key-env", apiKeyEnv);
    return RolloutEndpoints.of(endpoints, apiKey, syncDir);
  }
}
