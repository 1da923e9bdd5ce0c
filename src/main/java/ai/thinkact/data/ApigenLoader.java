package ai.thinkact.data;

import ai.thinkact.base.InvalidDataException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import ai.thinkact.config.JsonFields;
import ai.thinkact.io.Utf8Text;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads APIGen-MT-5k ({@code apigen-mt_5k.json}, a JSON array) or the same records as JSONL
 * (one per line), and Almita already converted to that format. A file whose first non-blank
 * character is {@code [} is an array; anything else is JSONL.
 *
 * <p>Record N is the N-th record (1-based); in JSONL blank lines are not records. A bad record
 * throws {@code file:record N: what is wrong}, or is skipped and reported with
 * {@code skipInvalid}. Broken JSON inside an array cannot be skipped (the array ends there).
 */
public final class ApigenLoader {
  private ApigenLoader() {}

  public static LoadResult load(Path file, String source, boolean skipInvalid) throws IOException {
    List<Conversation> conversations = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    if (startsWithArray(file)) {
      try (JsonParser parser = Json.MAPPER.createParser(file.toFile())) {
        parser.nextToken(); // START_ARRAY
        int record = 0;
        while (true) {
          record++;
          JsonNode node;
          try {
            if (parser.nextToken() == JsonToken.END_ARRAY) {
              break;
            }
            node = Json.MAPPER.readTree(parser);
          } catch (JsonProcessingException e) {
            throw new InvalidDataException(
                file + ":record " + record + ": bad JSON: " + JsonFields.problem(e), e);
          }
          add(file, source, record, node, skipInvalid, conversations, skipped);
        }
      }
    } else {
      try (Utf8Text reader = Utf8Text.open(file)) {
        int record = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (line.isBlank()) {
            continue;
          }
          record++;
          JsonNode node;
          try {
            node = Json.MAPPER.readTree(line);
          } catch (JsonProcessingException e) {
            String why = file + ":record " + record + ": bad JSON: " + JsonFields.problem(e, false);
            if (!skipInvalid) {
              throw new InvalidDataException(why, e);
            }
            skipped.add(why);
            continue;
          }
          add(file, source, record, node, skipInvalid, conversations, skipped);
        }
      }
    }
    return new LoadResult(conversations, skipped);
  }

  /** The conversation id of record N (1-based): {@code <source>-<N, 5 digits>}. */
  public static String conversationId(String source, int record) {
    return String.format("%s-%05d", source, record);
  }

  private static void add(
      Path file,
      String source,
      int record,
      JsonNode node,
      boolean skipInvalid,
      List<Conversation> conversations,
      List<String> skipped) {
    try {
      conversations.add(ApigenFormat.parseRecord(node, conversationId(source, record), source));
    } catch (IllegalArgumentException e) {
      String why = file + ":record " + record + ": " + e.getMessage();
      if (!skipInvalid) {
        throw new InvalidDataException(why, e);
      }
      skipped.add(why);
    }
  }

  /** Whether the first byte after a byte-order mark and JSON whitespace (all ASCII) is '['. */
  private static boolean startsWithArray(Path file) throws IOException {
    Utf8Text.requireFile(file);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      int b = in.read();
      if (b == 0xEF && in.read() == 0xBB && in.read() == 0xBF) {
        b = in.read();
      }
      while (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
        b = in.read();
      }
      return b == '[';
    }
  }
}
