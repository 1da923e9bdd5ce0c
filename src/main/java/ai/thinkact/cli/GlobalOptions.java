package ai.thinkact.cli;

import ai.thinkact.io.Terminal;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command inherits. The log level (and the timestamps of log lines off a terminal)
 * must be chosen before the first SLF4J logger exists, so {@link Main} reads
 * {@code --verbose}/{@code --quiet} from the raw arguments first;
 * these fields exist so that picocli accepts and documents the flags on every subcommand.
 */
public final class GlobalOptions {

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Log debug detail.")
  boolean verbose;

  @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Log warnings and errors only.")
  boolean quiet;

  @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
  boolean stacktrace;

  static void applyLogLevel(String[] args) {
    String level = null;
    if (Arrays.asList(args).contains("--quiet") || Arrays.asList(args).contains("-q")) {
      level = "warn";
    }
    if (Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v")) {
      level = "debug";
    }
    if (level != null && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    }
    timestampsUnlessOnATerminal();
  }

  /**
   * Log lines carry an ISO-8601 timestamp when stderr is not a terminal (a log file, CI, nohup):
   * there a line must say when it happened. On a terminal they stay short. A system property set
   * by the user ({@code -Dorg.slf4j.simpleLogger.showDateTime=...}) wins.
   */
  private static void timestampsUnlessOnATerminal() {
    if (System.getProperty("org.slf4j.simpleLogger.showDateTime") != null || Terminal.stderrIsTerminal()) {
      return;
    }
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    if (System.getProperty("org.slf4j.simpleLogger.dateTimeFormat") == null) {
      System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    }
  }

  static boolean stacktraceRequested(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--stacktrace")) {
        return true;
      }
    }
    return false;
  }
}
