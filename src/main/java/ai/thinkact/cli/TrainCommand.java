package ai.thinkact.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code thinkact train}: the three training stages (the GRPO trainer adds {@code grpo} here). */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train a LoRA adapter: sft (stage 1), coldstart (stage 2).",
    subcommands = {
      TrainSftCommand.class,
      TrainColdstartCommand.class,
    })
public final class TrainCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing a train command (see 'thinkact train --help')");
  }
}
