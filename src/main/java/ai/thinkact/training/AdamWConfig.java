package ai.thinkact.training;

import ai.thinkact.base.ConfigException;

/**
 * AdamW hyper-parameters ({@code torch.optim.AdamW} names in camelCase; defaults are torch's and
 * the HF Trainer's).
 *
 * @param beta1 decay of the first moment (0.9)
 * @param beta2 decay of the second moment (0.999)
 * @param eps added to the bias-corrected root of the second moment (1e-8)
 * @param weightDecay decoupled weight decay: p *= 1 - lr * weightDecay before the Adam update
 *     (torch 0.01; HF Trainer 0.0)
 */
public record AdamWConfig(double beta1, double beta2, double eps, double weightDecay) {
  public AdamWConfig {
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new ConfigException("adam beta1 must be in [0, 1), got " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new ConfigException("adam beta2 must be in [0, 1), got " + beta2);
    }
    if (!(eps > 0) || !Double.isFinite(eps)) {
      throw new ConfigException("adam epsilon must be a finite number > 0, got " + eps);
    }
    if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
      throw new ConfigException("weight decay must be a finite number >= 0, got " + weightDecay);
    }
  }

  /** torch.optim.AdamW's betas (0.9, 0.999) and eps 1e-8 with {@code weightDecay}: what every trainer uses. */
  public static AdamWConfig withWeightDecay(double weightDecay) {
    return new AdamWConfig(0.9, 0.999, 1e-8, weightDecay);
  }

  /** torch.optim.AdamW's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
  public static AdamWConfig torchDefaults() {
    return withWeightDecay(0.01);
  }
}
