package ai.thinkact.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code thinkact model ...}: checkpoint utilities. */
@Command(name = "model", description = "Create Qwen3 checkpoints.",
    subcommands = {ModelInitCommand.class})
public final class ModelCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing a subcommand (see 'thinkact model --help')");
  }
}
