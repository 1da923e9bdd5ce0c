package ai.thinkact.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --reranker DIR} of the commands that score answers ({@code eval}, {@code reward}): see {@link Reranker}. */
public final class RerankerOption {

  @Option(names = "--reranker", paramLabel = "DIR", description = "BGE cross-encoder for answer similarity (default: lexical F1 fallback).")
  Path dir;

  /** Checks the directory before anything is loaded; none given passes. */
  void check() {
    InputPaths.requireDirectory("--reranker", dir);
  }

  /** The cross-encoder in the directory, or the lexical F1 fallback without one. */
  Reranker open() {
    return Reranker.open(dir);
  }
}
