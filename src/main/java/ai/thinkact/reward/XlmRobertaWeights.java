package ai.thinkact.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.thinkact.base.InvalidDataException;
import ai.thinkact.model.WeightFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tensors of an {@code XLMRobertaForSequenceClassification} checkpoint, float32, with the
 * Hugging Face names in one place ({@link #load}). Tensors the model does not use (the pooler
 * of a plain {@code XLMRobertaModel}, {@code position_ids} buffers) are never requested.
 *
 * @param wordEmbeddings (vocab, hidden)
 * @param positionEmbeddings (maxPositions, hidden)
 * @param tokenTypeZero (hidden): row 0 of the token-type table, the only type XLM-R uses
 */
public record XlmRobertaWeights(
    NDArray wordEmbeddings,
    NDArray positionEmbeddings,
    NDArray tokenTypeZero,
    NDArray embeddingsNormWeight,
    NDArray embeddingsNormBias,
    List<Layer> layers,
    NDArray classifierDenseWeight,
    NDArray classifierDenseBias,
    NDArray classifierOutWeight,
    NDArray classifierOutBias) {

  public XlmRobertaWeights {
    layers = List.copyOf(layers);
  }

  /** One post-LN encoder layer; every weight is {@code (out, in)} as in {@code torch.nn.Linear}. */
  public record Layer(
      NDArray queryWeight,
      NDArray queryBias,
      NDArray keyWeight,
      NDArray keyBias,
      NDArray valueWeight,
      NDArray valueBias,
      NDArray attentionOutWeight,
      NDArray attentionOutBias,
      NDArray attentionNormWeight,
      NDArray attentionNormBias,
      NDArray intermediateWeight,
      NDArray intermediateBias,
      NDArray outputWeight,
      NDArray outputBias,
      NDArray outputNormWeight,
      NDArray outputNormBias) {}

  /**
   * Loads every tensor the model uses by its HF name from the safetensors of {@code modelDir}
   * (one file or sharded) into {@code manager} as float32, checking its shape against
   * {@code config}. Other tensors of the checkpoint are ignored.
   *
   * @throws InvalidDataException one line naming the tensor, the expected and the found shape
   */
  public static XlmRobertaWeights load(XlmRobertaConfig config, Path modelDir, NDManager manager) {
    try (WeightFiles checkpoint = WeightFiles.open(modelDir)) {
      return load(config, new Loader(checkpoint, modelDir, manager));
    }
  }

  private static XlmRobertaWeights load(XlmRobertaConfig config, Loader in) {
    long hidden = config.hiddenSize();
    long inner = config.intermediateSize();
    String emb = "roberta.embeddings.";
    NDArray tokenTypes = in.get(emb + "token_type_embeddings.weight", config.typeVocabSize(), hidden);
    NDArray tokenTypeZero = tokenTypes.get(0); // (hidden)
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < config.numHiddenLayers(); i++) {
      String p = "roberta.encoder.layer." + i + ".";
      layers.add(new Layer(
          in.get(p + "attention.self.query.weight", hidden, hidden),
          in.get(p + "attention.self.query.bias", hidden),
          in.get(p + "attention.self.key.weight", hidden, hidden),
          in.get(p + "attention.self.key.bias", hidden),
          in.get(p + "attention.self.value.weight", hidden, hidden),
          in.get(p + "attention.self.value.bias", hidden),
          in.get(p + "attention.output.dense.weight", hidden, hidden),
          in.get(p + "attention.output.dense.bias", hidden),
          in.get(p + "attention.output.LayerNorm.weight", hidden),
          in.get(p + "attention.output.LayerNorm.bias", hidden),
          in.get(p + "intermediate.dense.weight", inner, hidden),
          in.get(p + "intermediate.dense.bias", inner),
          in.get(p + "output.dense.weight", hidden, inner),
          in.get(p + "output.dense.bias", hidden),
          in.get(p + "output.LayerNorm.weight", hidden),
          in.get(p + "output.LayerNorm.bias", hidden)));
    }
    return new XlmRobertaWeights(
        in.get(emb + "word_embeddings.weight", config.vocabSize(), hidden),
        in.get(emb + "position_embeddings.weight", config.maxPositionEmbeddings(), hidden),
        tokenTypeZero,
        in.get(emb + "LayerNorm.weight", hidden),
        in.get(emb + "LayerNorm.bias", hidden),
        layers,
        in.get("classifier.dense.weight", hidden, hidden),
        in.get("classifier.dense.bias", hidden),
        in.get("classifier.out_proj.weight", 1, hidden),
        in.get("classifier.out_proj.bias", 1));
  }

  private record Loader(WeightFiles checkpoint, Path modelDir, NDManager manager) {
    NDArray get(String name, long... expected) {
      if (!checkpoint.contains(name)) {
        throw new InvalidDataException(
            "tensor " + name + " is missing, expected shape " + Arrays.toString(expected) + " (" + modelDir + ")");
      }
      return checkpoint.load(name, expected, manager); // checks the shape
    }
  }
}
