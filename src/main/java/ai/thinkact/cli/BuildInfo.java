package ai.thinkact.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * thinkact's version and git commit. Both are written into {@code ai/thinkact/version.properties}
 * at build time (Maven resource filtering; the {@code ./thinkact} launcher passes the commit).
 * A build without the commit finds it at run time in the {@code .git} of the checkout the classes
 * were built in (a worktree's {@code .git} file, loose and packed refs), if there is one.
 */
final class BuildInfo {

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{7,40}(-dirty)?");

  private BuildInfo() {}

  /** {@code 0.1.0-SNAPSHOT}, or {@code dev} when the resource is missing (an IDE build). */
  static String version() {
    String version = properties().getProperty("version", "");
    return version.isBlank() || version.startsWith("${") ? "dev" : version;
  }

  /** The commit the build came from (12 hex digits, {@code -dirty} when the tree had changes), or {@code unknown}. */
  static String commit() {
    String embedded = properties().getProperty("commit", "").trim();
    if (HASH.matcher(embedded).matches()) {
      return embedded;
    }
    String fromGit = commitOfCheckout();
    return fromGit == null ? "unknown" : fromGit.substring(0, Math.min(12, fromGit.length()));
  }

  private static Properties properties() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/ai/thinkact/version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // no properties: version "dev", commit from .git
    }
    return properties;
  }

  /** HEAD of the repository above the jar or classes directory, read without running git. */
  private static String commitOfCheckout() {
    try {
      Path code = Path.of(BuildInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = code; dir != null; dir = dir.getParent()) {
        Path dotGit = dir.resolve(".git");
        if (Files.isDirectory(dotGit)) {
          return head(dotGit, dotGit);
        }
        if (Files.isRegularFile(dotGit)) { // a worktree: "gitdir: /repo/.git/worktrees/name"
          String line = Files.readString(dotGit, StandardCharsets.UTF_8).trim();
          if (!line.startsWith("gitdir:")) {
            return null;
          }
          Path gitDir = dir.resolve(line.substring("gitdir:".length()).trim()).normalize();
          Path common = Files.isRegularFile(gitDir.resolve("commondir"))
              ? gitDir.resolve(Files.readString(gitDir.resolve("commondir"), StandardCharsets.UTF_8).trim()).normalize()
              : gitDir;
          return head(gitDir, common);
        }
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      // not in a checkout, or one we cannot read: unknown
    }
    return null;
  }

  private static String head(Path gitDir, Path commonDir) throws IOException {
    String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).trim();
    if (!head.startsWith("ref:")) {
      return HASH.matcher(head).matches() ? head : null; // detached
    }
    String ref = head.substring("ref:".length()).trim();
    for (Path dir : new Path[] {gitDir, commonDir}) {
      Path loose = dir.resolve(ref);
      if (Files.isRegularFile(loose)) {
        return Files.readString(loose, StandardCharsets.UTF_8).trim();
      }
    }
    Path packed = commonDir.resolve("packed-refs");
    if (Files.isRegularFile(packed)) {
      for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
        if (line.endsWith(" " + ref)) {
          return line.substring(0, line.indexOf(' '));
        }
      }
    }
    return null;
  }
}
