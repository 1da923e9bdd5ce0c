package ai.thinkact.grpo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Objects;

/**
 * The GRPO surrogate loss over per-token log-probabilities, TRL-exact ({@code GRPOTrainer._compute_loss},
 * token-level importance sampling, one process), checked against TRL by GrpoGoldenTest.
 *
 * <pre>
 * ratio = exp(logp - old)                    old = logp detached when on-policy (ratio 1, gradient A)
 * clip  = clamp(ratio, 1 - epsLow, 1 + epsHigh)
 * l     = -min(ratio * A, clip * A) * w + beta * (exp(ref - logp) - (ref - logp) - 1)  (k3 KL)
 *         w = the importance-sampling weight of rollouts sampled elsewhere (TRL's vLLM correction), else 1
 * grpo    mean_i( sum_t(l m)_i / max(1, sum_t m_i) )
 * bnpo    sum(l m) / max(1, sum m)
 * dapo    sum(l m) / numItemsInBatch          (the token count of the whole accumulated batch)
 * dr_grpo sum(l m) / (B * maxCompletionLength)
 * </pre>
 *
 * <p>Deviations from the paper (section 3.1.3, equations 1-7), all following TRL as the paper's
 * implementation did:
 * <ul>
 *   <li>The paper writes the sequence-level GRPO objective (1/|o_i| inside); {@link LossType}
 *       also offers TRL's token-level variants (bnpo, dapo, dr_grpo).
 *   <li>Advantages divide by std + 1e-4 (unbiased std), not std; see {@link GroupAdvantages}.
 *   <li>Clipping may be asymmetric (epsilonHigh, DAPO's clip-higher); the paper uses one epsilon.
 *   <li>The KL term is the k3 estimator per token, added to the loss (not to the reward), and is
 *       skipped entirely when beta = 0 (the paper's setting).
 *   <li>A sequence with no completion token counts with length 1 in grpo (TRL's clamp), so it adds 0.
 *   <li>Log-ratios and KL arguments are multiplied by the mask before {@code exp}, so padding
 *       holding arbitrary values cannot overflow into NaN (TRL masks only after the fact; the
 *       loss and gradient are identical wherever TRL's are finite).
 * </ul>
 *
 * <p>Memory and autograd: every intermediate, including the scalar constants, is created in the
 * manager of {@code perTokenLogps} (call inside a per-step sub-manager and close it after
 * {@code backward}). Constants are 0-d arrays made with {@code manager.create(double)}, never the
 * {@code Number} overloads, which autograd can read after their buffer was freed.
 */
public final class GrpoLoss {
  private GrpoLoss() {}

  /**
   * One micro-batch of B completions padded to T tokens.
   *
   * @param perTokenLogps (B, T) log-probs of the current policy, requiring a gradient
   * @param oldPerTokenLogps (B, T) log-probs of the policy that sampled, or {@code null} on-policy
   * @param refPerTokenLogps (B, T) log-probs of the reference (adapter disabled); required when beta > 0
   * @param completionMask (B, T) 1 for completion tokens, 0 for padding; any numeric or boolean type
   * @param advantages (B) one advantage per completion
   * @param numItemsInBatch dapo's normalizer (completion tokens in the whole accumulated batch);
   *     NaN means this micro-batch's token count
   * @param importanceWeights (B, T) the per-token weights of {@link ImportanceSampling}, or {@code null}
   *     when the trainer sampled the completions itself
   */
  public record Inputs(
      NDArray perTokenLogps,
      NDArray oldPerTokenLogps,
      NDArray refPerTokenLogps,
      NDArray completionMask,
      NDArray advantages,
      double numItemsInBatch,
      NDArray importanceWeights) {
    public Inputs {
      Objects.requireNonNull(perTokenLogps, "perTokenLogps");
      Objects.requireNonNull(completionMask, "completionMask");
      Objects.requireNonNull(advantages, "advantages");
    }

    /** Inputs of completions the trainer sampled itself (no importance weights). */
    public Inputs(NDArray perTokenLogps, NDArray oldPerTokenLogps, NDArray refPerTokenLogps, NDArray completionMask,
        NDArray advantages, double numItemsInBatch) {
      this(perTokenLogps, oldPerTokenLogps, refPerTokenLogps, completionMask, advantages, numItemsInBatch, null);
    }

    /** Inputs for one micro-batch that is the whole batch (dapo normalizes by its own tokens). */
    public static Inputs of(NDArray logps, NDArray old, NDArray ref, NDArray mask, NDArray advantages) {
      return new Inputs(logps, old, ref, mask, advantages, Double.NaN);
    }
  }

  /**
   * The loss and what TRL logs about it.
   *
   * @param loss () the scalar to call backward on
   * @param coef1 (B, T) the importance ratio
   * @param perTokenLoss (B, T) l before masking
   * @param perTokenKl (B, T) the k3 KL estimate, or {@code null} when beta = 0
   * @param lowClipRatio share of completion tokens with ratio < 1 - epsLow and A < 0 (TRL {@code clip_ratio/low_mean})
   * @param highClipRatio share with ratio > 1 + epsHigh and A > 0 (TRL {@code clip_ratio/high_mean})
   * @param regionClipRatio share clipped either way (TRL {@code clip_ratio/region_mean})
   * @param meanKl mean KL over completion tokens, NaN when beta = 0 (TRL {@code kl})
   */
  public record Result(
      NDArray loss,
      NDArray coef1,
      NDArray perTokenLoss,
      NDArray perTokenKl,
      double lowClipRatio,
      double highClipRatio,
      double regionClipRatio,
      double meanKl) {}

