package ai.thinkact.training;

import ai.thinkact.io.Terminal;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows training or eval progress. On a terminal ({@link Mode#BAR}): one redrawn line, like
 * tqdm, {@code sft  42%|██████▎        | 420/1000 [03:12<04:25, 2.19 step/s] loss=1.2340}.
 * Otherwise ({@link Mode#LOG}): an SLF4J line every {@code logEvery} units and at the end, with
 * the keys in the order given: {@code sft step=420/1000 loss=1.2340 lr=2.000e-04 rate=2.19/s
 * elapsed=03:12 eta=04:25}.
 *
 * <p>While the bar is shown, {@code System.err} is wrapped so that a log line printed meanwhile
 * first clears the bar and the bar is redrawn below it; {@link #close} restores it.
 *
 * <pre>{@code
 * try (ProgressReporter progress = ProgressReporter.start("sft", totalSteps, resumedStep, "step", config.loggingSteps())) {
 *   ... progress.update(step, Map.of("loss", loss)); // use a LinkedHashMap for several keys
 * }
 * }</pre>
 */
public final class ProgressReporter implements AutoCloseable {

  /** How progress is shown. */
  public enum Mode {
    /** A redrawn bar on stderr (a terminal). */
    BAR,
    /** Plain SLF4J lines every N units (redirected output, CI). */
    LOG,
    /** Nothing (tests, nested loops). */
    OFF;

    /**
     * BAR when stderr, where the bar is drawn, is a terminal and TERM is not {@code dumb}, else
     * LOG (a redirected stdout keeps the bar; {@link System#console()} would not). Environment
     * variable {@code THINKACT_PROGRESS=bar|log|off} overrides.
     */
    public static Mode detect() {
      String forced = System.getenv("THINKACT_PROGRESS");
      if (forced != null && !forced.isBlank()) {
        return Mode.valueOf(forced.trim().toUpperCase(Locale.ROOT));
      }
      boolean dumb = "dumb".equals(System.getenv("TERM"));
      return Terminal.stderrIsTerminal() && !dumb ? BAR : LOG;
    }
  }

  private static final Logger log = LoggerFactory.getLogger(ProgressReporter.class);
  private static final int BAR_WIDTH = 25;
  private static final long REDRAW_NANOS = 100_000_000L; // 10 redraws a second at most
  private static final long WIDTH_NANOS = 2_000_000_000L; // the terminal's width is asked again every 2 s
  /** What the terminal decodes stderr with (set by the JVM when stderr is a console). */
  private static final Charset STDERR_CHARSET =
      Charset.forName(System.getProperty("sun.stderr.encoding", Charset.defaultCharset().name()));
  /** Block characters on a UTF-8 terminal; '#' where they would print as '?'. */
  private static final boolean UNICODE = STDERR_CHARSET.equals(StandardCharsets.UTF_8);
  private static final String FULL = UNICODE ? "█" : "#";
  private static final String[] PARTIAL = UNICODE
      ? new String[] {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}
      : new String[] {"", "", "", "", "", "", "", ""};

  private final String task;
  private final long total;
  private final long startDone;
  private final String unit;
  private final int logEvery;
  private final Mode mode;
  private final PrintStream terminal;
  private final Consumer<String> logSink;
  private final PrintStream originalErr;
  private final long startNanos = System.nanoTime();
  private final Object lock = new Object();
  private long done;
  private String suffix = "";
  private String barLine = "";
  private boolean barShown;
  private long lastDraw;
  private int columns;
  private long columnsAsked = Long.MIN_VALUE / 2;
  private long lastLogged = -1;

  private ProgressReporter(String task, long total, long startDone, String unit, int logEvery,
      Mode mode, PrintStream terminal, Consumer<String> logSink) {
    if (total < 0 || startDone < 0 || logEvery < 1) {
      throw new IllegalArgumentException("total " + total + ", startDone " + startDone + ", logEvery " + logEvery);
    }
    this.task = task;
    this.total = total;
    this.startDone = startDone;
    this.done = startDone;
    this.unit = unit;
    this.logEvery = logEvery;
    this.mode = mode;
    this.terminal = terminal;
    this.logSink = logSink;
    this.originalErr = System.err;
    if (mode == Mode.BAR && terminal == System.err) {
      System.setErr(new PrintStream(new BarAwareStream(terminal), true, STDERR_CHARSET));
    }
  }

  /**
   * Starts reporting {@code task} ("sft", "grpo", "eval") over {@code total} units
   * ({@code unit}: "step", "sample"), of which {@code alreadyDone} were done before (a resumed
   * run); the mode is {@link Mode#detect()}d, the bar goes to stderr, log lines to SLF4J.
   */
  public static ProgressReporter start(String task, long total, long alreadyDone, String unit, int logEvery) {
    return start(task, total, alreadyDone, unit, logEvery, Mode.detect(), System.err, log::info);
  }

  /** As {@link #start(String, long, long, String, int)} with an explicit mode and outputs (tests). */
  public static ProgressReporter start(String task, long total, long alreadyDone, String unit, int logEvery,
      Mode mode, PrintStream terminal, Consumer<String> logSink) {
    return new ProgressReporter(task, total, alreadyDone, unit, logEvery, mode, terminal, logSink);
  }

  /** Records that {@code done} units are complete, with the live values to show (may be empty). */
  public void update(long done, Map<String, ? extends Number> values) {
    StringBuilder s = new StringBuilder();
    values.forEach((k, v) -> s.append(' ').append(k).append('=').append(format(v)));
    synchronized (lock) {
      this.done = done;
      this.suffix = s.toString();
      switch (mode) {
        case BAR -> {
          long now = System.nanoTime();
          if (now - lastDraw >= REDRAW_NANOS || done >= total) {
            lastDraw = now;
            draw();
          }
        }
        case LOG -> {
          if ((done % logEvery == 0 || done == total) && done != lastLogged) {
            lastLogged = done;
            logSink.accept(logLine());
          }
        }
        case OFF -> { }
      }
    }
  }

  /** Ends the bar with a newline and restores {@code System.err}. */
  @Override
  public void close() {
    synchronized (lock) {
      if (mode == Mode.BAR) {
        if (System.err != originalErr) {
          System.err.flush();
          System.setErr(originalErr);
        }
        draw();
        terminal.println();
        terminal.flush();
        barShown = false;
      }
    }
  }

  /** The plain log line for the current state. */
  String logLine() {
    double elapsed = elapsedSeconds();
    double rate = rate(elapsed);
    return task + " " + unit + "=" + done + "/" + total + suffix
        + String.format(Locale.ROOT, " rate=%.3g/s elapsed=%s eta=%s", rate, clock(elapsed), eta(rate));
  }

  /**
   * The bar line for the current state, without the leading carriage return. It fits the terminal:
   * on a narrow one the bar gets shorter (down to 10 cells) before the line is cut.
   */
  String barLine() {
    double fraction = total == 0 ? 1.0 : Math.min(1.0, (double) done / total);
    double elapsed = elapsedSeconds();
    double rate = rate(elapsed);
    String head = String.format(Locale.ROOT, "%s %3d%%|", task, (int) (fraction * 100));
    String tail = String.format(Locale.ROOT, "| %d/%d [%s<%s, %.3g %s/s]%s",
        done, total, clock(elapsed), eta(rate), rate, unit, suffix);
    int width = columns() - 1; // the last column would wrap on some terminals
    int cells = Math.max(10, Math.min(BAR_WIDTH, width - head.length() - tail.length()));
    int eighths = (int) Math.round(fraction * cells * 8);
    String bar = FULL.repeat(eighths / 8) + PARTIAL[eighths % 8];
    bar = bar + " ".repeat(cells - bar.codePointCount(0, bar.length()));
    String line = head + bar + tail;
    return line.length() > width ? line.substring(0, width) : line;
  }

  private void draw() {
    barLine = barLine();
    terminal.print("\r" + barLine + "\033[K");
    terminal.flush();
    barShown = true;
  }

  private double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Units per second in this session (a resumed run's earlier units are not counted). */
  private double rate(double elapsed) {
    return elapsed <= 0 ? 0.0 : (done - startDone) / elapsed;
  }

  private String eta(double rate) {
    return rate <= 0 ? "?" : clock((total - done) / rate);
  }

  /** 03:12 or 1:02:03. */
  static String clock(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
  }

  /** Integers as they are; reals with 4 decimals, or 4 significant digits when tiny or huge. */
  static String format(Number v) {
    if (v instanceof Long || v instanceof Integer) {
      return v.toString();
    }
    double d = v.doubleValue();
    if (!Double.isFinite(d)) {
      return String.valueOf(d);
    }
    double a = Math.abs(d);
    return a != 0 && (a < 1e-3 || a >= 1e5)
        ? String.format(Locale.ROOT, "%.3e", d)
        : String.format(Locale.ROOT, "%.4f", d);
  }

  /**
   * The terminal's width ({@link Terminal#columns()}: {@code stty size} when stderr is a terminal,
   * else {@code COLUMNS}, else 80), asked again every 2 seconds so a resized window is followed.
   * Only the bar asks; it used to assume 120 columns and wrapped on an 80-column terminal.
   */
  private int columns() {
    long now = System.nanoTime();
    if (now - columnsAsked > WIDTH_NANOS) {
      columns = Math.max(20, Terminal.columns());
      columnsAsked = now;
    }
    return columns;
  }

  /** Stderr while the bar is up: clears the bar before other output, redraws it after a newline. */
  private final class BarAwareStream extends OutputStream {
    private final PrintStream target;

    BarAwareStream(PrintStream target) {
      this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (lock) {
        if (barShown) {
          target.print("\r\033[K");
          barShown = false;
        }
        target.write(b, off, len);
        if (len > 0 && b[off + len - 1] == '\n') {
          target.print(barLine + "\033[K");
          barShown = true;
        }
        target.flush();
      }
    }

    @Override
    public void flush() {
      target.flush();
    }
  }
}
