package ai.thinkact.grpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.base.ConfigException;
import ai.thinkact.config.ConfigLoader;
import ai.thinkact.model.SamplingConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpoConfigTest {

  @Test
  void warmupStepsWinOverTheRatio() {
    GrpoConfig config = ConfigLoader.load(null, GrpoConfig.defaults(),
        Map.of("warmup_steps", 4, "warmup_ratio", 0.5, "learning_rate", 1e-3, "lr_scheduler", "constant"));
    assertEquals(0.0, config.learningRateAt(0, 100));
    assertEquals(5e-4, config.learningRateAt(2, 100), 1e-15);
    assertEquals(1e-3, config.learningRateAt(4, 100), 1e-15);
  }

  @Test
  void withoutWarmupStepsTheRatioDecides() {
    GrpoConfig config = GrpoConfig.defaults(); // warmup_ratio 0: full rate from the first step
    assertEquals(config.training().learningRate() * config.training().lrScheduler().factor(0, 0, 10),
        config.learningRateAt(0, 10));
  }

  @Test
  void negativeWarmupStepsNameTheOption() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, GrpoConfig.defaults(), Map.of("warmup_steps", -1)));
    assertTrue(e.getMessage().startsWith("--warmup-steps: warmup_steps must be >= 0"), e.getMessage());
  }

  @Test
  void samplingKeysStayFlatAndShareOneDeclaration() {
    assertEquals(SamplingConfig.defaults(), GrpoConfig.defaults().sampling());
    GrpoConfig grpo = ConfigLoader.load(null, GrpoConfig.defaults(), Map.of("temperature", 0.5, "top_k", 0));
    assertEquals(0.5, grpo.sampling().temperature());
    assertNull(grpo.sampling().topK(), "top_k 0 is off");
    ConfigException bad = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, GrpoConfig.defaults(), Map.of("top_p", 1.5)));
    assertTrue(bad.getMessage().contains("top_p must be in"), bad.getMessage());
  }
}
