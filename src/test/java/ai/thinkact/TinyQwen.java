package ai.thinkact;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.thinkact.model.WeightFiles;
import ai.thinkact.model.SafetensorsDtype;
import ai.thinkact.model.SafetensorsWriter;
import ai.thinkact.model.WeightNames;

/**
 * Test fixtures for the trainers: a tiny random Qwen3 with the real vocabulary (so the real
 * tokenizer and chat format work), written once per JVM, and the bundled synthetic samples.
 */
public final class TinyQwen {

  /** Real Qwen3 vocabulary, everything else tiny: 1 layer, hidden 32. */
  public static final Qwen3Config CONFIG = new Qwen3Config(151936, 32, 64, 1, 4, 2, 8, 1e6, 1e-6, true, 40960);

  /** As {@link #CONFIG} but 2 heads of 16 sharing 1 kv head: the eval and serve tests' model. */
  public static final Qwen3Config WIDE_HEADS = new Qwen3Config(151936, 32, 64, 1, 2, 1, 16, 1e6, 1e-6, true, 40960);

  private static final Map<String, Path> RANDOM_MODELS = new java.util.HashMap<>();
  private static Path modelDir;
  private static QwenTokenizer tokenizer;
  private static ChatFormat format;

  private TinyQwen() {}

  /** A model directory with config, weights and the tokenizer files (shared; do not modify). */
  public static synchronized Path modelDir() {
    if (modelDir == null) {
      try {
        Path dir = Files.createTempDirectory("thinkact-tiny-qwen3");
        RandomCheckpoint.write(CONFIG, dir, 7);
        // HF's N(0, 0.02) embedding gives logits too small for a 1-layer LoRA to move the loss;
        // a trained model's embedding rows are far larger. Scale them to std 0.2.
        rewriteWeights(dir, dir, Map.of(WeightNames.EMBED_TOKENS, 10f));
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

  /**
   * A random Qwen3 of {@code config} drawn from {@code seed}, in Hugging Face layout with the real
   * tokenizer's files; written once per JVM (shared; do not modify). Tests whose expected numbers
   * were drawn from a model of their own ask for it here.
   */
  public static synchronized Path randomModel(Qwen3Config config, long seed) {
    return RANDOM_MODELS.computeIfAbsent(config + "/" + seed, key -> {
      try {
        Path dir = Files.createTempDirectory("thinkact-random-qwen3");
        RandomCheckpoint.write(config, dir, seed);
        for (String name : List.of("tokenizer.json", "tokenizer_config.json")) {
          Files.copy(TestPaths.qwen3Tokenizer().resolve(name), dir.resolve(name));
        }
        return dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** The real Qwen3 tokenizer (shared: loading takes seconds; freed when the test JVM exits). */
  public static synchronized QwenTokenizer tokenizer() {
    if (tokenizer == null) {
      tokenizer = QwenTokenizer.loadUnchecked(TestPaths.qwen3Tokenizer());
    }
    return tokenizer;
  }

  /**
   * Copies the weights of {@code from} to {@code to/model.safetensors}, multiplying the named
   * tensors by the given factors (NaN makes a model whose every loss is NaN).
   */
  public static void rewriteWeights(Path from, Path to, Map<String, Float> factors) throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> tensors = new LinkedHashMap<>();
      try (WeightFiles checkpoint = WeightFiles.open(from)) {
        for (String name : checkpoint.names()) {
          NDArray t = checkpoint.load(name, checkpoint.shape(name), m);
          Float factor = factors.get(name);
          tensors.put(name, factor == null ? t : t.mul(m.full(new Shape(), factor)));
        }
      }
      SafetensorsWriter.write(to.resolve(WeightFiles.SINGLE_FILE), tensors, SafetensorsDtype.F32);
    }
  }

  /** The chat format over the real Qwen3 tokenizer (shared). */
  public static synchronized ChatFormat format() {
    if (format == null) {
      format = new ChatFormat(tokenizer());
    }
    return format;
  }

  /** The bundled cold-start samples (they have reasoning, so both stages can use them). */
  public static Path samplesFile() {
    return Path.of("data/synth/coldstart.jsonl").toAbsolutePath();
  }

  /**
   * Short versions of the bundled samples (no tool schemas, one user message, the real target and
   * reasoning): about a hundred tokens each, so trainer tests run in seconds on a shared CPU.
   */
  public static List<Sample> shortSamples(int count) {
    List<Sample> out = new java.util.ArrayList<>();
    for (Sample s : samples(count)) {
      String question = s.messages().stream().filter(m -> m.role() == ai.thinkact.chat.Role.USER)
          .map(ai.thinkact.chat.Message::content).findFirst().orElse("Hello");
      question = question.length() > 120 ? question.substring(0, 120) : question;
      out.add(new Sample(s.id(), s.source(), s.conversationId(), List.of(),
          List.of(ai.thinkact.chat.Message.user(question)), s.target(), s.reasoning()));
    }
    return out;
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
