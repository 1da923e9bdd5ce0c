package ai.thinkact.config;

import ai.thinkact.base.ConfigException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.grpo.GrpoConfig;
import ai.thinkact.grpo.LossType;
import ai.thinkact.lora.LoraConfig;
import ai.thinkact.pretrain.PretrainConfig;
import ai.thinkact.training.LrScheduler;
import ai.thinkact.sft.SftConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  @Test
  void everyShippedConfigLoads() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.walk(Path.of("configs"))) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 7, "configs/**/*.yaml: " + files);
    for (Path file : files) {
      String name = file.getFileName().toString();
      Record config = name.startsWith("grpo") ? ConfigLoader.load(file, GrpoConfig.defaults())
          : name.startsWith("pretrain") ? ConfigLoader.load(file, PretrainConfig.defaults())
          : ConfigLoader.load(file, SftConfig.defaults());
      assertTrue(config != null, file.toString());
    }
  }

  @Test
  void shippedConfigsCarryThePapersSettings() {
    SftConfig sft = ConfigLoader.load(Path.of("configs/sft.yaml"), SftConfig.defaults());
    SftConfig cold = ConfigLoader.load(Path.of("configs/coldstart.yaml"), SftConfig.coldStartDefaults());
    for (SftConfig c : List.of(sft, cold)) {
      assertEquals(2, c.training().batchSize());
      assertEquals(4, c.training().gradientAccumulationSteps());
      assertEquals(3, c.training().epochs());
      assertEquals(LoraConfig.allProjections(), c.lora().targetModules());
    }
    assertEquals(2e-4, sft.training().learningRate());
    assertEquals(1e-4, cold.training().learningRate());
    // sft.yaml spells out the defaults: the two must not drift apart.
    assertEquals(SftConfig.defaults(), sft);

    GrpoConfig grpo = ConfigLoader.load(Path.of("configs/grpo.yaml"), GrpoConfig.defaults());
    assertEquals(8, grpo.numGenerations());
    assertEquals(1, grpo.training().batchSize());
    assertEquals(16, grpo.training().gradientAccumulationSteps());
    assertEquals(0.0, grpo.loss().beta());
    assertEquals(0.2, grpo.loss().epsilonLow());
    assertEquals(2, grpo.promptsPerGeneration());
    assertEquals(GrpoConfig.defaults(), grpo);
  }

  @Test
  void unknownKeyNamesFileLineAndKey() throws IOException {
    Path file = write("lora_rank: 8\nlearning_rate: 1.0e-4\nlora_rnak: 4\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, SftConfig.defaults()));
    assertTrue(e.getMessage().startsWith(file + ":3: unknown key 'lora_rnak'"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean 'lora_rank'"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void wrongTypeNamesFileLineKeyAndExpectation() throws IOException {
    Path file = write("seed: 1\nlora_rank: sixteen\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, SftConfig.defaults()));
    assertEquals(file + ":2: lora_rank: expected an integer (got 'sixteen')", e.getMessage());
  }

  @Test
  void fractionForAnIntegerIsAnError() throws IOException {
    Path file = write("lora_rank: 16.5\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, SftConfig.defaults()));
    assertTrue(e.getMessage().startsWith(file + ":1: lora_rank: expected an integer"), e.getMessage());
  }

  @Test
  void badEnumListsTheChoices() throws IOException {
    Path file = write("\n\nlr_scheduler: cosin\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, SftConfig.defaults()));
    assertTrue(e.getMessage().startsWith(file + ":3: lr_scheduler: expected one of constant, linear, cosine"),
        e.getMessage());
  }

  @Test
  void constructorCheckIsPrefixedWithItsSource() throws IOException {
    Path file = write("lora_rank: 0\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, SftConfig.defaults()));
    assertTrue(e.getMessage().startsWith(file + ":1: lora_rank must be >= 1, got 0"), e.getMessage());
    assertTrue(e.getMessage().contains("--lora-rank"), e.getMessage());
  }

  @Test
  void aBadOptionValueIsNamedByTheOptionWithoutAdvice() throws IOException {
    Path file = write("lora_rank: 8\n");
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(file, SftConfig.defaults(), Map.of("lora_rank", 0)));
    assertEquals("--lora-rank: lora_rank must be >= 1, got 0", e.getMessage());
  }

  @Test
  void unknownTargetModuleIsRejected() throws IOException {
    Path file = write("lora_target_modules: [q_proj, qkv_proj]\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, SftConfig.defaults()));
    assertTrue(e.getMessage().startsWith(file + ":1: lora_target_modules: 'qkv_proj' is not one of"), e.getMessage());
  }

  @Test
  void commandLineOverrideWinsUnsetKeepsYamlAbsentKeepsDefault() throws IOException {
    Path file = write("lora_rank: 8\nlearning_rate: 5.0e-5\n");
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("lora_rank", 4);          // set on the command line: wins over YAML
    overrides.put("learning_rate", null);   // option left unset: YAML value stays
    overrides.put("lr_scheduler", LrScheduler.LINEAR);
    SftConfig config = ConfigLoader.load(file, SftConfig.defaults(), overrides);
    assertEquals(4, config.lora().rank());
    assertEquals(5e-5, config.training().learningRate());
    assertEquals(LrScheduler.LINEAR, config.training().lrScheduler());
    assertEquals(SftConfig.defaults().lora().alpha(), config.lora().alpha()); // in neither: the default
    assertNull(config.training().maxSteps());
  }

  @Test
  void badOverrideNamesTheOption() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, SftConfig.defaults(), Map.of("batch_size", 0)));
    assertTrue(e.getMessage().startsWith("--batch-size: batch_size must be >= 1"), e.getMessage());
  }

  @Test
  void crossFieldCheckSaysWhatToChange() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, GrpoConfig.defaults(), Map.of("num_generations", 3)));
    assertTrue(e.getMessage().startsWith("--num-generations: num_generations (3) must divide"), e.getMessage());
  }

  @Test
  void yamlExponentWithoutDotIsANumber() throws IOException {
    // PyYAML reads 1e-6 as a string; users write it anyway.
    Path file = write("learning_rate: 1e-6\nloss_type: dr_grpo\nreranker_path: models/bge\n");
    GrpoConfig config = ConfigLoader.load(file, GrpoConfig.defaults());
    assertEquals(1e-6, config.training().learningRate());
    assertEquals(LossType.DR_GRPO, config.loss().lossType());
    assertEquals(Path.of("models/bge"), config.rerankerPath());
  }

  @Test
  void duplicateKeyIsAnError() throws IOException {
    Path file = write("seed: 1\nseed: 2\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, SftConfig.defaults()));
    assertTrue(e.getMessage().startsWith(file + ":2:"), e.getMessage());
  }

  @Test
  void missingFileAndNonMappingAreClear() throws IOException {
    ConfigException missing = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(dir.resolve("nope.yaml"), SftConfig.defaults()));
    assertTrue(missing.getMessage().startsWith("config file not found: "), missing.getMessage());
    Path list = write("- a\n- b\n");
    ConfigException notMapping = assertThrows(ConfigException.class, () -> ConfigLoader.load(list, SftConfig.defaults()));
    assertTrue(notMapping.getMessage().contains("must be a mapping"), notMapping.getMessage());
  }

  @Test
  void writtenYamlLoadsBackEqual() throws IOException {
    GrpoConfig changed = ConfigLoader.load(null, GrpoConfig.defaults(),
        Map.of("epsilon_high", 0.28, "top_k", 50, "reranker_path", Path.of("x/y")));
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, ConfigLoader.toYaml(changed));
    assertEquals(changed, ConfigLoader.load(file, GrpoConfig.defaults()));
    SftConfig sft = SftConfig.coldStartDefaults();
    Files.writeString(file, ConfigLoader.toYaml(sft));
    assertEquals(sft, ConfigLoader.load(file, SftConfig.defaults()));
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("run.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
