package ai.thinkact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  @Test
  void unknownOptionIsAUsageError() {
    CommandLine cli = Main.newCommandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertEquals(Main.EXIT_USAGE, cli.execute("--no-such-option"));
    assertTrue(err.toString().startsWith("error: "), err.toString());
  }

  @Test
  void helpShowsTheCommandTree() {
    CommandLine cli = Main.newCommandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    assertEquals(Main.EXIT_OK, cli.execute("--help"));
    assertTrue(out.toString().contains("Usage: thinkact"), out.toString());
  }

  @Test
  void aMissingInputFileIsAUsageErrorNamingTheOptionAndFile() {
    CliRun r = CliRun.run("eval", "--predictions", "/nonexistent/predictions.jsonl", "--out", "/tmp/thinkact-never-written");
    assertEquals(Main.EXIT_USAGE, r.code(), r.err());
    assertTrue(r.err().startsWith("error: --predictions /nonexistent/predictions.jsonl: no such file"), r.err());
    assertEquals(1, r.err().lines().count(), "one line: " + r.err());
  }
}
