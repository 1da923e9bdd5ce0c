package ai.thinkact.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.base.ConfigException;
import ai.thinkact.base.InvalidDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

  @TempDir Path output;

  @Test
  void keepsTheNewestKAndResolvesLatest() throws IOException {
    Checkpoints checkpoints = new Checkpoints(output, 2);
    for (long step : new long[] {5, 10, 15, 100}) {
      checkpoints.save(state(step), dir -> Files.writeString(dir.resolve("adapter.txt"), "step " + step));
    }
    assertEquals(List.of(output.resolve("checkpoints/checkpoint-000015"), output.resolve("checkpoints/checkpoint-000100")),
        checkpoints.list());
    Path latest = Checkpoints.resolveResume("latest", output);
    assertEquals("checkpoint-000100", latest.getFileName().toString());
    assertEquals("step 100", Files.readString(latest.resolve("adapter.txt")));
    assertEquals(100, TrainerState.read(latest).globalStep());
  }

  @Test
  void latestIgnoresTemporaryAndIncompleteDirectories() throws IOException {
    Checkpoints checkpoints = new Checkpoints(output, 0);
    checkpoints.save(state(20), dir -> { });
    // What a crash mid-save leaves: a temp dir, and a hand-made dir without trainer_state.json.
    Files.createDirectories(output.resolve("checkpoints/.tmp-checkpoint-000030-x"));
    Files.writeString(output.resolve("checkpoints/.tmp-checkpoint-000030-x/" + TrainerState.FILE), "{}");
    Files.createDirectories(output.resolve("checkpoints/checkpoint-000040"));
    assertEquals(output.resolve("checkpoints/checkpoint-000020"), Checkpoints.resolveResume("latest", output));
  }

  @Test
  void resumeWithNothingThereIsAUsageError() throws IOException {
    ConfigException none = assertThrows(ConfigException.class, () -> Checkpoints.resolveResume("latest", output));
    assertTrue(none.getMessage().startsWith("--resume latest: no complete checkpoint"), none.getMessage());
    Files.createDirectories(output.resolve("somewhere"));
    ConfigException bad = assertThrows(ConfigException.class,
        () -> Checkpoints.resolveResume(output.resolve("somewhere").toString(), output));
    assertTrue(bad.getMessage().contains("not a complete checkpoint"), bad.getMessage());
  }

  @Test
  void explicitDirectoryResolvesToItself() throws IOException {
    Path saved = new Checkpoints(output, 0).save(state(7), dir -> { });
    assertEquals(saved, Checkpoints.resolveResume(saved.toString(), output));
    assertEquals(7, Checkpoints.stepOf(saved));
  }

  @Test
  void trainerStateRoundTripsAndBadFilesNameTheFile() throws IOException {
    TrainerState state = new TrainerState("grpo", 12, 300, 1, 5, 42, 96, 12345, 61.5);
    state.write(output);
    assertEquals(state, TrainerState.read(output));
    assertTrue(Files.readString(output.resolve(TrainerState.FILE)).contains("\"global_step\" : 12"));

    Files.writeString(output.resolve(TrainerState.FILE), "{\"stage\":\"sft\",\"global_step\":\"x\"}");
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> TrainerState.read(output));
    assertTrue(e.getMessage().startsWith(output.resolve(TrainerState.FILE) + ":"), e.getMessage());
  }

  private static TrainerState state(long step) {
    return new TrainerState("sft", step, 100, 0, step * 4, 42, step * 8, step * 1000, step);
  }
}
