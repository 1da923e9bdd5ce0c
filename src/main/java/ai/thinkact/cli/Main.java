package ai.thinkact.cli;

import ai.thinkact.base.RunFailedException;
import ai.thinkact.base.ConfigException;
import ai.thinkact.base.InvalidDataException;
import ai.thinkact.io.MalformedTextException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Entry point of the {@code thinkact} command. The only class that calls {@link System#exit}.
 *
 * <p>Exit codes (STYLE.md rule 6): 0 ok, 1 failure (I/O, a run that stopped), 2 usage or
 * config error (including a path on the command line that does not exist or is of the wrong kind),
 * 3 invalid data (also a text file that is not UTF-8, an empty input), 4 internal error (a bug:
 * please report it with --stacktrace).
 */
public final class Main {

  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_INVALID_DATA = 3;
  public static final int EXIT_INTERNAL = 4;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code; tests call this instead of {@link #main}. */
  public static int run(String... args) {
    GlobalOptions.applyLogLevel(args);
    CommandLine cli = newCommandLine();
    return cli.execute(args);
  }

  /** The command tree with Thinkact's exit-code mapping and one-line error reporting. */
  public static CommandLine newCommandLine() {
    CommandLine cli = new CommandLine(new ThinkactCommand());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new CommandTreeRenderer());
    cli.setExitCodeExceptionMapper(Main::exitCodeOf);
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          reportError(commandLine.getErr(), ex, GlobalOptions.stacktraceRequested(parseResult));
          return exitCodeOf(ex);
        });
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("error: " + ex.getMessage());
          // "Did you mean: eval?" for a mistyped command or option, as picocli's own handler prints.
          CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
          err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          err.flush();
          return EXIT_USAGE;
        });
    return cli;
  }

  static int exitCodeOf(Throwable ex) {
    if (ex instanceof CommandLine.ParameterException || ex instanceof ConfigException) {
      return EXIT_USAGE;
    }
    if (ex instanceof InvalidDataException
        || ex instanceof MalformedTextException
        || ex instanceof UncheckedIOException && ex.getCause() instanceof MalformedTextException) {
      return EXIT_INVALID_DATA; // a file that is not UTF-8 is bad data, not a failure to read
    }
    if (ex instanceof IOException
        || ex instanceof UncheckedIOException
        || ex instanceof RunFailedException) {
      return EXIT_FAILURE;
    }
    return EXIT_INTERNAL;
  }

  private static void reportError(PrintWriter err, Throwable ex, boolean stacktrace) {
    String message = fileProblem(ex);
    if (message == null) {
      // UncheckedIOException's own message is its cause's toString(), class name included.
      message = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause().getMessage() : ex.getMessage();
    }
    if (message == null || message.isBlank()) {
      message = ex.getClass().getSimpleName();
    } else if (exitCodeOf(ex) == EXIT_INTERNAL) {
      message = ex.getClass().getSimpleName() + ": " + message;
    }
    err.println("error: " + firstLine(message));
    if (stacktrace) {
      ex.printStackTrace(err);
    } else if (exitCodeOf(ex) == EXIT_INTERNAL) {
      err.println("(internal error; run again with --stacktrace for details)");
    }
    err.flush();
  }

  /** java.nio's file exceptions carry only the path as their message: say what went wrong with it. */
  private static String fileProblem(Throwable ex) {
    Throwable cause = ex instanceof java.io.UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
    if (!(cause instanceof java.nio.file.FileSystemException problem)) {
      return null;
    }
    String what;
    if (problem instanceof java.nio.file.NoSuchFileException) {
      what = "no such file or directory";
    } else if (problem instanceof java.nio.file.AccessDeniedException) {
      what = "permission denied";
    } else if (problem instanceof java.nio.file.FileAlreadyExistsException) {
      what = "already exists";
    } else if (problem instanceof java.nio.file.DirectoryNotEmptyException) {
      what = "directory not empty";
    } else if (problem instanceof java.nio.file.NotDirectoryException) {
      what = "not a directory";
    } else {
      what = problem.getReason() == null ? problem.getClass().getSimpleName() : problem.getReason();
    }
    return what + ": " + problem.getFile() + (problem.getOtherFile() == null ? "" : " -> " + problem.getOtherFile());
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
