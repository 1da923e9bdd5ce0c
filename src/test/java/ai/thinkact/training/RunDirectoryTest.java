package ai.thinkact.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.base.ConfigException;
import ai.thinkact.sft.SftConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

  private static final RunInfo INFO = new RunInfo("1.2.3", "abc1234", List.of("train", "sft"), List.of("DJL 0.36.0"), Instant.EPOCH);

  @TempDir Path dir;

  @Test
  void aNonEmptyOutputIsRefusedUnlessResumedOrOverwritten() throws IOException {
    Path output = Files.createDirectories(dir.resolve("run"));
    Files.writeString(output.resolve("notes.txt"), "mine");
    ConfigException e = assertThrows(ConfigException.class, () -> RunDirectory.open(output, null, false, INFO));
    assertTrue(e.getMessage().startsWith("--output " + output + " already exists and is not empty (notes.txt)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("--resume latest") && e.getMessage().contains("--overwrite"), e.getMessage());
    assertEquals("mine", Files.readString(output.resolve("notes.txt")), "nothing touched");

    RunDirectory replaced = RunDirectory.open(output, null, true, INFO);
    assertTrue(Files.exists(output.resolve("notes.txt")), "--overwrite writes nothing before begin()");
    replaced.begin(SftConfig.defaults());
    assertFalse(Files.exists(output.resolve("notes.txt")));
    assertTrue(Files.isRegularFile(output.resolve(RunDirectory.CONFIG_FILE)));
  }

  @Test
  void openingWritesNothing() throws IOException {
    Path output = dir.resolve("new");
    RunDirectory run = RunDirectory.open(output, null, false, INFO);
    assertFalse(Files.exists(output));
    run.begin(SftConfig.defaults());
    JsonNode info = new ObjectMapper().readTree(output.resolve(RunDirectory.RUN_INFO_FILE).toFile());
    assertEquals("1.2.3", info.get("version").asText());
    assertEquals("abc1234", info.get("git_commit").asText());
    assertEquals("sft", info.get("command_line").get(1).asText());
    assertEquals("1970-01-01T00:00:00Z", info.get("start_time").asText());
    assertEquals(2e-4, info.get("config").get("learning_rate").asDouble());
    assertEquals("DJL 0.36.0", info.get("stack").get(0).asText());
    assertTrue(info.get("end_time").isNull(), "not finished yet");
    run.end();
    JsonNode ended = new ObjectMapper().readTree(output.resolve(RunDirectory.RUN_INFO_FILE).toFile());
    assertFalse(ended.get("end_time").isNull());
    assertEquals(info.get("config"), ended.get("config"), "end() changes only end_time");
  }

  @Test
  void resumeChecksStageAndSeedAlikeForEveryStage() throws IOException {
    Path output = dir.resolve("run");
    new Checkpoints(output, 0).save(TrainerState.start("sft", 10, 42).next(0, 1, 2, 30, 1.0), d -> { });
    RunDirectory run = RunDirectory.open(output, "latest", false, INFO);
    assertEquals(1, run.startState("sft", 12, 42).globalStep());
    assertEquals(12, run.startState("sft", 12, 42).totalSteps(), "the plan of this run");
    ConfigException stage = assertThrows(ConfigException.class, () -> run.startState("grpo", 10, 42));
    assertTrue(stage.getMessage().endsWith("is a sft checkpoint, not grpo"), stage.getMessage());
    ConfigException seed = assertThrows(ConfigException.class, () -> run.startState("sft", 10, 7));
    assertTrue(seed.getMessage().contains("was trained with seed 42, this run has seed 7"), seed.getMessage());
  }

  @Test
  void resumingRemovesWhatAnInterruptedSaveLeft() throws IOException {
    Path output = dir.resolve("run");
    new Checkpoints(output, 0).save(TrainerState.start("sft", 10, 42), d -> { });
    Path staleCheckpoint = Files.createDirectories(output.resolve("checkpoints/.tmp-checkpoint-000002-123"));
    Path staleFile = Files.writeString(output.resolve(".tmp-metrics.jsonl-9"), "{}");
    RunDirectory.open(output, "latest", false, INFO).begin(SftConfig.defaults());
    assertFalse(Files.exists(staleCheckpoint));
    assertFalse(Files.exists(staleFile));
  }

  @Test
  void resumeAndOverwriteContradictEachOther() {
    ConfigException e = assertThrows(ConfigException.class, () -> RunDirectory.open(dir, "latest", true, INFO));
    assertTrue(e.getMessage().contains("give one"), e.getMessage());
  }
}
