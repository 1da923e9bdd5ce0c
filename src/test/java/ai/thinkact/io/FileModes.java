package ai.thinkact.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The modes this process's umask gives a plain {@code Files.createFile} and
 * {@code Files.createDirectory}, and an assertion that everything under a written tree has them.
 */
public final class FileModes {
  private FileModes() {}

  /** {@code [file mode, directory mode]} as {@code rw-r--r--} strings, probed in {@code scratch}. */
  public static String[] umaskModes(Path scratch) throws IOException {
    Path probe = Files.createDirectories(scratch).resolve("umask-probe-" + System.nanoTime());
    Path file = Files.createFile(probe.resolveSibling(probe.getFileName() + ".file"));
    Path dir = Files.createDirectory(probe.resolveSibling(probe.getFileName() + ".dir"));
    try {
      return new String[] {mode(file), mode(dir)};
    } finally {
      Files.delete(file);
      Files.delete(dir);
    }
  }

  /** Every file and directory under {@code root} (itself included) has the umask's mode. */
  public static void assertUmaskModes(Path root, Path scratch) throws IOException {
    String[] modes = umaskModes(scratch);
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        assertEquals(Files.isDirectory(p) ? modes[1] : modes[0], mode(p), p.toString());
      }
    }
  }

  public static String mode(Path p) throws IOException {
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(p);
    return PosixFilePermissions.toString(permissions);
  }
}
