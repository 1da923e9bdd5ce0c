package ai.thinkact.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.thinkact.config.ConfigException;
import ai.thinkact.train.LearningRateSchedule.Type;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LearningRateScheduleTest {

  /** type, warmup W, total N, step k, expected rate for peak 1e-3 (hand-computed). */
  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.of(Type.CONSTANT, 0, 10, 0, 1e-3),
        Arguments.of(Type.CONSTANT, 0, 10, 9, 1e-3),
        Arguments.of(Type.CONSTANT, 4, 10, 0, 0.0), // warmup starts at 0
        Arguments.of(Type.CONSTANT, 4, 10, 1, 0.25e-3),
        Arguments.of(Type.CONSTANT, 4, 10, 4, 1e-3),
        Arguments.of(Type.LINEAR, 0, 10, 0, 1e-3),
        Arguments.of(Type.LINEAR, 0, 10, 5, 0.5e-3), // (10 - 5) / 10
        Arguments.of(Type.LINEAR, 0, 10, 10, 0.0),
        Arguments.of(Type.LINEAR, 2, 10, 1, 0.5e-3), // 1 / 2
        Arguments.of(Type.LINEAR, 2, 10, 2, 1e-3), // (10 - 2) / 8
        Arguments.of(Type.LINEAR, 2, 10, 6, 0.5e-3), // (10 - 6) / 8
        Arguments.of(Type.LINEAR, 2, 10, 12, 0.0), // past the end: clamped
        Arguments.of(Type.COSINE, 0, 10, 0, 1e-3),
        Arguments.of(Type.COSINE, 0, 10, 5, 0.5e-3), // 0.5 (1 + cos(pi/2))
        Arguments.of(Type.COSINE, 0, 8, 2, 0.5 * (1 + Math.sqrt(0.5)) * 1e-3), // cos(pi/4)
        Arguments.of(Type.COSINE, 0, 10, 10, 0.0),
        Arguments.of(Type.COSINE, 2, 10, 1, 0.5e-3),
        Arguments.of(Type.COSINE, 2, 10, 6, 0.5e-3)); // progress 4/8
  }

  @ParameterizedTest
  @MethodSource("rows")
  void rateAtStep(Type type, int warmup, int total, int step, double expected) {
    assertEquals(expected, new LearningRateSchedule(type, 1e-3, warmup, total).at(step), 1e-15);
  }

  @Test
  void warmupRatioRoundsUpLikeTransformers() {
    assertEquals(3, LearningRateSchedule.warmupFromRatio(0.1, 25)); // ceil(2.5)
    assertEquals(0, LearningRateSchedule.warmupFromRatio(0.0, 25));
  }

  @Test
  void validates() {
    assertThrows(ConfigException.class, () -> new LearningRateSchedule(Type.LINEAR, 0, 0, 10));
    assertThrows(ConfigException.class, () -> new LearningRateSchedule(Type.LINEAR, 1e-3, -1, 10));
    assertThrows(ConfigException.class, () -> new LearningRateSchedule(Type.LINEAR, 1e-3, 0, 0));
    assertThrows(ConfigException.class, () -> LearningRateSchedule.warmupFromRatio(1.5, 10));
  }
}
