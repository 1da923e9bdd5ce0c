package ai.thinkact.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What Java 17 cannot tell by itself about the terminal: whether stderr is one
 * ({@code System.console()} looks at stdin and stdout only) and how wide it is ({@code COLUMNS}
 * is a shell variable that is rarely exported). Both ask {@code /bin/sh} once, with no dependency:
 * {@code [ -t 2 ]} on the inherited stderr and {@code stty size < /dev/tty}.
 */
public final class Terminal {

  /** The width assumed when none can be found. */
  public static final int DEFAULT_COLUMNS = 80;

  private static Boolean stderrIsTerminal;

  private Terminal() {}

  /** Whether this process's stderr is a terminal (false when it cannot be told). */
  public static synchronized boolean stderrIsTerminal() {
    if (stderrIsTerminal == null) {
      stderrIsTerminal = shell("[ -t 2 ] && echo yes", true).equals("yes");
    }
    return stderrIsTerminal;
  }

  /**
   * The terminal's width in columns: {@code stty size} of the controlling terminal when stderr is
   * a terminal, else {@code COLUMNS}, else {@value #DEFAULT_COLUMNS}. Asks again on every call
   * (a window can be resized); callers cache it for a while.
   */
  public static int columns() {
    if (stderrIsTerminal()) {
      String[] size = shell("stty size < /dev/tty 2> /dev/null", false).split("\\s+");
      if (size.length == 2) {
        Integer columns = positive(size[1]);
        if (columns != null) {
          return columns;
        }
      }
    }
    Integer columns = positive(System.getenv("COLUMNS"));
    return columns != null ? columns : DEFAULT_COLUMNS;
  }

  private static Integer positive(String text) {
    if (text == null) {
      return null;
    }
    try {
      int n = Integer.parseInt(text.trim());
      return n > 0 ? n : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The trimmed stdout of {@code sh -c script}, or "" when it cannot run or takes over a second. */
  private static String shell(String script, boolean inheritStderr) {
    try {
      ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.redirectError(inheritStderr ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD);
      Process process = builder.start();
      if (!process.waitFor(1, TimeUnit.SECONDS)) { // a few bytes of output fit in the pipe meanwhile
        process.destroyForcibly();
        return "";
      }
      try (InputStream in = process.getInputStream()) {
        String out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        return process.exitValue() == 0 ? out : "";
      }
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
