package ai.thinkact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.thinkact.grpo.GrpoConfig;
import ai.thinkact.grpo.LossType;
import ai.thinkact.training.LrScheduler;
import ai.thinkact.sft.SftConfig;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Every YAML key can be overridden on the command line, under its kebab-case name. */
class ConfigOptionsTest {

  @Test
  void everySftKeyHasAnOption() {
    SftOptions options = new SftOptions();
    assertCovers(SftConfig.class, options.overrides(), CommandSpec.forAnnotatedObject(options));
  }

  @Test
  void everyGrpoKeyHasAnOption() {
    GrpoOptions options = new GrpoOptions();
    assertCovers(GrpoConfig.class, options.overrides(), CommandSpec.forAnnotatedObject(options));
  }

  @Test
  void commandLineWinsOverTheConfigFile() {
    SftOptions options = new SftOptions();
    CommandLine cli = new CommandLine(options);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.parseArgs("--config", "configs/sft.yaml", "--lora-rank", "4", "--lr-scheduler", "linear",
        "--lora-target-modules", "q_proj,v_proj", "--max-steps", "7", "--use-rslora");
    SftConfig config = options.resolve(SftConfig.defaults());
    assertEquals(4, config.loraRank());
    assertEquals(LrScheduler.LINEAR, config.lrScheduler());
    assertEquals(List.of("q_proj", "v_proj"), config.loraTargetModules());
    assertEquals(7, config.maxSteps());
    assertEquals(true, config.useRslora());
    assertEquals(2, config.batchSize()); // from the file
  }

  @Test
  void grpoEnumsParseWithTheirYamlSpelling() {
    GrpoOptions options = new GrpoOptions();
    CommandLine cli = new CommandLine(options);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.parseArgs("--config", "configs/grpo.yaml", "--loss-type", "dr_grpo", "--num-generations", "4");
    GrpoConfig config = options.resolve();
    assertEquals(LossType.DR_GRPO, config.lossType());
    assertEquals(4, config.numGenerations());
    assertEquals(4, config.promptsPerGeneration());
  }

  private static void assertCovers(Class<? extends Record> type, Map<String, Object> overrides, CommandSpec spec) {
    List<String> keys = Arrays.stream(type.getRecordComponents())
        .map(RecordComponent::getName)
        .map(PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE::translate)
        .toList();
    assertEquals(keys, List.copyOf(overrides.keySet()), "overrides() must list every key in record order");
    for (String key : keys) {
      assertNotNull(spec.findOption("--" + key.replace('_', '-')), "no option --" + key.replace('_', '-'));
    }
  }
}
