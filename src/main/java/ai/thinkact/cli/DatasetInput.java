package ai.thinkact.cli;

import ai.thinkact.data.DataFormat;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code --format} and {@code --input} of the commands that read a dataset ({@code data prepare}, {@code data text}). */
public final class DatasetInput {

  @Option(names = "--format", required = true, paramLabel = "FORMAT", converter = FormatConverter.class,
      description = "Input format: apigen-mt (JSON array or JSONL), almita (CSV), samples (sample JSONL; data prepare only).")
  DataFormat format;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "The dataset file.")
  Path input;

  /** Checks the file before anything is read. */
  void check() {
    InputPaths.requireFile("--input", input);
  }

  /** Format names as users write them ({@code apigen-mt}), not enum constants. */
  static final class FormatConverter implements ITypeConverter<DataFormat> {
    @Override
    public DataFormat convert(String value) {
      return DataFormat.fromCliName(value);
    }
  }
}
