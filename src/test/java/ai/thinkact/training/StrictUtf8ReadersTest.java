package ai.thinkact.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.thinkact.io.MalformedTextException;
import ai.thinkact.io.Terminal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run files a resume reads back are strict UTF-8: a bad byte is invalid data naming its line. */
class StrictUtf8ReadersTest {

  @TempDir Path dir;

  private static byte[] latin1(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void metricsLogNamesTheLineOfABadByte() throws IOException {
    Path file = Files.write(dir.resolve(MetricsLog.FILE), latin1("{\"step\":1}\n{\"step\":2,\"note\":\"caf\u00e9\"}\n"));
    MalformedTextException e = assertThrows(MalformedTextException.class, () -> MetricsLog.read(file));
    assertTrue(e.getMessage().startsWith(file + ":line 2: not UTF-8 text"), e.getMessage());
  }

  @Test
  void trainerStateIsStrictToo() throws IOException {
    Files.write(dir.resolve(TrainerState.FILE), latin1("{\"stage\":\"sft\u00e9\"}"));
    assertThrows(MalformedTextException.class, () -> TrainerState.read(dir));
  }

  @Test
  void progressIsABarOnlyWhenStderrIsATerminal() {
    assumeTrue(System.getenv("THINKACT_PROGRESS") == null && !"dumb".equals(System.getenv("TERM")));
    assertEquals(Terminal.stderrIsTerminal() ? ProgressReporter.Mode.BAR : ProgressReporter.Mode.LOG,
        ProgressReporter.Mode.detect());
  }
}
