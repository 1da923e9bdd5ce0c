package ai.thinkact.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * Writes that are all-or-nothing: the content goes to a temporary sibling (a name starting with
 * {@value #TEMP_PREFIX}), is forced to disk, and is renamed over the target. A crash leaves
 * either the old target or the new one, plus perhaps a temporary that readers ignore.
 *
 * <p>Temporaries are created with {@code CREATE_NEW} and {@link Files#createDirectory}, never with
 * {@code Files.createTempFile}/{@code createTempDirectory}: those make {@code -rw-------} and
 * {@code drwx------} whatever the umask, and the mode survives the rename, so a server running
 * under another uid (vLLM) could not read the adapter or model. Here files get
 * {@code 0666 & ~umask} and directories {@code 0777 & ~umask}, as {@code touch} and {@code mkdir}.
 */
public final class AtomicFiles {

  /** Names of temporaries start with this; listings of complete outputs skip them. */
  public static final String TEMP_PREFIX = ".tmp-";

  /** A write step that may fail with an I/O error. */
  @FunctionalInterface
  public interface IoConsumer<T> {
    void accept(T value) throws IOException;
  }

  private AtomicFiles() {}

  /** Writes {@code target} through {@code writer} via a temporary file and a rename. */
  public static void write(Path target, IoConsumer<OutputStream> writer) throws IOException {
    writeChannel(target, channel -> {
      OutputStream out = Channels.newOutputStream(channel);
      writer.accept(out);
      out.flush();
    });
  }

  /**
   * Writes {@code target} through a {@link FileChannel} (large binary files written from native
   * buffers, such as safetensors) via a temporary file, {@code force}, and a rename.
   */
  public static void writeChannel(Path target, IoConsumer<FileChannel> writer) throws IOException {
    Path parent = parentOf(target);
    Files.createDirectories(parent);
    Path temp = parent.resolve(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        writer.accept(channel);
        channel.force(true);
      }
      move(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Writes UTF-8 text to {@code target} through {@code writer}, via a temporary file and a rename. */
  public static void writeText(Path target, IoConsumer<java.io.Writer> writer) throws IOException {
    write(target, out -> {
      java.io.Writer text = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
      writer.accept(text);
      text.flush();
    });
  }

  /** Writes {@code content} as UTF-8 to {@code target} via a temporary file and a rename. */
  public static void writeString(Path target, String content) throws IOException {
    write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Creates directory {@code target} (e.g. {@code checkpoint-000100}) by letting {@code writer}
   * fill a temporary sibling directory, then renaming it. An existing {@code target} is
   * replaced: it is moved aside first and deleted after the new one is in place.
   *
   * @return {@code target}
   */
  public static Path writeDirectory(Path target, IoConsumer<Path> writer) throws IOException {
    Path parent = parentOf(target);
    Files.createDirectories(parent);
    Path temp = parent.resolve(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
    Files.createDirectory(temp);
    try {
      writer.accept(temp);
      try (var files = Files.walk(temp)) {
        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          force(file);
        }
      }
      if (Files.exists(target)) {
        Path old = parent.resolve(TEMP_PREFIX + "old-" + target.getFileName() + "-" + UUID.randomUUID());
        move(target, old);
        move(temp, target);
        deleteRecursively(old);
      } else {
        move(temp, target);
      }
      return target;
    } finally {
      if (Files.exists(temp)) {
        deleteRecursively(temp);
      }
    }
  }

  /**
   * Copies the bytes of {@code source} into a new file {@code target} (which must not exist), with
   * the umask's mode: {@link Files#copy(Path, Path, java.nio.file.CopyOption...)} would give it the
   * source's mode instead (a private tokenizer file would make a private model directory).
   */
  public static void copyContent(Path source, Path target) throws IOException {
    try (var in = Files.newInputStream(source)) {
      Files.copy(in, target);
    }
  }

  /** True for names written by this class while in progress. */
  public static boolean isTemporary(Path path) {
    return path.getFileName().toString().startsWith(TEMP_PREFIX);
  }

  /** Deletes a file or a directory tree; missing is fine. */
  public static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // Some file systems (e.g. certain network mounts) cannot: a plain rename is the best left.
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void force(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  private static Path parentOf(Path target) {
    Path parent = target.toAbsolutePath().getParent();
    if (parent == null) {
      throw new IllegalArgumentException("no parent directory: " + target);
    }
    return parent;
  }
}
