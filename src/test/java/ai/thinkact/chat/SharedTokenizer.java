package ai.thinkact.chat;

import ai.thinkact.TestPaths;

/** One Qwen3 tokenizer for all chat tests (loading takes seconds); freed when the test JVM exits. */
final class SharedTokenizer {
  private static QwenTokenizer tokenizer;

  private SharedTokenizer() {}

  static synchronized QwenTokenizer qwen3() {
    if (tokenizer == null) {
      tokenizer = QwenTokenizer.loadUnchecked(TestPaths.qwen3Tokenizer());
    }
    return tokenizer;
  }
}
