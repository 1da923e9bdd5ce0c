package ai.thinkact.chat;

import ai.thinkact.TinyQwen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import ai.thinkact.base.InvalidDataException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QwenTokenizerTest {
  private static QwenTokenizer tokenizer;

  @BeforeAll
  static void load() {
    tokenizer = TinyQwen.tokenizer();
  }

  @Test
  void looksUpQwen3SpecialTokenIds() {
    // Ids as listed under added_tokens in Qwen3's tokenizer.json.
    assertEquals(151643, tokenizer.endOfTextId());
    assertEquals(151644, tokenizer.imStartId());
    assertEquals(151645, tokenizer.imEndId());
    assertEquals(151657, tokenizer.toolCallId());
    assertEquals(151658, tokenizer.toolCallEndId());
    assertEquals(151665, tokenizer.toolResponseId());
    assertEquals(151666, tokenizer.toolResponseEndId());
    assertEquals(151667, tokenizer.thinkId());
    assertEquals(151668, tokenizer.thinkEndId());
    assertEquals(151669, tokenizer.vocabularySize());
  }

  @Test
  void specialTokensEncodeToTheirSingleIds() {
    String text = "<|im_start|>assistant\n<think>\n</think><tool_call></tool_call><|im_end|><|endoftext|>";
    long[] ids = tokenizer.encode(text);
    assertEquals(tokenizer.imStartId(), ids[0]);
    assertEquals(tokenizer.thinkId(), ids[3]);
    assertEquals(tokenizer.endOfTextId(), ids[ids.length - 1]);
    assertEquals(tokenizer.imEndId(), ids[ids.length - 2]);
  }

  @Test
  void longTextIsNeitherTruncatedNorPadded() {
    // DJL's builder defaults cut at 512 tokens and pad; load() must switch both off.
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 1500; i++) {
      text.append("token number ").append(i).append(" of a long prompt; ");
    }
    long[] ids = tokenizer.encode(text.toString());
    assertTrue(ids.length > 2000, "only " + ids.length + " ids");
    assertEquals(text.toString(), tokenizer.decode(ids));
  }

  @Test
  void shortTextIsNotPadded() {
    assertEquals(1, tokenizer.encode("Hello").length);
  }

  @Test
  void decodeKeepsOrSkipsSpecialTokens() {
    long[] ids = tokenizer.encode("<|im_start|>user\nHi<|im_end|>");
    assertEquals("<|im_start|>user\nHi<|im_end|>", tokenizer.decode(ids));
    assertEquals("user\nHi", tokenizer.decode(ids, true));
  }

  @Test
  void offsetsAreUtf16IndicesEvenAfterAstralCharacters() {
    String text = "😀 é<think>𝔘x</think> end";
    EncodedText encoded = tokenizer.encodeWithOffsets(text);
    assertArrayEquals(tokenizer.encode(text), encoded.ids());
    for (int i = 0; i < encoded.size(); i++) {
      if (encoded.ids()[i] == tokenizer.thinkId()) {
        assertEquals("<think>", text.substring(encoded.starts()[i], encoded.ends()[i]));
      }
      if (encoded.ids()[i] == tokenizer.thinkEndId()) {
        assertEquals("</think>", text.substring(encoded.starts()[i], encoded.ends()[i]));
      }
    }
    assertEquals(text.length(), encoded.ends()[encoded.size() - 1]);
  }

  @Test
  void missingSpecialTokenFailsClearly(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("tokenizer.json"),
        "{\"added_tokens\": [{\"id\": 0, \"content\": \"<|im_start|>\"}], \"model\": {\"vocab\": {\"a\": 0}}}");
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> QwenTokenizer.load(dir));
    assertTrue(e.getMessage().contains("<|im_end|>"), e.getMessage());
    assertTrue(e.getMessage().contains(dir.resolve("tokenizer.json").toString()), e.getMessage());
  }

  @Test
  void truncatedTokenizerJsonNamesTheFileAndPlace(@TempDir Path dir) throws Exception {
    String whole = Files.readString(ai.thinkact.TestPaths.qwen3Tokenizer().resolve("tokenizer.json"));
    Files.writeString(dir.resolve("tokenizer.json"), whole.substring(0, whole.length() / 3));
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> QwenTokenizer.load(dir));
    assertTrue(e.getMessage().startsWith(dir.resolve("tokenizer.json") + ": not valid JSON"), e.getMessage());
    assertTrue(e.getMessage().contains("(line "), e.getMessage());
  }
}
