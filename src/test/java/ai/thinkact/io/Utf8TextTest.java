package ai.thinkact.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Utf8TextTest {

  @TempDir Path dir;

  @Test
  void readsLinesLikeAReaderWithoutTheByteOrderMarkOrCarriageReturns() throws IOException {
    Path file = dir.resolve("a.jsonl");
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = "first\r\nsécond\n\nlast".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, all, 0, 3);
    System.arraycopy(body, 0, all, 3, body.length);
    Files.write(file, all);
    List<String> lines = new ArrayList<>();
    try (Utf8Text text = Utf8Text.open(file)) {
      for (String line = text.readLine(); line != null; line = text.readLine()) {
        lines.add(text.lineNumber() + ":" + line);
      }
      assertNull(text.readLine());
    }
    assertEquals(List.of("1:first", "2:sécond", "3:", "4:last"), lines);
    assertEquals("first\r\nsécond\n\nlast", Utf8Text.readString(file));
  }

  @Test
  void aLineLongerThanTheReadBufferIsWhole() throws IOException {
    Path file = dir.resolve("long.txt");
    String longLine = "é".repeat(100_000);
    Files.writeString(file, "a\n" + longLine + "\nb\n");
    try (Utf8Text text = Utf8Text.open(file)) {
      assertEquals("a", text.readLine());
      assertEquals(longLine, text.readLine());
      assertEquals("b", text.readLine());
      assertNull(text.readLine());
    }
  }

  @Test
  void aByteThatIsNotUtf8NamesFileLineAndByte() throws IOException {
    Path file = dir.resolve("latin1.jsonl");
    Files.write(file, new byte[] {'o', 'k', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});
    MalformedTextException e = assertThrows(MalformedTextException.class, () -> {
      try (Utf8Text text = Utf8Text.open(file)) {
        while (text.readLine() != null) {
          // read on
        }
      }
    });
    assertEquals(file + ":line 2: not UTF-8 text (byte 0xE9 at byte 4 of the line); save the file as UTF-8", e.getMessage());
    MalformedTextException whole = assertThrows(MalformedTextException.class, () -> Utf8Text.readString(file));
    assertEquals(e.getMessage(), whole.getMessage());
  }

  @Test
  void aDirectoryIsRefusedSayingSo() {
    FileSystemException e = assertThrows(FileSystemException.class, () -> Utf8Text.open(dir));
    assertTrue(e.getReason().contains("is a directory"), e.getMessage());
  }
}
