package ai.thinkact.eval;

import static ai.thinkact.training.MetricKeys.*;

import ai.thinkact.training.LrScheduler;
import ai.thinkact.training.MetricsLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Writes plausible metrics.jsonl files through the real {@link MetricsLog}, shaped like the runs
 * the trainers will log: SFT loss falling from ~2.3 with noise and an eval line every 20 steps;
 * GRPO rewards rising with the paper's components (accuracy in [-1, 3], format and length in [0, 1]).
 */
final class MetricsFixtures {

  private MetricsFixtures() {}

  static Path sft(Path dir, int steps, long seed) throws IOException {
    Random random = new Random(seed);
    int samplesPerEpoch = steps * 8 / 3;
    long tokens = 0;
    try (MetricsLog log = MetricsLog.open(dir, 0)) {
      for (int step = 1; step <= steps; step++) {
        double progress = (double) step / steps;
        double loss = 0.35 + 1.95 * Math.exp(-5 * progress) + 0.08 * random.nextGaussian() * (1 - 0.5 * progress);
        tokens += 8 * (900 + random.nextInt(400));
        Map<String, Number> row = new LinkedHashMap<>();
        row.put(EPOCH, step * 8.0 / samplesPerEpoch);
        row.put(LOSS, loss);
        row.put(LEARNING_RATE, 2e-4 * LrScheduler.COSINE.factor(step - 1, 3, steps));
        row.put(GRAD_NORM, 0.4 + 1.6 * Math.exp(-3 * progress) + 0.15 * Math.abs(random.nextGaussian()));
        row.put(NUM_TOKENS, tokens);
        row.put(TOKENS_PER_SECOND, 850 + 40 * random.nextGaussian());
        row.put(MEAN_TOKEN_ACCURACY, Math.min(0.97, 0.55 + 0.35 * (1 - Math.exp(-4 * progress)) + 0.02 * random.nextGaussian()));
        log.log(step, row);
        if (step % 20 == 0) {
          Map<String, Number> eval = new LinkedHashMap<>();
          eval.put(EPOCH, step * 8.0 / samplesPerEpoch);
          eval.put(EVAL_LOSS, 0.5 + 1.8 * Math.exp(-4 * progress) + 0.03 * random.nextGaussian());
          eval.put(EVAL_MEAN_TOKEN_ACCURACY, 0.55 + 0.3 * (1 - Math.exp(-4 * progress)));
          log.log(step, eval);
        }
      }
    }
    return dir;
  }

  static Path grpo(Path dir, int steps, long seed) throws IOException {
    Random random = new Random(seed);
    try (MetricsLog log = MetricsLog.open(dir, 0)) {
      for (int step = 1; step <= steps; step++) {
        double p = 1 - Math.exp(-3.0 * step / steps);
        double accuracy = -0.2 + 1.8 * p + 0.25 * random.nextGaussian();
        double format = Math.min(1, 0.72 + 0.26 * p + 0.04 * random.nextGaussian());
        double length = Math.min(1, 0.45 + 0.45 * p + 0.06 * random.nextGaussian());
        double meanLength = 150 - 55 * p + 8 * random.nextGaussian();
        Map<String, Number> row = new LinkedHashMap<>();
        row.put(EPOCH, step * 2.0 / (steps * 2));
        row.put(LOSS, 0.01 * random.nextGaussian());
        row.put(GRAD_NORM, 0.2 + 0.1 * Math.abs(random.nextGaussian()));
        row.put(LEARNING_RATE, 1e-6 * LrScheduler.LINEAR.factor(step - 1, 0, steps));
        row.put(NUM_TOKENS, step * 16L * 1900);
        row.put(COMPLETIONS_MEAN_LENGTH, meanLength);
        row.put(COMPLETIONS_MIN_LENGTH, meanLength - 40 - 10 * Math.abs(random.nextGaussian()));
        row.put(COMPLETIONS_MAX_LENGTH, Math.min(256, meanLength + 60 + 20 * Math.abs(random.nextGaussian())));
        row.put(COMPLETIONS_CLIPPED_RATIO, Math.max(0, 0.1 * (1 - p) + 0.02 * random.nextGaussian()));
        row.put(rewardMean(ACCURACY), accuracy);
        row.put(rewardStd(ACCURACY), 1.3 - 0.6 * p + 0.1 * random.nextGaussian());
        row.put(rewardMean(FORMAT), format);
        row.put(rewardStd(FORMAT), 0.3 - 0.25 * p + 0.02 * Math.abs(random.nextGaussian()));
        row.put(rewardMean(LENGTH), length);
        row.put(rewardStd(LENGTH), 0.35 - 0.2 * p + 0.03 * Math.abs(random.nextGaussian()));
        row.put(REWARD, accuracy + format + length);
        row.put(REWARD_STD, 1.2 - 0.5 * p + 0.1 * random.nextGaussian());
        row.put(FRAC_REWARD_ZERO_STD, Math.max(0, Math.min(1, 0.1 + 0.4 * p + 0.1 * random.nextGaussian())));
        row.put(KL, 0.0); // beta 0: logged as TRL does, but says nothing
        row.put(ENTROPY, 0.9 - 0.3 * p + 0.05 * random.nextGaussian());
        row.put(CLIP_RATIO_REGION_MEAN, 0.0);
        row.put(STEP_TIME, 42 + 3 * random.nextGaussian());
        log.log(step, row);
      }
    }
    return dir;
  }
}
