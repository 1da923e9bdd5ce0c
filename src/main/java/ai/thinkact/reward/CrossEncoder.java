package ai.thinkact.reward;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.thinkact.base.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Hugging Face BGE reranker ({@code BAAI/bge-reranker-base}, {@code bge-reranker-v2-m3}):
 * {@code XLMRobertaForSequenceClassification} with one logit, scored in batches on DJL.
 * {@code score = sigmoid(logit)} is the relevance of a passage to a query in [0, 1].
 *
 * <p>As an {@link AnswerSimilarity} the predicted answer is the query and the gold answer the
 * passage, in the order of {@link #similarity}'s arguments.
 */
public final class CrossEncoder implements AnswerSimilarity, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CrossEncoder.class);

  /**
   * How to score.
   *
   * @param batchSize pairs per forward pass (pairs are sorted by length first, so little padding)
   * @param maxLength longest pair in tokens, special tokens included; 0 = the model's limit,
   *     {@code max_position_embeddings - 2} (512 for bge-reranker-base, 8192 for v2-m3)
   * @param device where the weights live and the forward pass runs
   */
  public record Options(int batchSize, int maxLength, Device device) {
    public static final int DEFAULT_BATCH_SIZE = 16;

    public Options {
      if (batchSize < 1) {
        throw new ConfigException("--batch-size must be >= 1, got " + batchSize);
      }
      if (maxLength != 0 && maxLength <= PairTokenizer.SPECIAL_TOKENS_IN_PAIR) {
        throw new ConfigException(
            "--max-length must be 0 (the model's limit) or > " + PairTokenizer.SPECIAL_TOKENS_IN_PAIR + ", got " + maxLength);
      }
      Objects.requireNonNull(device, "device");
    }

    /** Batches of 16, the model's own length limit, on the CPU. */
    public static Options defaults() {
      return new Options(DEFAULT_BATCH_SIZE, 0, Device.cpu());
    }
  }

  private final Path modelDir;
  private final NDManager manager;
  private final XlmRobertaEncoder encoder;
  private final PairTokenizer tokenizer; // null when the directory has no tokenizer.json
  private final int batchSize;

  private CrossEncoder(Path modelDir, NDManager manager, XlmRobertaEncoder encoder, PairTokenizer tokenizer, int batchSize) {
    this.modelDir = modelDir;
    this.manager = manager;
    this.encoder = encoder;
    this.tokenizer = tokenizer;
    this.batchSize = batchSize;
  }

  /**
   * Loads {@code config.json}, the safetensors weights (single file or sharded, any float dtype,
   * kept as float32) and, when present, {@code tokenizer.json}. Without a tokenizer only
   * {@link #logitsOfIds} works.
   *
   * @throws ConfigException when {@code modelDir} has no {@code config.json}
   * @throws ai.thinkact.base.InvalidDataException for a bad config, or a missing or mis-shaped tensor
   */
  public static CrossEncoder load(Path modelDir, Options options) {
    Path configFile = modelDir.resolve("config.json");
    if (!Files.isRegularFile(configFile)) {
      throw new ConfigException(
          "--model " + modelDir + ": no config.json; expected a Hugging Face reranker directory (config.json, model.safetensors, tokenizer.json)");
    }
    XlmRobertaConfig config = XlmRobertaConfig.load(configFile);
    int limit = config.maxSequenceLength();
    if (options.maxLength() > limit) {
      throw new ConfigException("--max-length " + options.maxLength() + " exceeds the model's limit of " + limit + " tokens");
    }
    int maxLength = options.maxLength() == 0 ? limit : options.maxLength();
    NDManager manager = NDManager.newBaseManager(options.device());
    try {
      XlmRobertaWeights weights = XlmRobertaWeights.load(config, modelDir, manager);
      Path tokenizerFile = modelDir.resolve("tokenizer.json");
      PairTokenizer tokenizer = Files.isRegularFile(tokenizerFile) ? PairTokenizer.load(tokenizerFile, maxLength) : null;
      LOG.info("loaded reranker {}: {} layers, hidden {}, max {} tokens per pair{}",
          modelDir, config.numHiddenLayers(), config.hiddenSize(), maxLength, tokenizer == null ? ", no tokenizer" : "");
      return new CrossEncoder(modelDir, manager, new XlmRobertaEncoder(config, weights), tokenizer, options.batchSize());
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** {@code sigmoid(logit)} of each (query[i], passage[i]) pair, in [0, 1]. */
  public double[] score(List<String> queries, List<String> passages) {
    return Arrays.stream(logits(queries, passages)).map(CrossEncoder::sigmoid).toArray();
  }

  /** Raw classifier logits of each (query[i], passage[i]) pair. */
  public double[] logits(List<String> queries, List<String> passages) {
    if (queries.size() != passages.size()) {
      throw new IllegalArgumentException(queries.size() + " queries but " + passages.size() + " passages");
    }
    if (tokenizer == null) {
      throw new ConfigException("--model " + modelDir + ": no tokenizer.json, cannot score text");
    }
    List<long[]> ids = new ArrayList<>(queries.size());
    for (int i = 0; i < queries.size(); i++) {
      ids.add(tokenizer.encode(queries.get(i), passages.get(i)));
    }
    return logitsOfIds(ids);
  }

  /** Similarity of each predicted answer (as query) to its gold answer (as passage). */
  @Override
  public double[] similarity(List<String> predicted, List<String> gold) {
    return score(predicted, gold);
  }

  /** A short name for logs: the model directory. */
  @Override
  public String name() {
    return modelDir.toString();
  }

  /**
   * Logits of already tokenised pairs ({@code <s> q </s></s> p </s>}), batched: pairs are
   * sorted by length, each batch right-padded with the pad id (the classifier reads token 0).
   */
  public double[] logitsOfIds(List<long[]> inputIds) {
    double[] logits = new double[inputIds.size()];
    Integer[] order = new Integer[inputIds.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt((Integer i) -> inputIds.get(i).length).reversed());
    for (int start = 0; start < order.length; start += batchSize) {
      Integer[] batch = Arrays.copyOfRange(order, start, Math.min(order.length, start + batchSize));
      float[] batchLogits = forward(batch, inputIds);
      for (int j = 0; j < batch.length; j++) {
        logits[batch[j]] = batchLogits[j];
      }
    }
    return logits;
  }

  private float[] forward(Integer[] batch, List<long[]> inputIds) {
    int width = 0;
    for (int i : batch) {
      if (inputIds.get(i).length == 0) {
        throw new IllegalArgumentException("pair " + i + " has no tokens");
      }
      width = Math.max(width, inputIds.get(i).length);
    }
    long pad = encoder.config().padTokenId();
    long[] ids = new long[batch.length * width];
    long[] mask = new long[batch.length * width];
    Arrays.fill(ids, pad);
    for (int row = 0; row < batch.length; row++) {
      long[] pair = inputIds.get(batch[row]);
      System.arraycopy(pair, 0, ids, row * width, pair.length);
      Arrays.fill(mask, row * width, row * width + pair.length, 1L);
    }
    try (NDManager step = manager.newSubManager()) {
      NDArray idArray = step.create(ids, new Shape(batch.length, width)); // (B, T)
      NDArray maskArray = step.create(mask, new Shape(batch.length, width)); // (B, T)
      return encoder.logits(idArray, maskArray).toFloatArray(); // (B)
    }
  }

  /** Arrays alive in this encoder's manager (weights, plus anything a batch leaked): for tests. */
  int liveArrayCount() {
    return manager.getManagedArrays().size();
  }

  static double sigmoid(double logit) {
    return 1 / (1 + Math.exp(-logit));
  }

  @Override
  public void close() {
    if (tokenizer != null) {
      tokenizer.close();
    }
    manager.close();
  }
}
