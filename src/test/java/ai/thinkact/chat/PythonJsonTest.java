package ai.thinkact.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Each line is Python's json.dumps(x, ensure_ascii=False) (python_json_fixtures.py). */
  @Test
  void reproducesPythonDumpsForEveryFixtureLine() throws Exception {
    List<String> lines =
        Files.readAllLines(Path.of("src/test/resources/chat/python_json_dumps.jsonl"), StandardCharsets.UTF_8);
    assertEquals(633, lines.size(), "fixture lines (a line split on a stray separator?)");
    for (String line : lines) {
      JsonNode node = MAPPER.readTree(line);
      assertEquals(line, PythonJson.dumps(node), "for " + line);
    }
  }

  // Expected values are Python 3's repr(float(text)).
  @ParameterizedTest
  @CsvSource({
    "41.5, 41.5", "1e-5, 1e-05", "1E16, 1e+16", "1e15, 1000000000000000.0", "0.1, 0.1", "100, 100.0",
    "-0.0, -0.0", "0.0001, 0.0001", "0.00001234, 1.234e-05", "2e-323, 2e-323", "1e23, 1e+23",
    "5e-324, 5e-324", "123.456, 123.456", "-2.5, -2.5", "9007199254740993, 9007199254740992.0"
  })
  void floatsPrintAsPythonRepr(String text, String python) {
    assertEquals(python, PythonJson.floatRepr(Double.parseDouble(text)));
  }

  @Test
  void nonFiniteFloatsPrintAsPythonJson() {
    assertEquals("NaN", PythonJson.floatRepr(Double.NaN));
    assertEquals("Infinity", PythonJson.floatRepr(Double.POSITIVE_INFINITY));
    assertEquals("-Infinity", PythonJson.floatRepr(Double.NEGATIVE_INFINITY));
  }

  @Test
  void keepsInsertionOrderAndNumberKinds() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("z", 1);
    node.put("a", new BigDecimal("41.50"));
    node.put("m", 0.1f);
    node.put("big", new java.math.BigInteger("123456789012345678901234567890"));
    node.putArray("l").add("ü").addNull().add(true);
    assertEquals(
        "{\"z\": 1, \"a\": 41.5, \"m\": 0.1, \"big\": 123456789012345678901234567890, \"l\": [\"ü\", null, true]}",
        PythonJson.dumps(node));
  }

  @Test
  void escapesLikePython() {
    StringBuilder out = new StringBuilder();
    PythonJson.quote("a\"b\\c\n\r\t\b\f\u0001\u001f\u007f<>&'é😀", out);
    assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\u007f<>&'é😀\"", out.toString());
  }
}
