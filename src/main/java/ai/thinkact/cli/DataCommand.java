package ai.thinkact.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code thinkact data}: the dataset commands. */
@Command(
    name = "data",
    description = "Prepare, inspect and synthesize per-turn tool-use datasets.",
    subcommands = {
      DataPrepareCommand.class,
      DataStatsCommand.class,
      DataShowCommand.class,
      DataSynthCommand.class,
      DataTextCommand.class,
    })
public final class DataCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing a data command (see 'thinkact data --help')");
  }
}
