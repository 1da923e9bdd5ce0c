package ai.thinkact.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {

  @Test
  void logModeWritesEveryNStepsAndTheLast() {
    List<String> lines = new ArrayList<>();
    try (ProgressReporter progress = ProgressReporter.start("sft", 25, 0, "step", 10,
        ProgressReporter.Mode.LOG, System.err, lines::add)) {
      for (int step = 1; step <= 25; step++) {
        Map<String, Number> values = new LinkedHashMap<>();
        values.put("loss", 3.0 / step);
        values.put("learning_rate", 2e-4);
        progress.update(step, values);
      }
    }
    assertEquals(3, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("sft step=10/25 loss=0.3000 learning_rate=2.000e-04 rate="), lines.get(0));
    assertTrue(lines.get(2).startsWith("sft step=25/25 loss=0.1200"), lines.get(2));
    assertTrue(lines.get(2).contains(" eta=00:00"), lines.get(2));
  }

  @Test
  void barRedrawsOneLineWithCountsAndValues() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream terminal = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (ProgressReporter progress = ProgressReporter.start("grpo", 4, 2, "step", 1,
        ProgressReporter.Mode.BAR, terminal, line -> { })) {
      progress.update(4, Map.of("reward", 1.5));
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith("\r"), out);
    assertTrue(out.contains("grpo 100%|"), out);
    assertTrue(out.contains("| 4/4 ["), out);
    assertTrue(out.contains(" reward=1.5000"), out);
    assertTrue(out.endsWith("\n"), "close ends the bar line");
  }

  @Test
  void logLinesPrintedDuringTheBarClearItAndTheBarComesBack() {
    PrintStream saved = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    System.setErr(capture);
    try {
      try (ProgressReporter progress = ProgressReporter.start("sft", 10, 0, "step", 1,
          ProgressReporter.Mode.BAR, System.err, line -> { })) {
        progress.update(10, Map.of("loss", 1.0));
        System.err.println("[INFO] checkpoint saved"); // what slf4j-simple does
      }
      assertEquals(capture, System.err, "close restores stderr");
    } finally {
      System.setErr(saved);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    int log = out.indexOf("\r\033[K[INFO] checkpoint saved\n");
    assertTrue(log > 0, out);
    assertTrue(out.indexOf("sft 100%|", log) > log, "bar redrawn below the log line: " + out);
  }

  @Test
  void barStartsAtTheResumedPosition() {
    ProgressReporter progress = ProgressReporter.start("sft", 200, 50, "step", 1,
        ProgressReporter.Mode.OFF, System.err, line -> { });
    assertTrue(progress.barLine().startsWith("sft  25%|"), progress.barLine());
    assertTrue(progress.barLine().contains(" 50/200 ["), progress.barLine());
    assertTrue(progress.barLine().contains("<?,"), "no rate yet, so no ETA: " + progress.barLine());
  }

  @Test
  void formatsClockAndNumbers() {
    assertEquals("03:12", ProgressReporter.clock(192));
    assertEquals("1:02:03", ProgressReporter.clock(3723));
    assertEquals("0.1235", ProgressReporter.format(0.123456));
    assertEquals("1.000e-06", ProgressReporter.format(1e-6));
    assertEquals("4096", ProgressReporter.format(4096L));
  }

  @Test
  void theBarFitsTheTerminalShorteningTheBarBeforeCuttingTheLine() {
    // Off a terminal the width is COLUMNS, else 80 (ai.thinkact.io.Terminal).
    int width = ai.thinkact.io.Terminal.columns();
    try (ProgressReporter progress = ProgressReporter.start("grpo", 1000, 0, "step", 1,
        ProgressReporter.Mode.OFF, System.err, line -> { })) {
      progress.update(500, Map.of("reward", 1.5));
      String line = progress.barLine();
      assertTrue(line.length() <= width - 1, line.length() + " > " + (width - 1) + ": " + line);
      assertTrue(line.contains(" reward=1.5000"), "the values stay when the bar can shrink: " + line);
      Map<String, Number> many = new LinkedHashMap<>();
      for (int i = 0; i < 12; i++) {
        many.put("metric_" + i, i / 3.0);
      }
      progress.update(600, many);
      assertTrue(progress.barLine().length() <= width - 1, "cut when even a short bar does not fit");
    }
  }
}
