package ai.thinkact.serve;

import ai.thinkact.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs a {@code thinkact} command line in-process and returns its stdout; fails on a non-zero exit. */
final class Cli {
  private Cli() {}

  static String run(String... args) {
    CommandLine cli = Main.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    if (code != 0) {
      throw new AssertionError("thinkact " + String.join(" ", args) + " exited " + code + ": " + err);
    }
    return out.toString();
  }
}
