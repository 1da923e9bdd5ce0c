package ai.thinkact.grpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.thinkact.base.ConfigException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GrpoLossTest {

  @Test
  void batchAndNoneScaling() {
    // groups (0, 2) and (1, 3); means 1 and 2; centered -1, 1, -1, 1
    double[] rewards = {0, 2, 1, 3};
    // batch: mean 1.5, squares 2.25 + 0.25 + 0.25 + 2.25 = 5, unbiased var 5/3
    double batchStd = Math.sqrt(5.0 / 3.0);
    double[] batch = GroupAdvantages.compute(rewards, 2, ScaleRewards.BATCH);
    double[] none = GroupAdvantages.compute(rewards, 2, ScaleRewards.NONE);
    double[] group = GroupAdvantages.compute(rewards, 2, ScaleRewards.GROUP);
    for (int i = 0; i < 4; i++) {
      double centered = i % 2 == 0 ? -1 : 1;
      assertEquals(centered / (batchStd + 1e-4), batch[i], 1e-15);
      assertEquals(centered, none[i], 1e-15);
      // group std of (0, 2) = sqrt(2): unbiased var ((1 + 1) / 1)
      assertEquals(centered / (Math.sqrt(2) + 1e-4), group[i], 1e-15);
    }
  }

  @Test
  void fracZeroStdCountsGroupsOfEqualRewards() {
    assertEquals(0.5, GroupAdvantages.fracZeroStd(new double[] {1, 1, 0, 1}, 2), 0);
    assertEquals(1.0, GroupAdvantages.fracZeroStd(new double[] {0.5, 0.5, 0.5}, 3), 0);
    assertThrows(IllegalArgumentException.class, () -> GroupAdvantages.compute(new double[] {1, 2, 3}, 2, ScaleRewards.GROUP));
    assertThrows(IllegalArgumentException.class, () -> GroupAdvantages.compute(new double[] {1}, 1, ScaleRewards.GROUP));
  }

  @Test
  void configValidates() {
    assertThrows(ConfigException.class, () -> new GrpoLossConfig(LossType.GRPO, 1.0, 0.2, 0, 8));
    assertThrows(ConfigException.class, () -> new GrpoLossConfig(LossType.GRPO, 0.2, -0.1, 0, 8));
    assertThrows(ConfigException.class, () -> new GrpoLossConfig(LossType.GRPO, 0.2, 0.2, -1, 8));
    assertThrows(ConfigException.class, () -> new GrpoLossConfig(LossType.DR_GRPO, 0.2, 0.2, 0, 0));
  }

  /** Random batches, every loss type, off-policy with KL and a dapo normalizer: DJL vs plain doubles. */
  @ParameterizedTest
  @EnumSource(LossType.class)
  void matchesThePlainDoubleReference(LossType type) {
    Random random = new Random(7L + type.ordinal());
    for (int trial = 0; trial < 5; trial++) {
      int b = 2 + random.nextInt(5);
      int t = 1 + random.nextInt(9);
      double[][] logp = randomMatrix(random, b, t, -4, 0);
      double[][] old = trial % 2 == 0 ? null : perturb(random, logp, 0.4);
      double[][] ref = perturb(random, logp, 0.5);
      double[][] mask = new double[b][t];
      for (int i = 0; i < b; i++) {
        int len = random.nextInt(t + 1);
        for (int k = 0; k < len; k++) {
          mask[i][k] = 1;
        }
      }
      double[] adv = new double[b];
      for (int i = 0; i < b; i++) {
        adv[i] = random.nextGaussian();
      }
      double numItems = trial == 3 ? 50 : Double.NaN;
      GrpoLossConfig config = new GrpoLossConfig(type, 0.2, 0.28, trial == 4 ? 0 : 0.05, t + 3);
      GrpoReference.Output expected = GrpoReference.compute(config, logp, old, ref, mask, adv, numItems);
      try (NDManager manager = NDManager.newBaseManager()) {
        NDArray logps = manager.create(logp); // (B, T) float64
        logps.setRequiresGradient(true);
        GrpoLoss.Result result;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          result = GrpoLoss.compute(config, new GrpoLoss.Inputs(logps, old == null ? null : manager.create(old),
              manager.create(ref), manager.create(mask), manager.create(adv), numItems));
          collector.backward(result.loss());
        }
        assertEquals(expected.loss(), result.loss().getDouble(), 1e-12, "loss, trial " + trial);
        double[] grad = logps.getGradient().toDoubleArray();
        for (int i = 0; i < b; i++) {
          for (int k = 0; k < t; k++) {
            assertEquals(expected.grad()[i][k], grad[i * t + k], 1e-12, "grad, trial " + trial);
          }
        }
      }
    }
  }

  /** Padding may hold anything (here huge values that would overflow exp): loss and gradient do not move. */
  @Test
  void valuesUnderTheMaskDoNotMatter() {
    double[][] logp = {{-1, -2, -0.5}, {-0.3, -1.1, -2}};
    double[][] old = {{-1.1, -1.8, -0.4}, {-0.2, -1.4, -2}};
    double[][] mask = {{1, 1, 0}, {1, 0, 0}};
    double[][] garbageLogp = {{-1, -2, 500}, {-0.3, -900, 700}};
    double[][] garbageOld = {{-1.1, -1.8, -600}, {-0.2, 800, -700}};
    double[] adv = {1.0, -0.5};
    GrpoLossConfig config = new GrpoLossConfig(LossType.BNPO, 0.2, 0.2, 0.1, 4);
    double[] clean = lossAndGrad(config, logp, old, mask, adv);
    double[] garbage = lossAndGrad(config, garbageLogp, garbageOld, mask, adv);
    assertTrue(Double.isFinite(garbage[0]));
    assertArrayEquals(clean, garbage, 1e-12);
  }

  @Test
  void importanceWeightsScaleTheSurrogateButNotTheKl() {
    // On-policy (ratio 1): the surrogate per token is -A, so with loss_type grpo and beta 0.1 the
    // loss is mean_i(mean_t(-A_i w_it + 0.1 kl_it)); a zero weight leaves only the KL of that token.
    try (NDManager m = NDManager.newBaseManager()) {
      GrpoLossConfig config = new GrpoLossConfig(LossType.GRPO, 0.2, null, 0.1, 4);
      NDArray logps = m.create(new double[][] {{-1, -2}, {-0.5, -0.1}});
      NDArray ref = m.create(new double[][] {{-1, -2.3}, {-0.5, -0.1}}); // KL only at the token weighted 0
      NDArray mask = m.ones(logps.getShape());
      NDArray adv = m.create(new double[] {1, -2});
      NDArray weights = m.create(new double[][] {{1, 0}, {0.5, 3}});
      double plain = GrpoLoss.compute(config, new GrpoLoss.Inputs(logps, null, ref, mask, adv, Double.NaN)).loss().getDouble();
      double ones = GrpoLoss.compute(config, new GrpoLoss.Inputs(logps, null, ref, mask, adv, Double.NaN,
          m.ones(logps.getShape()))).loss().getDouble();
      double weighted = GrpoLoss.compute(config, new GrpoLoss.Inputs(logps, null, ref, mask, adv, Double.NaN, weights))
          .loss().getDouble();
      assertEquals(plain, ones, 1e-12);
      double kl = Math.exp(-0.3) + 0.3 - 1; // k3 at ref - logp = -0.3
      assertEquals(((-1 * 1 + 0.1 * kl) / 2.0 + (2 * 0.5 + 2 * 3) / 2.0) / 2, weighted, 1e-9);
    }
  }

  @Test
  void noArraysOutliveTheStepManager() {
    try (NDManager root = NDManager.newBaseManager()) {
      int before = root.getManagedArrays().size();
      for (int step = 0; step < 3; step++) {
        try (NDManager stepManager = root.newSubManager()) {
          NDArray logps = stepManager.create(new double[][] {{-1, -2}, {-0.5, -0.1}}).toType(DataType.FLOAT32, false);
          logps.setRequiresGradient(true);
          try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            GrpoLoss.Result result = GrpoLoss.compute(GrpoLossConfig.paper(4), GrpoLoss.Inputs.of(
                logps, null, null, stepManager.ones(logps.getShape()), stepManager.create(new float[] {1f, -1f})));
            collector.backward(result.loss());
          }
        }
      }
      assertEquals(before, root.getManagedArrays().size());
    }
  }

  private static double[] lossAndGrad(GrpoLossConfig config, double[][] logp, double[][] old, double[][] mask, double[] adv) {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray logps = manager.create(logp);
      logps.setRequiresGradient(true);
      double[][] ref = new double[logp.length][];
      for (int i = 0; i < logp.length; i++) {
        ref[i] = logp[i].clone();
        ref[i][0] -= 0.3;
      }
      GrpoLoss.Result result;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        result = GrpoLoss.compute(config, GrpoLoss.Inputs.of(
            logps, manager.create(old), manager.create(ref), manager.create(mask), manager.create(adv)));
        collector.backward(result.loss());
      }
      double[] grad = logps.getGradient().toDoubleArray();
      double[] out = new double[grad.length + 1];
      out[0] = result.loss().getDouble();
      System.arraycopy(grad, 0, out, 1, grad.length);
      return out;
    }
  }

  private static double[][] randomMatrix(Random random, int b, int t, double lo, double hi) {
    double[][] m = new double[b][t];
    for (int i = 0; i < b; i++) {
      for (int k = 0; k < t; k++) {
        m[i][k] = lo + (hi - lo) * random.nextDouble();
      }
    }
    return m;
  }

  private static double[][] perturb(Random random, double[][] x, double scale) {
    double[][] m = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      m[i] = x[i].clone();
      for (int k = 0; k < m[i].length; k++) {
        m[i][k] += scale * random.nextGaussian();
      }
    }
    return m;
  }
}
