package ai.thinkact;

import ai.thinkact.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Exit code, stdout and stderr of one {@code thinkact} command line, run in-process as Main runs
 * it: the one way tests run the CLI.
 */
public record CliRun(int code, String out, String err) {

  public static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = execute(out, err, args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Runs {@code args}, appending stdout and stderr to the given writers (for several runs in one test). */
  public static int execute(StringWriter out, StringWriter err, String... args) {
    CommandLine cli = Main.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    return code;
  }

  /** Stdout of a command line that must succeed. */
  public static String ok(String... args) {
    CliRun r = run(args);
    if (r.code() != Main.EXIT_OK) {
      throw new AssertionError("thinkact " + String.join(" ", args) + " exited " + r.code() + ": " + r.err());
    }
    return r.out();
  }
}
