package ai.thinkact.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root {@code thinkact} command: shows the command tree when called without a subcommand. Its
 * {@code --help}/{@code --version} options and its showing of defaults are inherited by every
 * subcommand ({@code scope = INHERIT}), so no command has to repeat them.
 */
@Command(
    name = "thinkact",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Trains conversational tool-calling agents: base SFT, cold-start reasoning SFT and GRPO.",
    showDefaultValues = true,
    subcommands = {
      // One line per command group, in the order a user meets them.
      DataCommand.class,
      ModelCommand.class,
      GenerateCommand.class,
      ScoreCommand.class,
      ServeCommand.class,
      TrainCommand.class,
      ExportCommand.class,
      RewardCommand.class,
      RerankCommand.class,
      EvalCommand.class,
      BenchCommand.class,
      PlotCommand.class,
    })
public final class ThinkactCommand implements Runnable {

  @Mixin GlobalOptions globalOptions;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing a command (see 'thinkact --help')");
  }
}
