package ai.thinkact.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.thinkact.model.ChunkedCrossEntropy;
import ai.thinkact.model.Qwen3Model;
import java.util.List;

/**
 * One SFT optimizer step on Qwen3 with trainable weights (a LoRA adapter, or the model's own): forward and backward of
 * each micro-batch, then {@link OptimizerStep} (global-norm clipping, AdamW, zeroed gradients). The SFT and pretraining trainers drive it
 * over the data; {@code thinkact bench} can time it on synthetic batches.
 *
 * <p><b>Loss.</b> Next-token cross-entropy over the loss-masked tokens. With gradient
 * accumulation every micro-batch's summed loss is divided by the number of target tokens of the
 * <em>whole optimizer step</em>, so the accumulated gradient is exactly the gradient of the mean
 * over all target tokens of the step (what one big batch would give). That is what transformers
 * (>= 4.46) does when it passes {@code num_items_in_batch} to the loss, and what TRL's
 * SFTTrainer gets through it; older TRL averaged per micro-batch and then over micro-batches,
 * which weights a token of a short sample more. The logged {@code loss} is that same mean.
 *
 * <p><b>Memory.</b> Every micro-batch runs in its own sub-manager of the step's, closed before
 * the next; only the adapter, its gradients and the optimizer state outlive a step.
 *
 * <pre>{@code
 * LmStep sft = new LmStep(model, adapter, optimizer, 1.0);
 * LmStep.Result r = sft.step(List.of(LmBatch.of(examples)), 2e-4);   // r.loss(), r.gradNorm(), ...
 * }</pre>
 */
public final class LmStep {

  private final Qwen3Model model;
  private final TrainableWeights weights;
  private final OptimizerStep update;
  private final ChunkedCrossEntropy crossEntropy;
  private SampledSoftmax sampled; // null: the exact, vocabulary-chunked softmax

  /** Summed loss of a set of target tokens. */
  public record Score(double lossSum, long targetTokens, long correct) {
    public Score plus(Score other) {
      return new Score(lossSum + other.lossSum, targetTokens + other.targetTokens, correct + other.correct);
    }

    /** Mean loss per target token (NaN when there are none). */
    public double meanLoss() {
      return targetTokens == 0 ? Double.NaN : lossSum / targetTokens;
    }

    /** Share of target tokens predicted right (TRL's mean_token_accuracy). */
    public double accuracy() {
      return targetTokens == 0 ? Double.NaN : (double) correct / targetTokens;
    }
  }

  /**
   * What one optimizer step did.
   *
   * @param loss mean next-token loss over the step's target tokens
   * @param gradNorm global gradient norm before clipping
   * @param accuracy share of target tokens predicted right
   * @param targetTokens loss-masked tokens of the step
   * @param inputTokens non-padding tokens of the step
   * @param seconds wall time
   * @param updated false when the loss or gradient norm was not finite and no update was made
   */
  public record Result(double loss, double gradNorm, double accuracy, long targetTokens, long inputTokens,
      double seconds, boolean updated) {
    public double tokensPerSecond() {
      return seconds > 0 ? inputTokens / seconds : 0;
    }
  }

  /**
   * @param model the base model
   * @param weights what is trained (made to record gradients): an adapter or the model's weights
   * @param optimizer AdamW over {@code weights.parameters()} in that order
   * @param maxGradNorm global norm to clip to, 0 for no clipping
   */
  public LmStep(Qwen3Model model, TrainableWeights weights, AdamW optimizer, double maxGradNorm) {
    this(model, weights, optimizer, maxGradNorm, ChunkedCrossEntropy.adaptive(model.lmHeadWeight()));
  }

  /** As above with a fixed {@code vocabChunk} words per LM-head block (tests use small blocks). */
  public LmStep(Qwen3Model model, TrainableWeights weights, AdamW optimizer, double maxGradNorm, int vocabChunk) {
    this(model, weights, optimizer, maxGradNorm, new ChunkedCrossEntropy(model.lmHeadWeight(), vocabChunk));
  }

  private LmStep(Qwen3Model model, TrainableWeights weights, AdamW optimizer, double maxGradNorm,
      ChunkedCrossEntropy crossEntropy) {
    this.model = model;
    this.weights = weights;
    this.update = new OptimizerStep(optimizer, maxGradNorm);
    this.crossEntropy = crossEntropy;
    weights.requireGradients();
  }

  /**
   * Normalise the training loss over the targets plus {@code samples} sampled words instead of
   * the whole vocabulary ({@link SampledSoftmax}); 0 keeps the exact softmax. Evaluation is always exact.
   */
  public void useSampledSoftmax(int samples) {
    this.sampled = samples == 0 ? null : new SampledSoftmax(model.lmHeadWeight(), samples);
  }

  /** Seeds the sampled softmax's draws for the coming step (a no-op for the exact softmax). */
  public void reseedSamples(long seed) {
    if (sampled != null) {
      sampled.reseed(seed);
    }
  }

