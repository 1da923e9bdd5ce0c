package ai.thinkact.data;

import ai.thinkact.base.InvalidDataException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTableTest {
  @Test
  void quotedFieldsHoldCommasQuotesAndLineBreaks() {
    String csv = "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n2,\"line1\nline2\",\n";
    List<List<String>> rows = CsvTable.parse(csv, Path.of("t.csv"));
    assertEquals(List.of(List.of("a", "b", "c"), List.of("1", "x, y", "say \"hi\""), List.of("2", "line1\nline2", "")), rows);
  }

  @Test
  void lastRowWithoutNewlineAndBlankLinesAreHandled() {
    assertEquals(List.of(List.of("a"), List.of("b")), CsvTable.parse("a\n\nb", Path.of("t.csv")));
  }

  @Test
  void unclosedQuoteIsInvalidData() {
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> CsvTable.parse("a,b\n1,\"open\n2,3\n", Path.of("t.csv")));
    assertTrue(e.getMessage().startsWith("t.csv:line 2: quoted CSV field is never closed"), e.getMessage());
  }
}
