package ai.thinkact.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Strict UTF-8 text input for the readers of data files. {@code Files.newBufferedReader} fails on
 * a byte that is not UTF-8 with {@code MalformedInputException: Input length = 1}, which names
 * neither file nor line (and a buffered reader is already lines ahead when it fails). These
 * decode each line on its own and throw {@link MalformedTextException} with the file, the line
 * and the byte. A directory where a file is expected fails with a {@link FileSystemException}
 * saying so (reading one gives a bare {@code IOException: Is a directory}).
 *
 * <p>Lines end at {@code \n}; a {@code \r} before it is dropped, and a byte-order mark at the
 * start of the file is skipped.
 */
public final class Utf8Text implements AutoCloseable {

  private static final int CHUNK = 1 << 16;

  private final Path file;
  private final InputStream in;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] chunk = new byte[CHUNK];
  private int chunkStart;
  private int chunkEnd;
  private byte[] line = new byte[256];
  private long lineNumber;
  private boolean ended;

  private Utf8Text(Path file, InputStream in) {
    this.file = file;
    this.in = in;
  }

  /** Opens {@code file} for reading line by line. */
  public static Utf8Text open(Path file) throws IOException {
    requireFile(file);
    return new Utf8Text(file, Files.newInputStream(file));
  }

  /** The whole of {@code file} as a string; an invalid byte names its line. */
  public static String readString(Path file) throws IOException {
    requireFile(file);
    byte[] bytes = Files.readAllBytes(file);
    int start = hasByteOrderMark(bytes, bytes.length) ? 3 : 0;
    ByteBuffer input = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer output = CharBuffer.allocate(bytes.length);
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
    CoderResult result = decoder.decode(input, output, true);
    if (result.isError()) {
      int bad = input.position();
      long lineNo = 1;
      int lineStart = 0;
      for (int i = 0; i < bad; i++) {
        if (bytes[i] == '\n') {
          lineNo++;
          lineStart = i + 1;
        }
      }
      throw new MalformedTextException(file, lineNo, bytes[bad], bad - lineStart + 1L);
    }
    decoder.flush(output);
    return output.flip().toString();
  }

  /** Throws when {@code file} is a directory (missing files fail on opening, naming the file). */
  public static void requireFile(Path file) throws FileSystemException {
    if (Files.isDirectory(file)) {
      throw new FileSystemException(file.toString(), null, "is a directory, expected a file");
    }
  }

  /** The next line without its terminator, or {@code null} at the end of the file. */
  public String readLine() throws IOException {
    if (ended) {
      return null;
    }
    int length = 0;
    boolean any = false;
    while (true) {
      if (chunkStart == chunkEnd) {
        chunkEnd = in.read(chunk);
        chunkStart = 0;
        if (chunkEnd <= 0) {
          chunkEnd = 0;
          ended = true;
          if (!any) {
            return null;
          }
          break;
        }
      }
      any = true;
      int newline = -1;
      for (int i = chunkStart; i < chunkEnd; i++) {
        if (chunk[i] == '\n') {
          newline = i;
          break;
        }
      }
      int end = newline < 0 ? chunkEnd : newline;
      int n = end - chunkStart;
      if (length + n > line.length) {
        line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
      }
      System.arraycopy(chunk, chunkStart, line, length, n);
      length += n;
      chunkStart = newline < 0 ? chunkEnd : newline + 1;
      if (newline >= 0) {
        break;
      }
    }
    lineNumber++;
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    int start = lineNumber == 1 && hasByteOrderMark(line, length) ? 3 : 0;
    return decode(start, length);
  }

  /** The 1-based number of the line {@link #readLine} returned last. */
  public long lineNumber() {
    return lineNumber;
  }

  private String decode(int start, int end) throws MalformedTextException {
    ByteBuffer input = ByteBuffer.wrap(line, start, end - start);
    CharBuffer output = CharBuffer.allocate(end - start);
    decoder.reset();
    CoderResult result = decoder.decode(input, output, true);
    if (result.isError()) {
      throw new MalformedTextException(file, lineNumber, line[input.position()], input.position() + 1L);
    }
    decoder.flush(output);
    return output.flip().toString();
  }

  private static boolean hasByteOrderMark(byte[] bytes, int length) {
    return length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
