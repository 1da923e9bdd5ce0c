package ai.thinkact.eval;

import ai.thinkact.lora.LoraConfig;
import ai.thinkact.model.Projection;
import ai.thinkact.model.Qwen3Config;

/**
 * Floating-point operations of one LoRA SFT step, counted from the shapes (a multiply-add is 2
 * FLOPs; norms, RoPE, softmax and other element-wise work are left out, as is usual for MFU).
 *
 * <p>Per token of a sequence of length T, the forward pass costs
 * <pre>
 *   layers:    2 * L * sum over the 7 projections of (in * out)
 *   attention: 2 * L * 2 * T * numHeads * headDim      (scores Q K^T and the weighted sum of V,
 *                                                       over all T keys: the masked half is computed too)
 *   LoRA:      2 * L * sum over adapted projections of r * (in + out)
 *   LM head:   2 * hidden * vocab
 * </pre>
 * The backward pass of a LoRA step needs the gradient with respect to every matrix product's
 * input (one more forward's worth of FLOPs through all of it, the LM head included) but weight
 * gradients only for the LoRA matrices (their forward FLOPs once more); the frozen base weights get
 * none. So {@code step = 2 * forward + LoRA forward}, not the {@code 6N} of full fine-tuning.
 * AdamW over ~1 M LoRA parameters is negligible. For the {@code small} preset at 2 x 512 this is
 * about 447 GFLOP (forward about 222), in line with the reference figure of docs/performance.md, "about 440 (forward about 220)".
 */
public record TrainFlops(double forward, double loraForward) {

  /** Counts for {@code batch} sequences of {@code seqLen} tokens. */
  public static TrainFlops of(Qwen3Config model, LoraConfig lora, int batch, int seqLen) {
    double tokens = (double) batch * seqLen;
    double layerWeights = 0;
    double loraWeights = 0; // over all layers: ranks may differ per module (rank_pattern)
    int layers = model.numHiddenLayers();
    for (Projection p : Projection.values()) {
      double in = p.inFeatures(model);
      double out = p.outFeatures(model);
      layerWeights += in * out;
      if (lora.targetModules().contains(p)) {
        for (int layer = 0; layer < layers; layer++) {
          loraWeights += lora.rank(layer, p) * (in + out);
        }
      }
    }
    double perTokenLayers = 2.0 * layers * layerWeights;
    double perTokenAttention = 2.0 * layers * 2.0 * seqLen * model.numAttentionHeads() * model.headDim();
    double perTokenLora = 2.0 * loraWeights;
    double perTokenHead = 2.0 * model.hiddenSize() * model.vocabSize();
    double forward = tokens * (perTokenLayers + perTokenAttention + perTokenLora + perTokenHead);
    return new TrainFlops(forward, tokens * perTokenLora);
  }

  /** Forward, input-gradient backward, and the LoRA weight gradients. */
  public double step() {
    return 2 * forward + loraForward;
  }
}
