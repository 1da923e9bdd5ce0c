package ai.thinkact.data;

import ai.thinkact.base.InvalidDataException;
import ai.thinkact.io.Utf8Text;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file read per RFC 4180: comma-separated fields, fields in double quotes may hold commas,
 * line breaks and doubled quotes ({@code ""}); CRLF or LF line ends; a UTF-8 byte-order mark is
 * dropped. Small enough to own rather than add a CSV dependency for one loader.
 *
 * @param header the first row
 * @param rows the data rows (header excluded); row i is record i + 1
 */
public record CsvTable(List<String> header, List<List<String>> rows) {
  public CsvTable {
    header = List.copyOf(header);
    rows = List.copyOf(rows);
  }

  public static CsvTable read(Path file) throws IOException {
    String text = Utf8Text.readString(file); // byte-order mark dropped; a non-UTF-8 byte names its line
    List<List<String>> all = parse(text, file);
    if (all.isEmpty()) {
      throw new InvalidDataException(file + ": empty CSV file (no header row)");
    }
    return new CsvTable(all.get(0), all.subList(1, all.size()));
  }

  /** Parses CSV text into rows; a quote left open at the end is an error naming {@code file}. */
  static List<List<String>> parse(String text, Path file) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean rowHasContent = false;
    int line = 1;
    int quoteLine = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
        continue;
      }
      switch (c) {
        case '"' -> {
          quoted = true;
          quoteLine = line;
          rowHasContent = true;
        }
        case ',' -> {
          row.add(field.toString());
          field.setLength(0);
          rowHasContent = true;
        }
        case '\r' -> {
          // CRLF: the '\n' ends the row; a lone CR is dropped
        }
        case '\n' -> {
          line++;
          if (rowHasContent || field.length() > 0) {
            row.add(field.toString());
            rows.add(row);
          }
          row = new ArrayList<>();
          field.setLength(0);
          rowHasContent = false;
        }
        default -> {
          field.append(c);
          rowHasContent = true;
        }
      }
    }
    if (quoted) {
      throw new InvalidDataException(file + ":line " + quoteLine + ": quoted CSV field is never closed");
    }
    if (rowHasContent || field.length() > 0) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }
}
