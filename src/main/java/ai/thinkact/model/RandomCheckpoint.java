package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Writes a randomly initialised Qwen3 in Hugging Face layout ({@code config.json},
 * {@code generation_config.json}, {@code model.safetensors}), initialised as HF's
 * {@code _init_weights} does: linear and embedding weights ~ N(0, 0.02), RMSNorm weights 1.
 */
public final class RandomCheckpoint {

  /** Qwen3's {@code <|endoftext|>}: bos and pad id of the real checkpoints. */
  public static final int ENDOFTEXT_ID = 151643;
  /** Qwen3's {@code <|im_end|>}: the chat end-of-turn. */
  public static final int IM_END_ID = 151645;
  private static final double INITIALIZER_RANGE = 0.02;

  private RandomCheckpoint() {}

  /** Writes the three files into {@code dir} (which must exist); same seed, same bytes. */
  public static void write(Qwen3Config config, Path dir, long seed) throws IOException {
    write(config, dir, seed, INITIALIZER_RANGE);
  }

  /**
   * As {@link #write(Qwen3Config, Path, long)} with the (tied) embedding drawn from
   * N(0, embeddingStd). With HF's 0.02 a tiny model's logits span about ±1 over 151,936 tokens,
   * so its loss cannot fall much below ln(vocab) whatever LoRA learns (the final norm is frozen);
   * a trained embedding's rows are an order of magnitude longer, and so is the quick start's.
   */
  public static void write(Qwen3Config config, Path dir, long seed, double embeddingStd) throws IOException {
    if (!(embeddingStd > 0) || Double.isInfinite(embeddingStd)) {
      throw new IllegalArgumentException("embedding std must be a positive number, got " + embeddingStd);
    }
    Random random = new Random(seed);
    ObjectMapper json = new ObjectMapper();
    json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(),
        config.toJson(ENDOFTEXT_ID, IM_END_ID));
    ObjectNode generation = json.createObjectNode();
    generation.put("bos_token_id", ENDOFTEXT_ID);
    generation.putArray("eos_token_id").add(IM_END_ID).add(ENDOFTEXT_ID);
    generation.put("pad_token_id", ENDOFTEXT_ID);
    generation.put("transformers_version", "4.51.0");
    json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("generation_config.json").toFile(), generation);

    try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
      Map<String, NDArray> tensors = new LinkedHashMap<>();
      long hidden = config.hiddenSize();
      tensors.put(WeightNames.EMBED_TOKENS, normal(manager, random, config.vocabSize(), hidden, embeddingStd));
      for (int i = 0; i < config.numHiddenLayers(); i++) {
        tensors.put(WeightNames.inputLayernorm(i), ones(manager, hidden));
        for (Projection p : Projection.values()) {
          tensors.put(WeightNames.projection(i, p),
              normal(manager, random, p.outFeatures(config), p.inFeatures(config), INITIALIZER_RANGE));
        }
        tensors.put(WeightNames.qNorm(i), ones(manager, config.headDim()));
        tensors.put(WeightNames.kNorm(i), ones(manager, config.headDim()));
        tensors.put(WeightNames.postAttentionLayernorm(i), ones(manager, hidden));
      }
      tensors.put(WeightNames.FINAL_NORM, ones(manager, hidden));
      if (!config.tieWordEmbeddings()) {
        tensors.put(WeightNames.LM_HEAD, normal(manager, random, config.vocabSize(), hidden, INITIALIZER_RANGE));
      }
      SafetensorsWriter.write(dir.resolve(WeightFiles.SINGLE_FILE), tensors, SafetensorsDtype.F32);
    }
  }

  /** N(0, std) values drawn in Java (repeatable from the seed), written straight to native memory. */
  private static NDArray normal(NDManager manager, Random random, long rows, long cols, double std) {
    int n = Math.toIntExact(rows * cols);
    ByteBuffer bytes = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder());
    FloatBuffer values = bytes.asFloatBuffer();
    for (int i = 0; i < n; i++) {
      values.put(i, (float) (random.nextGaussian() * std));
    }
    return manager.create(bytes, new Shape(rows, cols), DataType.FLOAT32);
  }

  private static NDArray ones(NDManager manager, long size) {
    return manager.ones(new Shape(size), DataType.FLOAT32);
  }
}
