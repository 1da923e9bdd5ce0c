package ai.thinkact.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.thinkact.reward.XlmRobertaWeights.Layer;
import java.util.function.UnaryOperator;

/**
 * Forward pass of {@code XLMRobertaForSequenceClassification} with one label, written from the
 * semantics of Hugging Face {@code transformers} (inference only, no dropout):
 *
 * <pre>
 * pos = cumsum(ids != pad) * (ids != pad) + pad            first real token gets pad + 1
 * h   = LN(word[ids] + position[pos] + tokenType[0])
 * per layer (post-LN):
 *   h = LN(h + Wo attention(h))                           padding keys masked
 *   h = LN(h + W2 gelu(W1 h))                             gelu = exact erf form
 * logit = outProj(tanh(dense(h[:, 0])))                    reads token 0 (&lt;s&gt;)
 * </pre>
 *
 * <p>Batches must be padded on the right: the classifier reads position 0.
 */
public final class XlmRobertaEncoder {

  private final XlmRobertaConfig config;
  private final XlmRobertaWeights weights;
  private final UnaryOperator<NDArray> activation;

  public XlmRobertaEncoder(XlmRobertaConfig config, XlmRobertaWeights weights) {
    this(config, weights, XlmRobertaEncoder::gelu);
  }

  /** With another feed-forward activation: lets a test show the golden case rejects tanh-GELU. */
  XlmRobertaEncoder(XlmRobertaConfig config, XlmRobertaWeights weights, UnaryOperator<NDArray> activation) {
    this.config = config;
    this.weights = weights;
    this.activation = activation;
  }

  public XlmRobertaConfig config() {
    return config;
  }

  /**
   * Classifier logits for a right-padded batch. Every result is attached to the manager of
   * {@code inputIds}; intermediates of each layer are freed when the layer ends.
   *
   * @param inputIds (B, T) int64 token ids
   * @param attentionMask (B, T) 1 for real tokens, 0 for padding (any numeric type)
   * @return (B) float32 raw logits
   */
  public NDArray logits(NDArray inputIds, NDArray attentionMask) {
    NDManager scope = inputIds.getManager();
    long batch = inputIds.getShape().get(0);
    long length = inputIds.getShape().get(1);
    if (length > config.maxSequenceLength()) {
      throw new IllegalArgumentException(
          "sequence of " + length + " tokens exceeds the model's " + config.maxSequenceLength());
    }
    // Added to every score of a padding key; HF uses the dtype's most negative value.
    NDArray keyBias = attentionMask.toType(DataType.FLOAT32, false).neg().add(1f)
        .mul(-Float.MAX_VALUE)
        .reshape(batch, 1, 1, length); // (B, 1, 1, T)

    NDArray hidden = embed(inputIds); // (B, T, hidden)
    for (Layer layer : weights.layers()) {
      NDArray next;
      try (NDManager layerScope = scope.newSubManager()) {
        // Results join their first operand's manager: with the input in layerScope, every
        // intermediate of the layer is freed when the layer ends.
        hidden.tempAttach(layerScope);
        next = layer(hidden, keyBias, layer); // (B, T, hidden)
        next.attach(scope);
      }
      hidden.close(); // returned to scope by tempAttach, no longer needed
      hidden = next;
    }
    NDArray cls = hidden.get(new NDIndex(":, 0, :")); // (B, hidden)
    NDArray pooled = linear(cls, weights.classifierDenseWeight(), weights.classifierDenseBias()).tanh(); // (B, hidden)
    return linear(pooled, weights.classifierOutWeight(), weights.classifierOutBias()).reshape(batch); // (B)
  }

