package ai.thinkact.model;

/**
 * Architectures {@code thinkact model init} can create. Both keep the real Qwen3 vocabulary
 * (151,936) and tie the LM head to the embedding, like the Qwen3 0.6B/1.7B/4B checkpoints.
 */
public enum ModelPreset {
  /** A few MB of layers for fast tests (the embedding is most of it). */
  TINY(new Qwen3Config(151936, 64, 192, 2, 4, 2, 16, 1e6, 1e-6, true, 40960)),
  /**
   * The quick start's model: still tiny (hidden 128, 2 layers) but with Qwen3's real head_dim
   * of 128. With head_dim 16 the QK-normed attention logits cannot exceed 4, too flat for a head
   * to single out one token among hundreds (docs/quickstart.md).
   */
  DEMO(new Qwen3Config(151936, 128, 384, 2, 4, 2, 128, 1e6, 1e-6, true, 40960)),
  /** The benchmark model of docs/performance.md: hidden 512, 8 layers, 8/4 heads, head_dim 64. */
  SMALL(new Qwen3Config(151936, 512, 1536, 8, 8, 4, 64, 1e6, 1e-6, true, 40960));

  private final Qwen3Config config;

  ModelPreset(Qwen3Config config) {
    this.config = config;
  }

  public Qwen3Config config() {
    return config;
  }
}
