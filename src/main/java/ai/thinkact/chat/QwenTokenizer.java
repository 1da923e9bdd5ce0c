package ai.thinkact.chat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.thinkact.config.JsonFields;
import ai.thinkact.base.InvalidDataException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The Qwen3 byte-level BPE tokenizer, read from a Hugging Face {@code tokenizer.json} through DJL.
 *
 * <p>DJL's defaults would silently cut every text to 512 tokens and pad it, so truncation and
 * padding are switched off explicitly; special tokens are never added (the chat format writes
 * {@code <|im_start|>} and friends itself). The special-token ids the chat format and generation
 * need are looked up once here, and loading fails if one is missing.
 */
public final class QwenTokenizer implements AutoCloseable {
  public static final String IM_START = "<|im_start|>";
  public static final String IM_END = "<|im_end|>";
  public static final String END_OF_TEXT = "<|endoftext|>";
  public static final String THINK = "<think>";
  public static final String THINK_END = "</think>";
  public static final String TOOL_CALL = "<tool_call>";
  public static final String TOOL_CALL_END = "</tool_call>";
  public static final String TOOL_RESPONSE = "<tool_response>";
  public static final String TOOL_RESPONSE_END = "</tool_response>";

  private static final String[] REQUIRED = {
    IM_START, IM_END, END_OF_TEXT, THINK, THINK_END, TOOL_CALL, TOOL_CALL_END, TOOL_RESPONSE, TOOL_RESPONSE_END
  };

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HuggingFaceTokenizer tokenizer;
  private final Map<String, Long> specialIds;
  private final int vocabularySize;

  private QwenTokenizer(HuggingFaceTokenizer tokenizer, Map<String, Long> specialIds, int vocabularySize) {
    this.tokenizer = tokenizer;
    this.specialIds = specialIds;
    this.vocabularySize = vocabularySize;
  }