  /** Embeddings summed then normalised: {@code LN(word[ids] + position[pos(ids)] + tokenType[0])}. */
  NDArray embed(NDArray inputIds) {
    NDArray positions = positionIds(inputIds, config.padTokenId()); // (B, T)
    NDArray words = gatherRows(inputIds, weights.wordEmbeddings()); // (B, T, hidden)
    NDArray positional = gatherRows(positions, weights.positionEmbeddings()); // (B, T, hidden)
    NDArray summed = words.add(positional).add(weights.tokenTypeZero()); // (B, T, hidden)
    return layerNorm(summed, weights.embeddingsNormWeight(), weights.embeddingsNormBias(), config.layerNormEps());
  }

  private NDArray layer(NDArray hidden, NDArray keyBias, Layer w) {
    long batch = hidden.getShape().get(0);
    long length = hidden.getShape().get(1);
    int heads = config.numAttentionHeads();
    int headDim = config.headDim();

    NDArray q = splitHeads(linear(hidden, w.queryWeight(), w.queryBias()), heads, headDim); // (B, heads, T, headDim)
    NDArray k = splitHeads(linear(hidden, w.keyWeight(), w.keyBias()), heads, headDim); // (B, heads, T, headDim)
    NDArray v = splitHeads(linear(hidden, w.valueWeight(), w.valueBias()), heads, headDim); // (B, heads, T, headDim)
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)) // (B, heads, T, T)
        .div((float) Math.sqrt(headDim))
        .add(keyBias);
    NDArray context = scores.softmax(-1).matMul(v) // (B, heads, T, headDim)
        .transpose(0, 2, 1, 3)
        .reshape(batch, length, config.hiddenSize()); // (B, T, hidden)
    NDArray attended = linear(context, w.attentionOutWeight(), w.attentionOutBias()); // (B, T, hidden)
    NDArray afterAttention = layerNorm(
        attended.add(hidden), w.attentionNormWeight(), w.attentionNormBias(), config.layerNormEps()); // (B, T, hidden)

    NDArray intermediate = activation.apply(linear(afterAttention, w.intermediateWeight(), w.intermediateBias())); // (B, T, intermediate)
    NDArray output = linear(intermediate, w.outputWeight(), w.outputBias()); // (B, T, hidden)
    return layerNorm(output.add(afterAttention), w.outputNormWeight(), w.outputNormBias(), config.layerNormEps()); // (B, T, hidden)
  }

  /**
   * HF {@code create_position_ids_from_input_ids}: real tokens are numbered from
   * {@code pad + 1} in order, padding tokens get {@code pad}.
   *
   * @param inputIds (B, T) int64
   * @return (B, T) int64
   */
  static NDArray positionIds(NDArray inputIds, int padTokenId) {
    NDArray real = inputIds.neq(padTokenId).toType(DataType.INT64, false); // (B, T) 0/1
    return real.cumSum(1).mul(real).add(padTokenId); // (B, T)
  }

  /** Exact GELU, {@code x/2 (1 + erf(x/sqrt 2))}: HF's {@code "gelu"}, not the tanh approximation. */
  static NDArray gelu(NDArray x) {
    return x.div((float) Math.sqrt(2.0)).erf().add(1f).mul(x).mul(0.5f);
  }

  /** LayerNorm over the last axis with biased variance, as {@code torch.nn.LayerNorm}. */
  static NDArray layerNorm(NDArray x, NDArray weight, NDArray bias, double eps) {
    Shape normalized = new Shape(x.getShape().get(x.getShape().dimension() - 1));
    return x.getNDArrayInternal().layerNorm(x, normalized, weight, bias, (float) eps).singletonOrThrow();
  }

  /** {@code x W^T + b}; the activation comes first so the result lives in its manager. */
  private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
    return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
  }

  /** Rows of {@code table} at {@code ids}; the result lives in the manager of {@code ids}. */
  private static NDArray gatherRows(NDArray ids, NDArray table) {
    return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
  }

  private static NDArray splitHeads(NDArray x, int heads, int headDim) {
    Shape s = x.getShape();
    return x.reshape(s.get(0), s.get(1), heads, headDim).transpose(0, 2, 1, 3); // (B, heads, T, headDim)
  }
}
