package ai.thinkact.grpo;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.io.MalformedTextException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionsLogTest {

  @TempDir Path dir;

  @Test
  void resumingReadsTheOldLogAsStrictUtf8() throws IOException {
    Path file = dir.resolve(CompletionsLog.FILE);
    Files.write(file, "{\"step\":1,\"completion\":\"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));
    MalformedTextException e = assertThrows(MalformedTextException.class, () -> CompletionsLog.open(dir, 1));
    assertTrue(e.getMessage().startsWith(file + ":line 1: not UTF-8 text"), e.getMessage());
  }
}
