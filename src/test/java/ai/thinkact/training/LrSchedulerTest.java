package ai.thinkact.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LrSchedulerTest {

  /** schedule, warmup W, total N, step k, expected factor (hand-computed, as transformers). */
  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.of(LrScheduler.CONSTANT, 0, 10, 0, 1.0),
        Arguments.of(LrScheduler.CONSTANT, 0, 10, 9, 1.0),
        Arguments.of(LrScheduler.CONSTANT, 4, 10, 0, 0.0), // warmup starts at 0
        Arguments.of(LrScheduler.CONSTANT, 4, 10, 1, 0.25),
        Arguments.of(LrScheduler.CONSTANT, 4, 10, 4, 1.0),
        Arguments.of(LrScheduler.LINEAR, 0, 10, 0, 1.0),
        Arguments.of(LrScheduler.LINEAR, 0, 10, 5, 0.5), // (10 - 5) / 10
        Arguments.of(LrScheduler.LINEAR, 0, 10, 10, 0.0),
        Arguments.of(LrScheduler.LINEAR, 2, 10, 1, 0.5), // 1 / 2
        Arguments.of(LrScheduler.LINEAR, 2, 10, 2, 1.0), // (10 - 2) / 8
        Arguments.of(LrScheduler.LINEAR, 2, 10, 6, 0.5), // (10 - 6) / 8
        Arguments.of(LrScheduler.LINEAR, 2, 10, 12, 0.0), // past the end: clamped
        Arguments.of(LrScheduler.COSINE, 0, 10, 0, 1.0),
        Arguments.of(LrScheduler.COSINE, 0, 10, 5, 0.5), // 0.5 (1 + cos(pi/2))
        Arguments.of(LrScheduler.COSINE, 0, 8, 2, 0.5 * (1 + Math.sqrt(0.5))), // cos(pi/4)
        Arguments.of(LrScheduler.COSINE, 0, 10, 10, 0.0),
        Arguments.of(LrScheduler.COSINE, 2, 10, 1, 0.5),
        Arguments.of(LrScheduler.COSINE, 2, 10, 6, 0.5)); // progress 4/8
  }

  @ParameterizedTest
  @MethodSource("rows")
  void factorAtStep(LrScheduler schedule, int warmup, int total, int step, double expected) {
    assertEquals(expected, schedule.factor(step, warmup, total), 1e-12);
  }
}
