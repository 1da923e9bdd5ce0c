package ai.thinkact;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where tests find the shared golden cases and the fetched Qwen3 tokenizer. */
public final class TestPaths {
  private TestPaths() {}

  /** {@code ../shared} beside the checkout (surefire passes it as {@code thinkact.shared}). */
  public static Path shared() {
    Path shared = Path.of(System.getProperty("thinkact.shared", "../shared")).toAbsolutePath().normalize();
    if (!Files.isDirectory(shared.resolve("golden"))) {
      throw new IllegalStateException("golden cases not found at " + shared + "/golden");
    }
    return shared;
  }

  /** {@code ../shared/golden/<name>}. */
  public static Path golden(String name) {
    return shared().resolve("golden").resolve(name);
  }

  /** The real Qwen3 tokenizer directory fetched by {@code scripts/fetch-tokenizer.sh}. */
  public static Path qwen3Tokenizer() {
    Path dir = Path.of("data/tokenizer/qwen3").toAbsolutePath();
    if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) {
      throw new IllegalStateException(
          "Qwen3 tokenizer missing at " + dir + ": run scripts/fetch-tokenizer.sh (scripts/test.sh does)");
    }
    return dir;
  }

  /** Skips the calling test when the Python Jinja2 reference renderer is not installed. */
  public static void assumePythonJinja2() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 missing");
  }
}
