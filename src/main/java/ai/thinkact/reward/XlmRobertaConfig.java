package ai.thinkact.reward;

import ai.thinkact.base.InvalidDataException;
import ai.thinkact.config.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * The part of a Hugging Face {@code xlm-roberta} {@code config.json} that a one-logit
 * sequence-classification cross-encoder (BGE reranker) needs. Names follow HF in camelCase.
 *
 * @param vocabSize rows of {@code word_embeddings}
 * @param hiddenSize width of every hidden state
 * @param numHiddenLayers encoder layers
 * @param numAttentionHeads attention heads; {@code hiddenSize / numAttentionHeads} is the head size
 * @param intermediateSize width of the feed-forward layer
 * @param maxPositionEmbeddings rows of {@code position_embeddings}; positions start at
 *     {@code padTokenId + 1}, so at most {@code maxPositionEmbeddings - padTokenId - 1} tokens fit
 * @param typeVocabSize rows of {@code token_type_embeddings} (1 for XLM-R; only type 0 is used)
 * @param layerNormEps epsilon of every LayerNorm
 * @param padTokenId the padding id, also the offset of the position ids
 */
public record XlmRobertaConfig(
    int vocabSize,
    int hiddenSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int intermediateSize,
    int maxPositionEmbeddings,
    int typeVocabSize,
    double layerNormEps,
    int padTokenId) {

  public XlmRobertaConfig {
    requirePositive("vocab_size", vocabSize);
    requirePositive("hidden_size", hiddenSize);
    requirePositive("num_hidden_layers", numHiddenLayers);
    requirePositive("num_attention_heads", numAttentionHeads);
    requirePositive("intermediate_size", intermediateSize);
    requirePositive("type_vocab_size", typeVocabSize);
    if (hiddenSize % numAttentionHeads != 0) {
      throw new IllegalArgumentException(
          "hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + numAttentionHeads);
    }
    if (padTokenId < 0 || padTokenId >= vocabSize) {
      throw new IllegalArgumentException("pad_token_id " + padTokenId + " is outside the vocabulary of " + vocabSize);
    }
    if (maxPositionEmbeddings <= padTokenId + 1) {
      throw new IllegalArgumentException(
          "max_position_embeddings " + maxPositionEmbeddings + " leaves no position after the padding offset "
              + (padTokenId + 1));
    }
    if (!(layerNormEps > 0)) {
      throw new IllegalArgumentException("layer_norm_eps must be > 0, got " + layerNormEps);
    }
  }

  /** Size of one attention head. */
  public int headDim() {
    return hiddenSize / numAttentionHeads;
  }

  /**
   * Longest input, special tokens included, that has a position embedding: HF numbers real
   * tokens from {@code padTokenId + 1}, so 514 rows hold 512 tokens.
   */
  public int maxSequenceLength() {
    return maxPositionEmbeddings - padTokenId - 1;
  }

  /**
   * Reads {@code config.json}. Rejects what this implementation does not compute: an activation
   * other than exact {@code gelu}, relative position embeddings, or more than one label.
   *
   * @throws InvalidDataException naming the file and the field when a value is missing or unusable
   */
  public static XlmRobertaConfig load(Path configJson) {
    JsonNode root = JsonFields.readObject(configJson);
    String hiddenAct = root.path("hidden_act").asText("gelu");
    if (!hiddenAct.equals("gelu")) {
      // HF "gelu" is the exact erf form; "gelu_new" & co. are the tanh approximation.
      throw new InvalidDataException(
          configJson + ": field hidden_act is \"" + hiddenAct + "\"; only \"gelu\" (exact erf) is supported");
    }
    String positions = root.path("position_embedding_type").asText("absolute");
    if (!positions.equals("absolute")) {
      throw new InvalidDataException(
          configJson + ": field position_embedding_type is \"" + positions + "\"; only \"absolute\" is supported");
    }
    int numLabels = root.has("id2label") ? root.get("id2label").size() : root.path("num_labels").asInt(1);
    if (numLabels != 1) {
      throw new InvalidDataException(
          configJson + ": field id2label has " + numLabels + " labels; a reranker has exactly one logit");
    }
    try {
      return new XlmRobertaConfig(
          requiredInt(root, configJson, "vocab_size"),
          requiredInt(root, configJson, "hidden_size"),
          requiredInt(root, configJson, "num_hidden_layers"),
          requiredInt(root, configJson, "num_attention_heads"),
          requiredInt(root, configJson, "intermediate_size"),
          requiredInt(root, configJson, "max_position_embeddings"),
          requiredInt(root, configJson, "type_vocab_size"),
          requiredNumber(root, configJson, "layer_norm_eps"),
          requiredInt(root, configJson, "pad_token_id"));
    } catch (IllegalArgumentException e) {
      throw new InvalidDataException(configJson + ": " + e.getMessage(), e);
    }
  }

  private static int requiredInt(JsonNode root, Path file, String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
      throw new InvalidDataException(file + ": field " + field + " is missing or not an integer");
    }
    return node.intValue();
  }

  private static double requiredNumber(JsonNode root, Path file, String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.isNumber()) {
      throw new InvalidDataException(file + ": field " + field + " is missing or not a number");
    }
    return node.doubleValue();
  }

  private static void requirePositive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be > 0, got " + value);
    }
  }
}
