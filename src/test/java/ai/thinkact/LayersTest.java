package ai.thinkact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each package imports only packages of a lower layer (docs/architecture.md): a newcomer can read
 * the code bottom-up, and a stage never reaches into another stage or into the command line.
 */
class LayersTest {

  /** Layer of each package; a package may use those of strictly lower layers. */
  static final Map<String, Integer> LAYER = Map.ofEntries(
      Map.entry("cli", 7),
      Map.entry("sft", 6), Map.entry("grpo", 6), Map.entry("pretrain", 6), Map.entry("eval", 6),
      Map.entry("serve", 6),
      Map.entry("training", 5), Map.entry("reward", 5),
      Map.entry("data", 4), Map.entry("lora", 4),
      Map.entry("model", 3), Map.entry("chat", 3),
      Map.entry("config", 2),
      Map.entry("io", 1),
      Map.entry("base", 0));

  private static final Pattern REFERENCE = Pattern.compile("ai\\.thinkact\\.(\\w+)\\.[A-Z]");

  @Test
  void everyPackageImportsOnlyLowerLayers() throws IOException {
    Path root = Path.of("src/main/java/ai/thinkact");
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String own = root.relativize(file).getName(0).toString();
        Integer ownLayer = LAYER.get(own);
        if (ownLayer == null) {
          violations.add(own + ": a package with no layer; add it to docs/architecture.md and this test");
          continue;
        }
        Matcher m = REFERENCE.matcher(Files.readString(file));
        TreeSet<String> used = new TreeSet<>();
        while (m.find()) {
          used.add(m.group(1));
        }
        for (String other : used) {
          if (!other.equals(own) && LAYER.getOrDefault(other, 99) >= ownLayer) {
            violations.add(root.relativize(file) + " uses " + other);
          }
        }
      }
    }
    assertEquals(List.of(), violations);
  }
}
