package ai.thinkact.cli;

import ai.thinkact.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
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
    CliRun help = CliRun.run("--help");
    assertEquals(Main.EXIT_OK, help.code(), help.err());
    assertTrue(help.out().startsWith("Usage: thinkact"), help.out());
    List<String> lines = help.out().lines().toList();
    int[] last = {-1};
    walk(Main.newCommandLine(), 1, (command, depth) -> {
      String name = "  ".repeat(depth) + command.getCommandName() + " ";
      int at = -1;
      for (int i = last[0] + 1; i < lines.size() && at < 0; i++) {
        at = lines.get(i).startsWith(name) ? i : -1;
      }
      assertTrue(at > last[0], "'" + name.strip() + "' missing at depth " + depth + " (in tree order):\n" + help.out());
      last[0] = at;
    });
    for (String stage : List.of("sft", "coldstart", "grpo", "pretrain")) {
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("    " + stage + " ")), stage + " under train:\n" + help.out());
    }
  }

  /** Every subcommand of {@code command}, depth first, in the order picocli lists them (aliases skipped). */
  private static void walk(CommandLine command, int depth, java.util.function.ObjIntConsumer<CommandLine> visit) {
    for (var sub : command.getSubcommands().entrySet()) {
      if (sub.getKey().equals(sub.getValue().getCommandName())) {
        visit.accept(sub.getValue(), depth);
        walk(sub.getValue(), depth + 1, visit);
      }
    }
  }

  @Test
  void aMissingInputFileIsAUsageErrorNamingTheOptionAndFile() {
    CliRun r = CliRun.run("eval", "--predictions", "/nonexistent/predictions.jsonl", "--out", "/tmp/thinkact-never-written");
    assertEquals(Main.EXIT_USAGE, r.code(), r.err());
    assertTrue(r.err().startsWith("error: --predictions /nonexistent/predictions.jsonl: no such file"), r.err());
    assertEquals(1, r.err().lines().count(), "one line: " + r.err());
  }

  @Test
  void versionNamesTheWholeStack() {
    CliRun r = CliRun.run("--version");
    assertEquals(Main.EXIT_OK, r.code(), r.err());
    assertTrue(r.out().matches("(?s)thinkact \\S+ \\(commit ([0-9a-f]{7,40}(-dirty)?|unknown)\\)\n.*"), r.out());
    assertTrue(r.out().contains("\nDJL 0.36.0\n"), r.out());
    assertTrue(r.out().contains("\nlibtorch 2.7.1 (flavour cpu) from "), r.out());
    assertTrue(r.out().contains("\ndevice cpu for --device auto (0 GPUs"), r.out());
    assertTrue(r.out().contains("\nJava 17"), r.out());
    assertEquals("cpu", VersionProvider.flavour("/root/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64"));
    assertEquals("cu128", VersionProvider.flavour("/home/u/.djl.ai/pytorch/2.7.1-cu128-linux-x86_64"));
    assertEquals("cu128-precxx11", VersionProvider.flavour("/c/2.7.1-20250812-cu128-precxx11-linux-aarch64"));
    assertEquals("unknown", VersionProvider.flavour("/opt/libtorch/lib"));
  }

  @Test
  void aMistypedCommandOrOptionGetsPicocliSuggestions() {
    CliRun command = CliRun.run("evl");
    assertEquals(Main.EXIT_USAGE, command.code());
    assertTrue(command.err().contains("Did you mean: thinkact eval?"), command.err());
    CliRun option = CliRun.run("eval", "--predictons", "x", "--out", "y");
    assertEquals(Main.EXIT_USAGE, option.code());
    assertTrue(option.err().contains("Possible solutions: --predictions"), option.err());
  }

  @Test
  void logLinesCarryATimestampWhenStderrIsNotATerminal() {
    String before = System.getProperty("org.slf4j.simpleLogger.showDateTime");
    try {
      System.clearProperty("org.slf4j.simpleLogger.showDateTime");
      GlobalOptions.applyLogLevel(new String[0]); // the test JVM's stderr is a pipe
      assertEquals("true", System.getProperty("org.slf4j.simpleLogger.showDateTime"));
      assertEquals("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", System.getProperty("org.slf4j.simpleLogger.dateTimeFormat"));
    } finally {
      if (before == null) {
        System.clearProperty("org.slf4j.simpleLogger.showDateTime");
      } else {
        System.setProperty("org.slf4j.simpleLogger.showDateTime", before);
      }
      System.clearProperty("org.slf4j.simpleLogger.dateTimeFormat");
    }
  }
}
