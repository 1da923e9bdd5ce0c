package ai.thinkact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.config.Settings;
import ai.thinkact.grpo.GrpoConfig;
import ai.thinkact.grpo.LossType;
import ai.thinkact.model.Projection;
import ai.thinkact.pretrain.PretrainConfig;
import ai.thinkact.sft.SftConfig;
import ai.thinkact.training.LrScheduler;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Every YAML key can be overridden on the command line, under its kebab-case name. */
class ConfigOptionsTest {

  @Test
  void everyKeyOfEveryTrainerHasAnOption() {
    assertCovers(SftConfig.class, new TrainSftCommand());
    assertCovers(SftConfig.class, new TrainColdstartCommand());
    assertCovers(PretrainConfig.class, new TrainPretrainCommand());
    assertCovers(GrpoConfig.class, new TrainGrpoCommand());
  }

  @Test
  void commandLineWinsOverTheConfigFile() {
    TrainSftCommand command = new TrainSftCommand();
    new CommandLine(command).parseArgs("--model", "m", "--train", "t", "--output", "o",
        "--config", "configs/sft.yaml", "--lora-rank", "4", "--lr-scheduler", "linear",
        "--lora-target-modules", "q_proj,v_proj", "--max-steps", "7", "--use-rslora");
    SftConfig config = (SftConfig) command.configOptions().resolve();
    assertEquals(4, config.lora().rank());
    assertEquals(LrScheduler.LINEAR, config.training().lrScheduler());
    assertEquals(EnumSet.of(Projection.Q_PROJ, Projection.V_PROJ), config.lora().targetModules());
    assertEquals(7, config.training().maxSteps());
    assertEquals(true, config.lora().useRslora());
    assertEquals(2, config.training().batchSize()); // from the file
  }

  @Test
  void grpoEnumsParseWithTheirYamlSpelling() {
    TrainGrpoCommand command = new TrainGrpoCommand();
    new CommandLine(command).parseArgs("--model", "m", "--adapter", "a", "--train", "t", "--output", "o",
        "--config", "configs/grpo.yaml", "--loss-type", "dr_grpo", "--num-generations", "4", "--reranker", "r/bge");
    GrpoConfig config = (GrpoConfig) command.configOptions().resolve();
    assertEquals(LossType.DR_GRPO, config.loss().lossType());
    assertEquals(4, config.numGenerations());
    assertEquals(4, config.promptsPerGeneration());
    assertEquals(Path.of("r/bge"), config.rerankerPath());
  }

  @Test
  void helpShowsEachSettingsDocAndThisCommandsDefault() {
    String sft = new CommandLine(new TrainSftCommand()).getUsageMessage();
    assertTrue(sft.contains("--learning-rate=LR"), sft);
    assertTrue(sft.contains("(default: 2.0E-4)") || sft.contains("(default: 2e-4)") || sft.contains("(default: 0.0002)"), sft);
    String cold = new CommandLine(new TrainColdstartCommand()).getUsageMessage();
    assertTrue(cold.contains("(default: 1.0E-4)") || cold.contains("(default: 1e-4)") || cold.contains("(default: 0.0001)"), cold);
  }

  private static void assertCovers(Class<? extends Record> type, Object command) {
    CommandSpec spec = new CommandLine(command).getCommandSpec();
    assertNotNull(spec.findOption("--config"));
    for (Settings.Key key : Settings.of(type).keys()) {
      assertNotNull(spec.findOption(key.option()), type.getSimpleName() + ": no option " + key.option());
    }
  }
}
