package ai.thinkact.cli;

import ai.thinkact.base.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * {@code --overwrite}, and the check every command with an {@code --out} makes before it reads or
 * writes anything: an output that exists and is not empty (a file with content, a directory with
 * entries) is refused with a usage error (exit 2) unless {@code --overwrite} is given. A finished
 * eval or a prepared dataset is never replaced without a word.
 */
public final class OutputOptions {

  @Option(names = "--overwrite",
      description = "Replace an --out that exists and is not empty (refused otherwise, exit code 2).")
  boolean overwrite;

  /** {@code file} (the value of {@code option}) may be written: absent, empty, or {@code --overwrite}. */
  void checkFile(String option, Path file) {
    if (Files.isDirectory(file)) {
      throw new ConfigException(option + " " + file + ": is a directory, expected a file");
    }
    if (!overwrite && size(file) > 0) {
      throw new ConfigException(option + " " + file + " already exists and is not empty; choose another file"
          + " or pass --overwrite to replace it");
    }
  }

  /**
   * {@code dir} may be written: absent, an empty directory, or {@code --overwrite}.
   *
   * @param replaces what {@code --overwrite} does there, for the message ("the four eval files",
   *     "the whole directory")
   */
  void checkDirectory(String option, Path dir, String replaces) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new ConfigException(option + " " + dir + ": is a file, expected a directory");
    }
    if (overwrite || !Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      String some = entries.limit(4).map(p -> p.getFileName().toString()).sorted().collect(Collectors.joining(", "));
      if (!some.isEmpty()) {
        throw new ConfigException(option + " " + dir + " already exists and is not empty (" + some + "); choose another"
            + " directory or pass --overwrite to replace " + replaces);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
