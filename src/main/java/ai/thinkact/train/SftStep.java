package ai.thinkact.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.model.Qwen3Model;
import java.util.ArrayList;
import java.util.List;

/**
 * One SFT optimizer step on a frozen Qwen3 with a trainable LoRA adapter: forward and backward of
 * each micro-batch, global-norm clipping, AdamW, zeroed gradients. {@link SftTrainer} drives it
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
 * SftStep sft = new SftStep(model, adapter, optimizer, 1.0);
 * SftStep.Result r = sft.step(List.of(SftBatch.of(examples)), 2e-4);   // r.loss(), r.gradNorm(), ...
 * }</pre>
 */
public final class SftStep {

  private final Qwen3Model model;
  private final LoraAdapter adapter;
  private final AdamW optimizer;
  private final double maxGradNorm;
  private final ChunkedCrossEntropy crossEntropy;
  private final List<NDArray> parameters;

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
   * @param model the frozen base model
   * @param adapter the trainable adapter; its A and B are made to record gradients
   * @param optimizer AdamW over {@code adapter.namedParameters().values()} in that order
   * @param maxGradNorm global norm to clip to, 0 for no clipping
   */
  public SftStep(Qwen3Model model, LoraAdapter adapter, AdamW optimizer, double maxGradNorm) {
    this(model, adapter, optimizer, maxGradNorm, ChunkedCrossEntropy.DEFAULT_CHUNK);
  }

  /** As above with {@code vocabChunk} words per LM-head block (tests use small blocks). */
  public SftStep(Qwen3Model model, LoraAdapter adapter, AdamW optimizer, double maxGradNorm, int vocabChunk) {
    this.model = model;
    this.adapter = adapter;
    this.optimizer = optimizer;
    this.maxGradNorm = maxGradNorm;
    this.crossEntropy = new ChunkedCrossEntropy(model.lmHeadWeight(), vocabChunk);
    this.parameters = new ArrayList<>(adapter.namedParameters().values());
    adapter.requireGradients();
  }

  /** The AdamW parameter list a step updates: the adapter's tensors in PEFT order. */
  public static List<NDArray> trainableParameters(LoraAdapter adapter) {
    return new ArrayList<>(adapter.namedParameters().values());
  }

  /**
   * One optimizer step over {@code microBatches} (the accumulation group) at {@code learningRate}.
   * When the loss or the gradient norm is not finite no update is made ({@link Result#updated}
   * false) and the gradients are dropped, so the adapter keeps its last good values.
   */
  public Result step(List<SftBatch> microBatches, double learningRate) {
    long start = System.nanoTime();
    long normalizer = 0;
    long inputTokens = 0;
    for (SftBatch b : microBatches) {
      normalizer += b.targetTokens();
      inputTokens += b.realTokens();
    }
    Score total = new Score(0, 0, 0);
    double gradNorm = Double.NaN;
    boolean updated = false;
    adapter.setDropoutActive(true);
    try (NDManager stepScope = model.manager().newSubManager()) {
      for (SftBatch batch : microBatches) {
        try (NDManager scope = stepScope.newSubManager()) {
          total = total.plus(forwardBackward(scope, batch, Math.max(1, normalizer)));
        }
        if (!Double.isFinite(total.lossSum())) {
          break; // the run stops anyway; do not waste the remaining micro-batches
        }
      }
      if (Double.isFinite(total.lossSum())) {
        List<NDArray> gradients = new ArrayList<>();
        for (NDArray p : parameters) {
          NDArray g = p.getGradient(); // a new handle on p's gradient
          g.attach(stepScope);
          gradients.add(g);
        }
        gradNorm = maxGradNorm > 0
            ? GradientClipping.clipGradNorm(gradients, maxGradNorm)
            : GradientClipping.globalNorm(gradients);
        if (Double.isFinite(gradNorm)) {
          optimizer.step(learningRate, gradients);
          updated = true;
        }
      }
    } finally {
      adapter.setDropoutActive(false);
      optimizer.zeroGradients();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(total.meanLoss(), gradNorm, total.accuracy(), total.targetTokens(), inputTokens, seconds, updated);
  }

  /**
   * Forward and backward of one micro-batch: its summed loss divided by {@code normalizer} is
   * what the gradients receive. The chunked LM head gives the gradient with respect to the picked
   * hidden rows; {@code backward((h * g).sum())} with that constant {@code g} carries it into the
   * adapter through autograd.
   */
  public Score forwardBackward(NDManager scope, SftBatch batch, long normalizer) {
    if (batch.targetTokens() == 0) {
      return new Score(0, 0, 0);
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
      collector.backward(surrogate);
      return new Score(lossSum, batch.targetTokens(), scores.correct());
    }
  }

  /** The summed loss of a batch without gradients or dropout (eval). */
  public Score evaluate(SftBatch batch) {
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
  private NDArray targetRows(NDManager scope, SftBatch batch) {
    NDArray hidden = model.hiddenStates(scope, batch.tokens(), adapter); // (B, T, hidden)
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
