package ai.thinkact.data;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Input formats of {@code thinkact data prepare --format}. */
public enum DataFormat {
  /** APIGen-MT-5k records (JSON array or JSONL), also Almita converted to that format. */
  APIGEN_MT("apigen-mt"),
  /** The Almita CSV, mapped through {@code --columns}. */
  ALMITA("almita"),
  /** Per-turn sample JSONL as this package writes it (to re-split or subsample). */
  SAMPLES("samples");

  private final String cliName;

  DataFormat(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  @Override
  public String toString() {
    return cliName;
  }

  /** Parses a CLI name ({@code apigen-mt}, {@code almita}, {@code samples}). */
  public static DataFormat fromCliName(String name) {
    for (DataFormat format : values()) {
      if (format.cliName.equalsIgnoreCase(name)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown format '" + name + "' (expected "
            + Arrays.stream(values()).map(DataFormat::cliName).collect(Collectors.joining(", ")) + ")");
  }
}
