package ai.thinkact.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code thinkact train}: the paper's three training stages, one subcommand each. */
@Command(
    name = "train",
    description = "Train a LoRA adapter: sft (stage 1), coldstart (stage 2), grpo (stage 3); or pretrain a"
        + " small model's own weights on plain text (the quick start's stand-in for a pretrained base).",
    subcommands = {
      TrainPretrainCommand.class,
      TrainSftCommand.class,
      TrainColdstartCommand.class,
      TrainGrpoCommand.class,
    })
public final class TrainCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing a stage (see 'thinkact train --help')");
  }
}
