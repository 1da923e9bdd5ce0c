package ai.thinkact.cli;

import ai.thinkact.base.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Up-front checks of the paths a command line names, so that a wrong path is a usage error (exit
 * code 2) naming the option, before anything is loaded or written:
 * {@code --data runs/x: is a directory, expected a file}.
 */
final class InputPaths {

  private InputPaths() {}

  /** {@code path} (given as {@code option}) is an existing regular file; {@code null} passes. */
  static void requireFile(String option, Path path) {
    if (path == null) {
      return;
    }
    if (Files.isDirectory(path)) {
      throw new ConfigException(option + " " + path + ": is a directory, expected a file");
    }
    if (!Files.exists(path)) {
      throw new ConfigException(option + " " + path + ": no such file");
    }
    if (!Files.isReadable(path)) {
      throw new ConfigException(option + " " + path + ": permission denied");
    }
  }

  /** {@code path} is an existing directory; {@code null} passes. */
  static void requireDirectory(String option, Path path) {
    if (path == null) {
      return;
    }
    if (!Files.exists(path)) {
      throw new ConfigException(option + " " + path + ": no such directory");
    }
    if (!Files.isDirectory(path)) {
      throw new ConfigException(option + " " + path + ": is a file, expected a directory");
    }
  }

  /** {@code dir} (given as {@code option}) is a directory holding {@code file}. */
  static void requireFileIn(String option, Path dir, String file, String hint) {
    if (dir == null) {
      return;
    }
    requireDirectory(option, dir);
    Path inside = dir.resolve(file);
    if (!Files.isRegularFile(inside)) {
      throw new ConfigException(option + " " + dir + " has no " + file + (hint == null ? "" : " (" + hint + ")"));
    }
  }
}
