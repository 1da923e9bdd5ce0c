package ai.thinkact.cli;

import ai.thinkact.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.TestPaths;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command with an {@code --out} refuses an output that exists and is not empty (exit 2,
 * naming {@code --out} and {@code --overwrite}) and leaves it exactly as it was; with
 * {@code --overwrite} it writes.
 */
class OutputProtectionTest {

  @TempDir Path tmp;

  static Stream<Arguments> commands() {
    return Stream.of(
        Arguments.of("data synth", List.of("data", "synth", "--conversations", "2"), "{tmp}/conversations.json"),
        Arguments.of("data text", List.of("data", "text", "--format", "apigen-mt", "--input", "{data}/apigen_small.jsonl"),
            "{tmp}/text.jsonl"),
        Arguments.of("data prepare", List.of("data", "prepare", "--format", "apigen-mt", "--input", "{data}/apigen_small.jsonl"),
            "{tmp}/prepared"),
        Arguments.of("eval", List.of("eval", "--predictions", "{eval}/predictions-fixture.jsonl"), "{tmp}/eval"),
        Arguments.of("export merge", List.of("export", "merge", "--model", "{golden}/model", "--adapter", "{golden}/adapter"),
            "{tmp}/merged"),
        Arguments.of("model init", List.of("model", "init", "--preset", "tiny", "--tokenizer", "{tokenizer}"), "{tmp}/model"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void refusesANonEmptyOutputUnlessOverwrite(String name, List<String> args, String outTemplate) throws IOException {
    Path out = Path.of(resolve(outTemplate));
    List<String> line = new ArrayList<>();
    args.forEach(a -> line.add(resolve(a)));
    line.addAll(List.of("--out", out.toString()));

    CliRun first = CliRun.run(line.toArray(String[]::new));
    assertEquals(0, first.code(), first.err());
    Map<String, String> written = snapshot(out);

    CliRun again = CliRun.run(line.toArray(String[]::new));
    assertEquals(Main.EXIT_USAGE, again.code(), again.err());
    assertTrue(again.err().startsWith("error: --out " + out + " already exists and is not empty"), again.err());
    assertTrue(again.err().contains("--overwrite"), again.err());
    assertEquals(written, snapshot(out), "left as it was");

    line.add("--overwrite");
    CliRun overwrite = CliRun.run(line.toArray(String[]::new));
    assertEquals(0, overwrite.code(), overwrite.err());
  }

  @org.junit.jupiter.api.Test
  void anEmptyFileOrDirectoryIsNotRefused() throws IOException {
    Files.createDirectories(tmp.resolve("empty-dir"));
    Files.createFile(tmp.resolve("empty.json"));
    assertEquals(0, CliRun.run("data", "synth", "--conversations", "1", "--out", tmp.resolve("empty.json").toString()).code());
    assertEquals(0, CliRun.run("eval", "--predictions", resolve("{eval}/predictions-fixture.jsonl"),
        "--out", tmp.resolve("empty-dir").toString()).code());
  }

  /** File name to content hash (and size) of a file or of each file in a directory. */
  private static Map<String, String> snapshot(Path out) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(out)) {
      for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
        byte[] bytes = Files.readAllBytes(p);
        files.put(out.relativize(p).toString(), bytes.length + ":" + java.util.Arrays.hashCode(bytes)
            + ":" + Files.getLastModifiedTime(p));
      }
    }
    return files;
  }

  private String resolve(String arg) {
    return arg.replace("{tmp}", tmp.toString())
        .replace("{data}", resource("/data"))
        .replace("{eval}", resource("/eval"))
        .replace("{golden}", TestPaths.golden("qwen3_tied").toString())
        .replace("{tokenizer}", arg.contains("{tokenizer}") ? TestPaths.qwen3Tokenizer().toString() : "");
  }

  private static String resource(String name) {
    try {
      return Path.of(OutputProtectionTest.class.getResource(name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
