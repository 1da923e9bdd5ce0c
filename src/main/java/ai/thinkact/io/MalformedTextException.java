package ai.thinkact.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A text input that is not UTF-8: {@code file:line N: not UTF-8 text (byte 0xE9 at byte 12 of the
 * line)}. Invalid input data (exit code 3), unlike the other {@link IOException}s, which are
 * failures to read at all; the JDK's own decoder error says only {@code Input length = 1}.
 */
public class MalformedTextException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long line;

  public MalformedTextException(Path file, long line, int badByte, long column) {
    super(file + ":line " + line + ": not UTF-8 text (byte 0x" + String.format("%02X", badByte & 0xFF)
        + " at byte " + column + " of the line); save the file as UTF-8");
    this.file = file;
    this.line = line;
  }

  public Path file() {
    return file;
  }

  /** 1-based line of the first byte that is not UTF-8. */
  public long line() {
    return line;
  }
}