  /**
   * One optimizer step over {@code microBatches} (the accumulation group) at {@code learningRate}.
   * When the loss or the gradient norm is not finite no update is made ({@link Result#updated}
   * false) and the gradients are dropped, so the adapter keeps its last good values.
   */
  public Result step(List<LmBatch> microBatches, double learningRate) {
    long start = System.nanoTime();
    long normalizer = 0;
    long inputTokens = 0;
    for (LmBatch b : microBatches) {
      normalizer += b.targetTokens();
      inputTokens += b.realTokens();
    }
    Score total = new Score(0, 0, 0);
    OptimizerStep.Outcome outcome;
    weights.setDropoutActive(true);
    try (NDManager stepScope = model.manager().newSubManager()) {
      for (LmBatch batch : microBatches) {
        try (NDManager scope = stepScope.newSubManager()) {
          total = total.plus(forwardBackward(scope, batch, Math.max(1, normalizer)));
        }
        if (!Double.isFinite(total.lossSum())) {
          break; // the run stops anyway; do not waste the remaining micro-batches
        }
      }
      outcome = update.apply(total.lossSum(), learningRate);
    } finally {
      weights.setDropoutActive(false);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(total.meanLoss(), outcome.gradNorm(), total.accuracy(), total.targetTokens(), inputTokens, seconds,
        outcome.updated());
  }

  /**
   * Forward and backward of one micro-batch: its summed loss divided by {@code normalizer} is
   * what the gradients receive. The chunked LM head gives the gradient with respect to the picked
   * hidden rows; {@code backward((h * g).sum())} with that constant {@code g} carries it into the
   * adapter through autograd.
   */
  public Score forwardBackward(NDManager scope, LmBatch batch, long normalizer) {
    if (batch.targetTokens() == 0) {
      return new Score(0, 0, 0);
    }
    if (sampled != null) {
      return sampledForwardBackward(scope, batch, normalizer);
    }
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray picked = targetRows(scope, batch); // (N, hidden), records gradients
      NDArray detached = picked.stopGradient(); // (N, hidden)
      ChunkedCrossEntropy.Scores scores = crossEntropy.score(scope, detached, batch.labels(), 1f);
      double lossSum = -sum(scores.logProbs());
      // d(sum of -logp / normalizer) / d logp = -1 / normalizer for every target token
      NDArray dLogp = scope.full(new Shape(batch.targetTokens()), (float) (-1.0 / normalizer), DataType.FLOAT32); // (N)
      NDArray gradient = scores.gradient(dLogp); // (N, hidden), constant
      NDArray surrogate = picked.mul(gradient.toType(picked.getDataType(), false)).sum(); // (), d/dh = gradient
      if (weights.trainsLmHead()) {
        // The label part of the LM head's gradient, w_i h_i on row label_i, through autograd's gather.
        NDArray labelRows = model.lmHeadWeight().get(scope.create(batch.labels())); // (N, hidden), records
        labelRows.attach(scope);
        NDArray weightedRows = detached.mul(dLogp.expandDims(1)); // (N, hidden), constant
        surrogate = surrogate.add(labelRows.mul(weightedRows).sum()); // ()
      }
      collector.backward(surrogate);
      if (weights.trainsLmHead()) {
        try (NDArray headGradient = model.lmHeadWeight().getGradient()) { // a handle on the gradient
          crossEntropy.addSoftmaxWeightGradient(scope, headGradient, detached, scores.logSumExp(), dLogp);
        }
      }
      return new Score(lossSum, batch.targetTokens(), scores.correct());
    }
  }

  /**
   * The loss under a {@link SampledSoftmax}: plain autograd through the sampled logits, so the
   * LM head rows that were used get their gradient too.
   */
  private Score sampledForwardBackward(NDManager scope, LmBatch batch, long normalizer) {
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray picked = targetRows(scope, batch); // (N, hidden), records gradients
      SampledSoftmax.Result scores = sampled.logProbs(scope, picked, batch.labels());
      double lossSum = -sum(scores.logProbs());
      NDArray loss = scores.logProbs().sum().neg()
          .div(scope.full(new Shape(), (float) normalizer, DataType.FLOAT32)); // (), the constant kept alive
      collector.backward(loss);
      return new Score(lossSum, batch.targetTokens(), scores.correct());
    }
  }

  /** The summed loss of a batch without gradients or dropout (eval). */
  public Score evaluate(LmBatch batch) {
    if (batch.targetTokens() == 0) {
      return new Score(0, 0, 0);
    }
    try (NDManager scope = model.manager().newSubManager()) {
      NDArray picked = targetRows(scope, batch).stopGradient(); // (N, hidden)
      ChunkedCrossEntropy.Scores scores = crossEntropy.score(scope, picked, batch.labels(), 1f);
      return new Score(-sum(scores.logProbs()), batch.targetTokens(), scores.correct());
    }
  }

  /** Final-normed hidden states of the positions that predict a target token. */
  private NDArray targetRows(NDManager scope, LmBatch batch) {
    NDArray hidden = model.hiddenStates(scope, batch.tokens(), weights.forwardAdapter()); // (B, T, hidden)
    NDArray flat = hidden.reshape(-1, model.config().hiddenSize()); // (B*T, hidden)
    NDArray rows = scope.create(batch.rows()); // (N) int64
    return flat.get(rows); // (N, hidden)
  }

  private static double sum(NDArray values) {
    try (NDArray s = values.toType(DataType.FLOAT64, false).sum()) {
      return s.getDouble();
    }
  }
}
