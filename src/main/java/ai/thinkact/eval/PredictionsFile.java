package ai.thinkact.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;

/** Completions that already exist: lines {@code {"target":{...},"completion":"..."}} of a JSONL file. */
public final class PredictionsFile implements CompletionSource {
  private final List<Prediction> records;

  /** Reads the whole file now, so a bad line fails before anything else starts. */
  public PredictionsFile(Path file) throws IOException {
    this.records = Prediction.readJsonl(file);
  }

  @Override
  public List<Prediction> completions(IntConsumer progress) {
    progress.accept(records.size());
    return records;
  }

  @Override
  public int size() {
    return records.size();
  }
}
