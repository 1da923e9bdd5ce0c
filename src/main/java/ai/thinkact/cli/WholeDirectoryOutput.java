package ai.thinkact.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --out DIR} of a command that writes a whole Hugging Face checkpoint directory at once
 * ({@code model init}, {@code export merge}), with {@code --overwrite}, which replaces all of it.
 */
public final class WholeDirectoryOutput {

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write; must not exist or be"
      + " empty unless --overwrite (which replaces the whole directory).")
  Path out;

  @Mixin OutputOptions output;

  /** {@code --out}, once checked: absent, empty, or {@code --overwrite} given. */
  Path checked() {
    output.checkDirectory("--out", out, "the whole directory");
    return out;
  }
}
