package ai.thinkact.grpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.thinkact.training.MetricKeys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The four correction modes of TRL's vllm_importance_sampling_mode on hand-made log-probs, cap 3. */
class ImportanceSamplingTest {
  private static final double CAP = 3.0;
  // Per-token log ratios old - sampler: ln 2, ln 4, ln 0.5, so per-token ratios 2, 4, 0.5
  // and the sequence ratio 2 * 4 * 0.5 = 4.
  private static final float[] OLD = {(float) Math.log(2), (float) Math.log(4), -1f + (float) Math.log(0.5)};
  private static final float[] SAMPLER = {0f, 0f, -1f};
  // A second completion whose sequence ratio, 1.5 * 1.2 = 1.8, is under the cap.
  private static final float[] OLD2 = {(float) Math.log(1.5), (float) Math.log(1.2)};
  private static final float[] SAMPLER2 = {0f, 0f};

  @Test
  void tokenTruncateCapsEachTokenRatio() {
    assertArrayEquals(new float[] {2f, 3f, 0.5f}, weights(ImportanceSamplingMode.TOKEN_TRUNCATE, OLD, SAMPLER), 1e-5f);
  }

  @Test
  void tokenMaskZeroesEachTokenAboveTheCap() {
    assertArrayEquals(new float[] {2f, 0f, 0.5f}, weights(ImportanceSamplingMode.TOKEN_MASK, OLD, SAMPLER), 1e-5f);
  }

  @Test
  void sequenceTruncateCapsTheProductOnEveryToken() {
    assertArrayEquals(new float[] {3f, 3f, 3f}, weights(ImportanceSamplingMode.SEQUENCE_TRUNCATE, OLD, SAMPLER), 1e-5f);
    assertArrayEquals(new float[] {1.8f, 1.8f}, weights(ImportanceSamplingMode.SEQUENCE_TRUNCATE, OLD2, SAMPLER2), 1e-5f);
  }

  @Test
  void sequenceMaskDropsACompletionWhoseProductExceedsTheCap() {
    assertArrayEquals(new float[] {0f, 0f, 0f}, weights(ImportanceSamplingMode.SEQUENCE_MASK, OLD, SAMPLER), 1e-5f);
    assertArrayEquals(new float[] {1.8f, 1.8f}, weights(ImportanceSamplingMode.SEQUENCE_MASK, OLD2, SAMPLER2), 1e-5f);
  }

  @Test
  void aRatioExactlyAtTheCapIsKeptByTheMaskModes() {
    float[] old = {(float) Math.log(3)};
    float[] w = ImportanceSampling.weights(ImportanceSamplingMode.TOKEN_MASK, Math.exp(old[0]), old, new float[] {0f});
    assertEquals(Math.exp(old[0]), w[0], 1e-6);
  }

  @Test
  void metricsCountTokensInTokenModesAndCompletionsInSequenceModes() {
    ImportanceSamplingMode token = ImportanceSamplingMode.TOKEN_TRUNCATE;
    Map<String, Double> m = ImportanceSampling.metrics(token, List.of(
        new ImportanceSampling.Row(weights(token, OLD, SAMPLER), OLD, SAMPLER),
        new ImportanceSampling.Row(weights(token, OLD2, SAMPLER2), OLD2, SAMPLER2)));
    assertEquals(0.5, m.get(MetricKeys.IS_RATIO_MIN), 1e-5);
    assertEquals((2 + 3 + 0.5 + 1.5 + 1.2) / 5, m.get(MetricKeys.IS_RATIO_MEAN), 1e-5);
    assertEquals(3.0, m.get(MetricKeys.IS_RATIO_MAX), 1e-5);
    double[] diffs = {Math.log(2), Math.log(4), Math.log(2), Math.log(1.5), Math.log(1.2)};
    assertEquals(java.util.Arrays.stream(diffs).average().orElseThrow(), m.get(MetricKeys.SAMPLING_LOGP_DIFF_MEAN), 1e-5);
    assertEquals(Math.log(4), m.get(MetricKeys.SAMPLING_LOGP_DIFF_MAX), 1e-5);

    ImportanceSamplingMode sequence = ImportanceSamplingMode.SEQUENCE_MASK;
    Map<String, Double> s = ImportanceSampling.metrics(sequence, List.of(
        new ImportanceSampling.Row(weights(sequence, OLD, SAMPLER), OLD, SAMPLER),
        new ImportanceSampling.Row(weights(sequence, OLD2, SAMPLER2), OLD2, SAMPLER2)));
    assertEquals(0.0, s.get(MetricKeys.IS_RATIO_MIN), 1e-5);
    assertEquals(0.9, s.get(MetricKeys.IS_RATIO_MEAN), 1e-5);
    assertEquals(1.8, s.get(MetricKeys.IS_RATIO_MAX), 1e-5);
  }

  @Test
  void theConfigDefaultsAreTrls() {
    GrpoConfig config = GrpoConfig.defaults();
    assertEquals(ImportanceSamplingMode.SEQUENCE_MASK, config.vllmImportanceSamplingMode());
    assertEquals(3.0, config.vllmImportanceSamplingCap());
    assertEquals(ImportanceSamplingMode.TOKEN_MASK,
        TinyGrpo.config(Map.of("vllm_importance_sampling_mode", "token_mask")).vllmImportanceSamplingMode());
  }

  private static float[] weights(ImportanceSamplingMode mode, float[] old, float[] sampler) {
    return ImportanceSampling.weights(mode, CAP, old, sampler);
  }
}
