package ai.thinkact.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.base.InvalidDataException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

  @TempDir Path output;

  @Test
  void eachLineIsOnDiskAsSoonAsLogged() throws IOException {
    try (MetricsLog metrics = MetricsLog.open(output, 0)) {
      Map<String, Number> values = new LinkedHashMap<>();
      values.put("loss", 2.5);
      values.put("learning_rate", 2e-4);
      values.put("num_tokens", 4096L);
      metrics.log(1, values);
      // Not closed yet: a crash now must still leave the line.
      assertEquals("{\"step\":1,\"loss\":2.5,\"learning_rate\":2.0E-4,\"num_tokens\":4096}",
          Files.readString(output.resolve(MetricsLog.FILE)).strip());
    }
  }

  @Test
  void nonFiniteValuesBecomeNull() throws IOException {
    try (MetricsLog metrics = MetricsLog.open(output, 0)) {
      metrics.log(3, Map.of("loss", Double.NaN));
    }
    ObjectNode row = MetricsLog.read(output.resolve(MetricsLog.FILE)).get(0);
    assertTrue(row.get("loss").isNull());
  }

  @Test
  void resumeDropsLinesPastTheCheckpointAndAppends() throws IOException {
    try (MetricsLog metrics = MetricsLog.open(output, 0)) {
      for (int step = 1; step <= 7; step++) {
        metrics.log(step, Map.of("loss", 10.0 - step));
      }
    }
    // A crash mid-line leaves a torn last line.
    Files.writeString(output.resolve(MetricsLog.FILE), "{\"step\":8,\"lo", StandardOpenOption.APPEND);
    try (MetricsLog metrics = MetricsLog.open(output, 5)) {
      metrics.log(6, Map.of("loss", 0.5));
    }
    List<ObjectNode> rows = MetricsLog.read(output.resolve(MetricsLog.FILE));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), rows.stream().map(r -> r.get("step").asLong()).toList());
    assertEquals(0.5, rows.get(5).get("loss").asDouble());
  }

  @Test
  void freshRunReplacesAnOldFile() throws IOException {
    Files.writeString(output.resolve(MetricsLog.FILE), "{\"step\":99}\n");
    try (MetricsLog metrics = MetricsLog.open(output, 0)) {
      metrics.log(1, Map.of());
    }
    assertEquals(1, MetricsLog.read(output.resolve(MetricsLog.FILE)).size());
  }

  @Test
  void malformedMiddleLineNamesFileAndLine() throws IOException {
    Path file = output.resolve(MetricsLog.FILE);
    Files.writeString(file, "{\"step\":1}\nnot json\n{\"step\":3}\n");
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> MetricsLog.read(file));
    assertTrue(e.getMessage().startsWith(file + ":2:"), e.getMessage());
  }
}
