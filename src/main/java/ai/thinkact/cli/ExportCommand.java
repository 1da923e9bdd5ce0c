package ai.thinkact.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code thinkact export}: turn training outputs into checkpoints other tools load. */
@Command(
    name = "export",
    description = "Export trained adapters: merge (adapter folded into a plain Hugging Face checkpoint).",
    subcommands = {ExportMergeCommand.class})
public final class ExportCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing an export command (see 'thinkact export --help')");
  }
}