  /**
   * Loads {@code dir/tokenizer.json} (and {@code dir/tokenizer_config.json} when present).
   *
   * @throws IOException when the files cannot be read
   * @throws InvalidDataException naming the file when it is not valid JSON (a truncated download),
   *     lacks one of the Qwen3 special tokens, or the tokenizers library refuses it
   */
  public static QwenTokenizer load(Path dir) throws IOException {
    Path json = dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(json)) {
      throw new InvalidDataException("no tokenizer.json in " + dir);
    }
    Map<String, Long> added = new HashMap<>();
    long vocabEntries;
    try {
      vocabEntries = readAddedTokens(json, added);
    } catch (JsonProcessingException e) {
      throw new InvalidDataException(json + ": not valid JSON (a truncated download?): " + JsonFields.problem(e), e);
    }
    long maxId = vocabEntries - 1;
    for (long id : added.values()) {
      maxId = Math.max(maxId, id);
    }
    Map<String, Long> specialIds = new HashMap<>();
    for (String name : REQUIRED) {
      Long id = added.get(name);
      if (id == null) {
        throw new InvalidDataException(json + " has no added token " + name + "; it is not a Qwen3 tokenizer");
      }
      specialIds.put(name, id);
    }
    HuggingFaceTokenizer tokenizer;
    try {
      tokenizer = HuggingFaceTokenizer.builder()
          .optTokenizerPath(dir)
          .optAddSpecialTokens(false)
          .optTruncation(false)
          .optPadding(false)
          .build();
    } catch (RuntimeException e) {
      // The Rust library's errors (an unknown model type, a broken merges list) come as RuntimeException.
      throw new InvalidDataException(json + ": the tokenizers library cannot load it: " + e.getMessage(), e);
    }
    return new QwenTokenizer(tokenizer, Map.copyOf(specialIds), Math.toIntExact(maxId + 1));
  }

  /**
   * Streams {@code tokenizer.json} (about 11 MB for Qwen3; a full tree parse takes seconds) for its
   * {@code added_tokens} (content to id, into {@code added}) and returns the size of {@code model.vocab}.
   */
  private static long readAddedTokens(Path json, Map<String, Long> added) throws IOException {
    long vocabEntries = 0;
    try (JsonParser parser = new JsonFactory().createParser(json.toFile())) {
      expect(parser.nextToken(), JsonToken.START_OBJECT, json);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.getCurrentName();
        JsonToken value = parser.nextToken();
        if (field.equals("added_tokens") && value == JsonToken.START_ARRAY) {
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            JsonNode token = MAPPER.readTree(parser);
            added.put(token.path("content").asText(), token.path("id").asLong());
          }
        } else if (field.equals("model") && value == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String modelField = parser.getCurrentName();
            JsonToken modelValue = parser.nextToken();
            if (modelField.equals("vocab") && modelValue == JsonToken.START_OBJECT) {
              while (parser.nextToken() == JsonToken.FIELD_NAME) {
                parser.nextToken();
                parser.skipChildren();
                vocabEntries++;
              }
            } else {
              parser.skipChildren();
            }
          }
        } else {
          parser.skipChildren();
        }
      }
    }
    return vocabEntries;
  }

  private static void expect(JsonToken found, JsonToken expected, Path json) {
    if (found != expected) {
      throw new InvalidDataException(json + ": not a JSON object (starts with " + found + ")");
    }
  }

  /** The token ids of {@code text}, with no special tokens added and no length limit. */
  public long[] encode(String text) {
    return tokenizer.encode(text, false, false).getIds();
  }

  /**
   * The token ids of {@code text} with each token's UTF-16 span in {@code text}, for masks that
   * must follow character positions of one tokenisation of the whole text.
   */
  public EncodedText encodeWithOffsets(String text) {
    Encoding encoding = tokenizer.encode(text, false, false);
    long[] ids = encoding.getIds();
    CharSpan[] spans = encoding.getCharTokenSpans();
    // The Rust tokenizer reports offsets in Unicode code points; Java strings index UTF-16 units.
    int[] utf16At = codePointToUtf16(text);
    int[] starts = new int[ids.length];
    int[] ends = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      starts[i] = utf16At[spans[i].getStart()];
      ends[i] = utf16At[spans[i].getEnd()];
    }
    return new EncodedText(ids, starts, ends);
  }

  private static int[] codePointToUtf16(String text) {
    int[] index = new int[text.codePointCount(0, text.length()) + 1];
    int utf16 = 0;
    for (int cp = 0; cp < index.length - 1; cp++) {
      index[cp] = utf16;
      utf16 += Character.charCount(text.codePointAt(utf16));
    }
    index[index.length - 1] = utf16;
    return index;
  }

  /** Decodes ids to text, special tokens included. */
  public String decode(long[] ids) {
    return decode(ids, false);
  }

  /**
   * Decodes ids to text; with {@code skipSpecialTokens} the tokens marked special in
   * tokenizer.json ({@code <|im_start|>}, {@code <|im_end|>}, {@code <|endoftext|>}, ...) are
   * dropped, while {@code <think>} and {@code <tool_call>} (not marked special) are kept.
   */
  public String decode(long[] ids, boolean skipSpecialTokens) {
    return tokenizer.decode(ids, skipSpecialTokens);
  }

  /** Id of {@code <|im_start|>}. */
  public long imStartId() {
    return specialIds.get(IM_START);
  }

  /** Id of {@code <|im_end|>}, the end of every chat turn: a generation stop id. */
  public long imEndId() {
    return specialIds.get(IM_END);
  }

  /** Id of {@code <|endoftext|>}: a generation stop id, and the pad token. */
  public long endOfTextId() {
    return specialIds.get(END_OF_TEXT);
  }

  public long thinkId() {
    return specialIds.get(THINK);
  }

  public long thinkEndId() {
    return specialIds.get(THINK_END);
  }

  public long toolCallId() {
    return specialIds.get(TOOL_CALL);
  }

  public long toolCallEndId() {
    return specialIds.get(TOOL_CALL_END);
  }

  public long toolResponseId() {
    return specialIds.get(TOOL_RESPONSE);
  }

  public long toolResponseEndId() {
    return specialIds.get(TOOL_RESPONSE_END);
  }

  /**
   * Number of ids the tokenizer can produce (largest id + 1; 151669 for Qwen3). The model's
   * embedding may have more rows (151936 for Qwen3) than this.
   */
  public int vocabularySize() {
    return vocabularySize;
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  /** Wraps an {@link IOException} from {@link #load} for callers that cannot throw it. */
  public static QwenTokenizer loadUnchecked(Path dir) {
    try {
      return load(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
