package ai.thinkact.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.base.ConfigException;
import ai.thinkact.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalConfigTest {

  @TempDir Path dir;

  @Test
  void defaultsAreEvalsFlagsDefaults() {
    EvalConfig d = EvalConfig.defaults();
    assertEquals(8, d.batchSize());
    assertEquals(512, d.maxNewTokens());
    assertEquals(ThinkMode.ON, d.think());
    assertEquals(0, d.maxPromptLength());
  }

  @Test
  void unquotedOnAndOffInYamlAreThinkModesNotBooleans() throws Exception {
    // YAML 1.1 reads a bare off as false; it must still mean --think off.
    Path yaml = Files.writeString(dir.resolve("eval.yaml"), "think: off\nbatch_size: 2\n");
    EvalConfig config = ConfigLoader.load(yaml, EvalConfig.defaults());
    assertEquals(ThinkMode.OFF, config.think());
    assertEquals(2, config.batchSize());
    assertEquals(ThinkMode.ON, ThinkMode.of("On"));
    assertEquals("off", ThinkMode.OFF.text());
  }

  @Test
  void badValuesNameTheirKey() {
    assertTrue(assertThrows(ConfigException.class, () -> new EvalConfig(0, 5, ThinkMode.ON)).getMessage()
        .startsWith("batch_size "));
    assertTrue(assertThrows(ConfigException.class, () -> new EvalConfig(1, 0, ThinkMode.ON)).getMessage()
        .startsWith("max_new_tokens "));
    assertTrue(assertThrows(ConfigException.class, () -> new EvalConfig(1, 1, ThinkMode.ON, -1)).getMessage()
        .startsWith("max_prompt_length "));
    assertTrue(assertThrows(ConfigException.class, () -> new EvalConfig(1, 1, null)).getMessage()
        .startsWith("think "));
    assertThrows(ConfigException.class, () -> ThinkMode.of("maybe"));
  }
}
