package ai.thinkact;

import ai.thinkact.training.RunDirectory;
import ai.thinkact.training.RunInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Run directories for trainer tests, as the train commands open them. */
public final class TestRuns {
  private TestRuns() {}

  /** A fresh run into {@code output}. */
  public static RunDirectory fresh(Path output) {
    return open(output, null);
  }

  /** A run into {@code output} resuming {@code checkpoint} ({@code latest}, a directory, or null). */
  public static RunDirectory open(Path output, Object checkpoint) {
    try {
      return RunDirectory.open(output, checkpoint == null ? null : checkpoint.toString(), false,
          new RunInfo("test", "unknown", List.of(), List.of(), Instant.EPOCH));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
