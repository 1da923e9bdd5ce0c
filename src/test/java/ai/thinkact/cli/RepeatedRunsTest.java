package ai.thinkact.cli;

import static ai.thinkact.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.CliRun;
import ai.thinkact.TinyQwen;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identical short runs must give identical adapters, byte for byte. A run that reads native
 * memory the garbage collector has already freed (the cause of an intermittent NaN gradient)
 * differs from its twins only now and then, so the same run is repeated many times with
 * collections forced in between, where a freed buffer is most likely to be reused.
 */
class RepeatedRunsTest {

  private static final int RUNS = 12;

  @TempDir Path dir;

  @Test
  void twelveIdenticalSftRunsWriteTheSameAdapter() throws Exception {
    byte[] first = null;
    for (int i = 0; i < RUNS; i++) {
      Path out = dir.resolve("run-" + i);
      CliRun r = run("train", "sft", "--config", "configs/sft.yaml", "--model", TinyQwen.modelDir().toString(),
          "--train", "data/synth/coldstart.jsonl", "--output", out.toString(), "--max-steps", "6",
          "--batch-size", "2", "--gradient-accumulation-steps", "1", "--lora-rank", "4", "--lora-dropout", "0.1",
          "--learning-rate", "1e-2", "--save-steps", "100", "--device", "cpu", "--seed", "5");
      assertEquals(0, r.code(), r.err());
      byte[] weights = Files.readAllBytes(out.resolve("adapter").resolve(LoraAdapter.WEIGHTS_FILE));
      if (first == null) {
        first = weights;
      } else {
        assertArrayEquals(first, weights, "run " + i + " differs from run 0");
      }
      System.gc();
    }
  }
}
