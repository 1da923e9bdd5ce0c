package ai.thinkact.grpo;

import ai.thinkact.base.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a GRPO run samples when it does not sample itself: OpenAI-compatible servers (vLLM with
 * {@code --enable-lora} and {@code VLLM_ALLOW_RUNTIME_LORA_UPDATING=True}, or {@code thinkact serve})
 * and the directory, seen by the servers at the same path, through which the adapter reaches them.
 * A deployment choice, not a training setting: it is not in config.yaml, and errors name the flags.
 *
 * @param baseUrls the servers' {@code .../v1} base URLs
 * @param apiKey sent as {@code Authorization: Bearer}; null sends none
 * @param syncDir where each step's adapter is written for the servers to load
 */
public record RolloutEndpoints(List<URI> baseUrls, String apiKey, Path syncDir) {

  public RolloutEndpoints {
    baseUrls = List.copyOf(baseUrls);
    if (baseUrls.isEmpty()) {
      throw new ConfigException("--rollout-endpoint needs at least one URL");
    }
    if (syncDir == null) {
      throw new ConfigException("--rollout-endpoint needs --adapter-sync-dir DIR: a directory the servers read at the same path");
    }
    syncDir = syncDir.toAbsolutePath().normalize();
  }

  /**
   * Fails with a one-line error naming the URL of the first server that does not answer
   * {@code GET /v1/models} (after bounded retries), before minutes go into loading the model.
   */
  public void checkReachable() {
    for (URI url : baseUrls) {
      new RolloutEndpoint(url, apiKey).checkReachable();
    }
  }

  /** Parses what the user typed: {@code http://host:8000}, {@code .../v1} or {@code .../v1/} each become {@code .../v1}. */
  public static RolloutEndpoints of(List<String> urls, String apiKey, Path syncDir) {
    List<URI> out = new ArrayList<>();
    for (String url : Objects.requireNonNull(urls, "urls")) {
      out.add(baseUrl(url));
    }
    return new RolloutEndpoints(out, apiKey, syncDir);
  }

  static URI baseUrl(String url) {
    String base = url.strip();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    if (!base.endsWith("/v1")) {
      base = base + "/v1";
    }
    try {
      URI uri = new URI(base);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new ConfigException("--rollout-endpoint must be an http:// or https:// URL with a host, got " + url);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException("--rollout-endpoint " + url + " is not a URL: " + e.getMessage());
    }
  }
}
