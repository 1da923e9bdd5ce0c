package ai.thinkact.sft;

import ai.thinkact.model.Projection;
import ai.thinkact.training.LmArguments;
import ai.thinkact.training.LrScheduler;
import ai.thinkact.training.Seeds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SftConfigTest {

  @Test
  void stepArithmeticKeepsThePartialLastBatch() {
    SftConfig config = SftConfig.defaults(); // batch 2 x accumulation 4 = 8 samples a step
    assertEquals(8, config.training().effectiveBatchSize());
    assertEquals(13, LmArguments.stepsPerEpoch(100, config.training())); // 50 micro-batches -> 12 full steps + 1 partial
    assertEquals(39, config.totalSteps(100));     // 3 epochs
    assertEquals(1e-4, config.learningRateAt(1, 39), 1e-15); // warmup ceil(0.03 x 39) = 2 steps: half way at step 1
    assertEquals(2e-4, config.learningRateAt(2, 39), 1e-15);
    assertEquals(2.0, config.lora().scale(0, Projection.Q_PROJ));
  }

  @Test
  void scheduleMatchesTransformers() {
    // get_cosine_schedule_with_warmup(warmup=2, total=10): 0, .5, then half a cosine to 0.
    assertEquals(0.0, LrScheduler.COSINE.factor(0, 2, 10));
    assertEquals(0.5, LrScheduler.COSINE.factor(1, 2, 10));
    assertEquals(1.0, LrScheduler.COSINE.factor(2, 2, 10));
    assertEquals(0.5, LrScheduler.COSINE.factor(6, 2, 10), 1e-12);
    assertEquals(0.75, LrScheduler.LINEAR.factor(4, 2, 10), 1e-12);
    assertEquals(1.0, LrScheduler.CONSTANT.factor(9, 2, 10));
  }

  @Test
  void derivedSeedsDependOnEveryPart() {
    long a = Seeds.derive(42, Seeds.SHUFFLE, 0);
    assertEquals(a, Seeds.derive(42, Seeds.SHUFFLE, 0));
    assertEquals(false, a == Seeds.derive(42, Seeds.SHUFFLE, 1));
    assertEquals(false, a == Seeds.derive(42, Seeds.STEP, 0));
    assertEquals(false, a == Seeds.derive(43, Seeds.SHUFFLE, 0));
    Random r1 = Seeds.random(7, Seeds.STEP, 100);
    Random r2 = Seeds.random(7, Seeds.STEP, 100);
    assertEquals(r1.nextLong(), r2.nextLong());
  }
}
