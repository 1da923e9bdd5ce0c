package ai.thinkact.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code thinkact train}: the training stages, one subcommand each. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Trains a LoRA adapter: one subcommand per stage of the paper.",
    subcommands = {TrainGrpoCommand.class})
public final class TrainCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing a stage (see 'thinkact train --help')");
  }
}
