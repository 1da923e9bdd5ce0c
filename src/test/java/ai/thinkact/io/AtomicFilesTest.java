package ai.thinkact.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void writeReplacesAndLeavesNoTemporary() throws IOException {
    Path file = dir.resolve("sub/out.json");
    AtomicFiles.writeString(file, "one");
    AtomicFiles.writeString(file, "two");
    assertEquals("two", Files.readString(file));
    assertEquals(List.of("out.json"), names(dir.resolve("sub")));
  }

  @Test
  void failedWriteKeepsTheOldFile() throws IOException {
    Path file = dir.resolve("out.txt");
    AtomicFiles.writeString(file, "old");
    assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
      out.write("half".getBytes());
      throw new IOException("disk full");
    }));
    assertEquals("old", Files.readString(file));
    assertEquals(List.of("out.txt"), names(dir));
  }

  @Test
  void directoryAppearsWholeOrNotAtAll() throws IOException {
    Path target = dir.resolve("checkpoint-000100");
    assertThrows(IOException.class, () -> AtomicFiles.writeDirectory(target, d -> {
      Files.writeString(d.resolve("adapter.bin"), "partial");
      throw new IOException("killed");
    }));
    assertFalse(Files.exists(target));
    assertEquals(List.of(), names(dir), "the temporary directory is cleaned up");

    AtomicFiles.writeDirectory(target, d -> Files.writeString(d.resolve("a"), "1"));
    AtomicFiles.writeDirectory(target, d -> Files.writeString(d.resolve("b"), "2"));
    assertEquals(List.of("b"), names(target), "a rewritten directory is replaced, not merged");
    assertEquals(List.of("checkpoint-000100"), names(dir));
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writtenFilesAndDirectoriesGetTheUmasksModeNotAPrivateOne() throws IOException {
    Path root = dir.resolve("run");
    AtomicFiles.writeString(root.resolve("a.txt"), "a");
    AtomicFiles.writeChannel(root.resolve("b.bin"), ch -> ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2})));
    AtomicFiles.writeDirectory(root.resolve("checkpoint"), d -> {
      Files.writeString(d.resolve("c.txt"), "c");
      AtomicFiles.writeString(d.resolve("nested/d.txt"), "d");
    });
    AtomicFiles.writeDirectory(root.resolve("checkpoint"), d -> Files.writeString(d.resolve("e.txt"), "e")); // replaced
    FileModes.assertUmaskModes(root, dir.resolve("scratch"));
  }
}
