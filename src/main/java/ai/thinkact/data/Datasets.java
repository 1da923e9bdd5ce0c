package ai.thinkact.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loads any input format as per-turn samples grouped by conversation (what {@code prepare} splits). */
public final class Datasets {
  private Datasets() {}

  /**
   * @param conversations each conversation's samples in order (a conversation may have none)
   * @param skipped the records skipped under {@code --skip-invalid}, one line each
   */
  public record Loaded(List<List<Sample>> conversations, List<String> skipped) {
    public Loaded {
      conversations = List.copyOf(conversations);
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * @param source the sample source name; {@code null} uses the format's name
   * @param columns the Almita {@code --columns} mapping, or {@code null}
   * @param thinkTool what happens to calls of the {@code think} pseudo-tool (sample files are taken as they are)
   */
  public static Loaded load(DataFormat format, Path file, String source, String columns, boolean skipInvalid,
      ThinkTool thinkTool) throws IOException {
    if (format == DataFormat.SAMPLES) {
      Map<String, List<Sample>> groups = new LinkedHashMap<>();
      for (Sample sample : SampleJsonl.read(file)) {
        groups.computeIfAbsent(sample.conversationId(), k -> new ArrayList<>()).add(sample);
      }
      return new Loaded(new ArrayList<>(groups.values()), List.of());
    }
    LoadResult result = conversations(format, file, source, columns, skipInvalid);
    List<List<Sample>> conversations = new ArrayList<>();
    for (Conversation conversation : result.conversations()) {
      conversations.add(Decomposer.decompose(thinkTool.apply(conversation)));
    }
    return new Loaded(conversations, result.skipped());
  }

  /** The whole conversations of an APIGen-MT or Almita file (not of a sample file, which holds only samples). */
  public static LoadResult conversations(DataFormat format, Path file, String source, String columns, boolean skipInvalid)
      throws IOException {
    if (format == DataFormat.SAMPLES) {
      throw new IllegalArgumentException("a sample file holds samples, not whole conversations");
    }
    return format == DataFormat.ALMITA
        ? AlmitaLoader.load(file, columns, skipInvalid, source == null ? format.cliName() : source)
        : ApigenLoader.load(file, source == null ? format.cliName() : source, skipInvalid);
  }
}
