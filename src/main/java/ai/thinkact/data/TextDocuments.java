package ai.thinkact.data;

import ai.thinkact.base.InvalidDataException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import ai.thinkact.config.JsonFields;
import ai.thinkact.io.Utf8Text;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain-text documents for language-model pretraining, one JSON object per line with a
 * {@code "text"} string (the layout of Hugging Face text datasets and TRL's
 * {@code dataset_text_field}); other fields are ignored.
 */
public final class TextDocuments {
  /** The field that holds a document's text. */
  public static final String TEXT_FIELD = "text";

  private TextDocuments() {}

  /** Every document in file order; a bad line throws {@code file:line N: what is wrong}. */
  public static List<String> read(Path file) throws IOException {
    List<String> documents = new ArrayList<>();
    try (Utf8Text reader = Utf8Text.open(file)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        long lineNumber = reader.lineNumber();
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
          throw new InvalidDataException(file + ":line " + lineNumber + ": bad JSON: " + JsonFields.problem(e, false), e);
        }
        JsonNode text = node.isObject() ? node.get(TEXT_FIELD) : null;
        if (text == null || !text.isTextual()) {
          throw new InvalidDataException(file + ":line " + lineNumber + ": field \"" + TEXT_FIELD
              + "\" must be a string" + (text == null ? " (missing)" : ", got " + text.getNodeType().name().toLowerCase()));
        }
        if (!text.asText().isBlank()) {
          documents.add(text.asText());
        }
      }
    }
    return documents;
  }
}
