package ai.thinkact.train;

import ai.thinkact.TestPaths;
import ai.thinkact.chat.ChatFormat;
import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.data.Sample;
import ai.thinkact.data.SampleJsonl;
import ai.thinkact.model.Qwen3Config;
import ai.thinkact.model.RandomCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test fixtures for the trainers: a tiny random Qwen3 with the real vocabulary (so the real
 * tokenizer and chat format work), written once per JVM, and the bundled synthetic samples.
 */
public final class TinyQwen {

  /** Real Qwen3 vocabulary, everything else tiny: 1 layer, hidden 32. */
  public static final Qwen3Config CONFIG = new Qwen3Config(151936, 32, 64, 1, 4, 2, 8, 1e6, 1e-6, true, 40960);

  private static Path modelDir;
  private static ChatFormat format;

  private TinyQwen() {}

  /** A model directory with config, weights and the tokenizer files (shared; do not modify). */
  public static synchronized Path modelDir() {
    if (modelDir == null) {
      try {
        Path dir = Files.createTempDirectory("thinkact-tiny-qwen3");
        RandomCheckpoint.write(CONFIG, dir, 7);
        for (String name : List.of("tokenizer.json", "tokenizer_config.json")) {
          Files.copy(TestPaths.qwen3Tokenizer().resolve(name), dir.resolve(name));
        }
        modelDir = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return modelDir;
  }

  /** The chat format over the real Qwen3 tokenizer (shared). */
  public static synchronized ChatFormat format() {
    if (format == null) {
      format = new ChatFormat(QwenTokenizer.loadUnchecked(TestPaths.qwen3Tokenizer()));
    }
    return format;
  }

  /** The bundled cold-start samples (they have reasoning, so both stages can use them). */
  public static Path samplesFile() {
    return Path.of("data/synth/coldstart.jsonl").toAbsolutePath();
  }

  public static List<Sample> samples(int count) {
    try {
      List<Sample> all = SampleJsonl.read(samplesFile());
      return all.subList(0, Math.min(count, all.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
