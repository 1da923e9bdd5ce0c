package ai.thinkact.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;

/**
 * Renders the "Commands:" section of {@code thinkact --help} as the whole tree (every
 * subcommand, indented under its parent) instead of picocli's one level.
 */
final class CommandTreeRenderer implements IHelpSectionRenderer {

  @Override
  public String render(Help help) {
    if (help.subcommands().isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Help> sub : help.subcommands().entrySet()) {
      append(out, sub.getValue().commandSpec().commandLine(), 1);
    }
    return out.toString();
  }

  private static void append(StringBuilder out, CommandLine command, int depth) {
    String[] description = command.getCommandSpec().usageMessage().description();
    String name = "  ".repeat(depth) + command.getCommandName();
    out.append(String.format("%-30s %s%n", name, description.length > 0 ? description[0] : ""));
    for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
      if (sub.getKey().equals(sub.getValue().getCommandName())) { // skip aliases
        append(out, sub.getValue(), depth + 1);
      }
    }
  }
}
