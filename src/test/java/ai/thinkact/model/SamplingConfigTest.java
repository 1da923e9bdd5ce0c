package ai.thinkact.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.base.ConfigException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplingConfigTest {

  @Test
  void defaultsAreHuggingFacesAndTrls() {
    SamplingConfig d = SamplingConfig.defaults();
    assertEquals(1.0, d.temperature());
    assertEquals(1.0, d.topP());
    assertNull(d.topK());
  }

  @Test
  void topKZeroIsOffAndReachesTheSamplerAsZero() {
    SamplingConfig zero = new SamplingConfig(0.7, 0.9, 0);
    assertNull(zero.topK());
    SamplingSettings call = zero.sample(5, 12, Set.of(2));
    assertEquals(0, call.topK());
    assertFalse(call.greedy());
    assertEquals(0.7f, call.temperature());
    assertEquals(0.9f, call.topP());
    assertEquals(5, call.seed());
    assertEquals(12, call.maxNewTokens());
    assertEquals(50, new SamplingConfig(1, 1, 50).sample(0, 1, Set.of()).topK());
  }

  @Test
  void badValuesNameTheirKey() {
    assertTrue(assertThrows(ConfigException.class, () -> new SamplingConfig(0, 1, null)).getMessage()
        .startsWith("temperature "));
    assertTrue(assertThrows(ConfigException.class, () -> new SamplingConfig(1, 0, null)).getMessage()
        .startsWith("top_p "));
    assertTrue(assertThrows(ConfigException.class, () -> new SamplingConfig(1, 1, -1)).getMessage()
        .startsWith("top_k "));
  }
}