  /** Computes the loss of one micro-batch. */
  public static Result compute(GrpoLossConfig config, Inputs in) {
    NDArray logps = in.perTokenLogps(); // (B, T)
    NDManager manager = logps.getManager();
    DataType dtype = logps.getDataType();
    long batch = logps.getShape().get(0);
    if (config.beta() > 0 && in.refPerTokenLogps() == null) {
      throw new IllegalArgumentException("beta > 0 needs reference log-probs");
    }
    Constants c = new Constants(manager, dtype);
    NDArray mask = in.completionMask().toType(dtype, false); // (B, T)
    NDArray advantages = in.advantages().toType(dtype, false).expandDims(1); // (B, 1)
    NDArray old = in.oldPerTokenLogps() == null ? logps.stopGradient() : in.oldPerTokenLogps(); // (B, T)

    // Clipped surrogate.
    NDArray coef1 = logps.sub(old).mul(mask).exp(); // (B, T) ratio; 1 under padding
    NDArray low = c.of(1 - config.epsilonLow()); // ()
    NDArray high = c.of(1 + config.upperEpsilon()); // ()
    // clamp as nested where: the gradient passes inside [low, high] inclusive, like torch.clamp
    // (DJL's where does not broadcast, hence the (B, T) views of the bounds)
    NDArray coef2 = NDArrays.where(coef1.lt(low), low.broadcast(coef1.getShape()),
        NDArrays.where(coef1.gt(high), high.broadcast(coef1.getShape()), coef1)); // (B, T)
    NDArray perTokenLoss = coef1.mul(advantages).minimum(coef2.mul(advantages)).neg(); // (B, T)
    if (in.importanceWeights() != null) { // TRL: after the surrogate, before the KL term
      perTokenLoss = perTokenLoss.mul(in.importanceWeights().toType(dtype, false)); // (B, T)
    }

    // k3 KL against the reference, only when it is weighted.
    NDArray perTokenKl = null;
    if (config.beta() > 0) {
      NDArray logRatio = in.refPerTokenLogps().sub(logps).mul(mask); // (B, T) ref - logp
      perTokenKl = logRatio.exp().sub(logRatio).sub(c.one); // (B, T)
      perTokenLoss = perTokenLoss.add(perTokenKl.mul(c.of(config.beta()))); // (B, T)
    }

    NDArray maskedLoss = perTokenLoss.mul(mask); // (B, T)
    NDArray tokens = mask.sum(); // ()
    NDArray loss =
        switch (config.lossType()) {
          case GRPO -> maskedLoss.sum(new int[] {1}).div(mask.sum(new int[] {1}).maximum(c.one)).sum().div(c.of(batch)); // ()
          case BNPO -> maskedLoss.sum().div(tokens.maximum(c.one)); // ()
          case DAPO -> maskedLoss.sum().div(
              Double.isNaN(in.numItemsInBatch()) ? tokens.maximum(c.one) : c.of(in.numItemsInBatch())); // ()
          case DR_GRPO -> maskedLoss.sum().div(c.of((double) batch * config.maxCompletionLength())); // ()
        };

    // What TRL logs: clipped shares over completion tokens, mean KL.
    NDArray tokenCount = tokens.maximum(c.one); // ()
    NDArray lowClipped = coef1.lt(low).logicalAnd(advantages.lt(c.zero)).toType(dtype, false); // (B, T)
    NDArray highClipped = coef1.gt(high).logicalAnd(advantages.gt(c.zero)).toType(dtype, false); // (B, T)
    NDArray regionClipped = lowClipped.add(highClipped); // (B, T) disjoint: A < 0 vs A > 0
    double lowShare = value(lowClipped.mul(mask).sum().div(tokenCount));
    double highShare = value(highClipped.mul(mask).sum().div(tokenCount));
    double regionShare = value(regionClipped.mul(mask).sum().div(tokenCount));
    double meanKl = perTokenKl == null ? Double.NaN : value(perTokenKl.stopGradient().mul(mask).sum().div(tokenCount));
    return new Result(loss, coef1, perTokenLoss, perTokenKl, lowShare, highShare, regionShare, meanKl);
  }

  private static double value(NDArray scalar) {
    return scalar.toType(DataType.FLOAT64, false).getDouble();
  }

  /** 0-d constants of the loss's dtype, owned by its manager so they outlive backward. */
  private static final class Constants {
    final NDManager manager;
    final DataType dtype;
    final NDArray zero;
    final NDArray one;

    Constants(NDManager manager, DataType dtype) {
      this.manager = manager;
      this.dtype = dtype;
      this.zero = of(0.0);
      this.one = of(1.0);
    }

    NDArray of(double value) {
      return manager.create(value).toType(dtype, false); // ()
    }
  }
}
