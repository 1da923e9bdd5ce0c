package ai.thinkact.grpo;

/**
 * The GRPO loss and its gradient in plain doubles, written from the formulas (not from
 * {@link GrpoLoss}), to check the DJL version on inputs the goldens do not cover.
 */
final class GrpoReference {
  private GrpoReference() {}

  record Output(double loss, double[][] grad) {}

  static Output compute(GrpoLossConfig c, double[][] logp, double[][] old, double[][] ref, double[][] mask,
      double[] adv, double numItems) {
    int b = logp.length;
    int t = logp[0].length;
    double[][] perToken = new double[b][t];
    double[][] dPerToken = new double[b][t]; // d l_it / d logp_it
    for (int i = 0; i < b; i++) {
      for (int k = 0; k < t; k++) {
        if (mask[i][k] == 0) {
          continue;
        }
        double ratio = Math.exp(logp[i][k] - (old == null ? logp[i][k] : old[i][k]));
        double clipped = Math.min(Math.max(ratio, 1 - c.epsilonLow()), 1 + c.epsilonHigh());
        double unclippedTerm = ratio * adv[i];
        double clippedTerm = clipped * adv[i];
        perToken[i][k] = -Math.min(unclippedTerm, clippedTerm);
        // the unclipped branch carries d/dlogp = ratio * A; the clipped one is constant when it binds
        boolean clipBinds = clippedTerm < unclippedTerm && clipped != ratio;
        dPerToken[i][k] = clipBinds ? 0 : -ratio * adv[i];
        if (c.beta() > 0) {
          double d = ref[i][k] - logp[i][k];
          perToken[i][k] += c.beta() * (Math.exp(d) - d - 1);
          dPerToken[i][k] += c.beta() * (1 - Math.exp(d));
        }
      }
    }
    double[][] weight = new double[b][t]; // d loss / d l_it
    double total = 0;
    for (double[] row : mask) {
      for (double m : row) {
        total += m;
      }
    }
    for (int i = 0; i < b; i++) {
      double rowTokens = 0;
      for (double m : mask[i]) {
        rowTokens += m;
      }
      for (int k = 0; k < t; k++) {
        weight[i][k] = mask[i][k] * switch (c.lossType()) {
          case GRPO -> 1.0 / (b * Math.max(1, rowTokens));
          case BNPO -> 1.0 / Math.max(1, total);
          case DAPO -> 1.0 / (Double.isNaN(numItems) ? Math.max(1, total) : numItems);
          case DR_GRPO -> 1.0 / ((double) b * c.maxCompletionLength());
        };
      }
    }
    double loss = 0;
    double[][] grad = new double[b][t];
    for (int i = 0; i < b; i++) {
      for (int k = 0; k < t; k++) {
        loss += weight[i][k] * perToken[i][k];
        grad[i][k] = weight[i][k] * dPerToken[i][k];
      }
    }
    return new Output(loss, grad);
  }
}
