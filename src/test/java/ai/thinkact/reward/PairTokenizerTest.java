package ai.thinkact.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pair layout and truncation against the HF tokenizers library itself: the fixture is a tiny
 * word-level tokenizer with XLM-R's special ids and a {@code RobertaProcessing} post-processor,
 * so the library's own pair encoding (with its own {@code longest_first} truncation, below the
 * 512 clamp) is the reference.
 */
class PairTokenizerTest {

  private static final String[] WORDS = {
    "hello", "world", "big", "cat", "the", "a", "dog", "runs", "fast", "what", "is", "capital", "of", "france", "paris"
  };

  private static Path fixture() throws URISyntaxException {
    return Path.of(PairTokenizerTest.class.getResource("tiny-tokenizer/tokenizer.json").toURI());
  }

  /** {@code n} words cycling through the vocabulary, starting at {@code offset}. */
  private static String words(int n, int offset) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      text.append(i == 0 ? "" : " ").append(WORDS[(i + offset) % WORDS.length]);
    }
    return text.toString();
  }

  @Test
  void pairLayoutIsBosQueryEosEosPassageEos() throws Exception {
    try (PairTokenizer pairs = PairTokenizer.load(fixture(), 512)) {
      // Fixture ids: <s>=0 <pad>=1 </s>=2 <unk>=3, then the words from 4 in order.
      assertArrayEquals(new long[] {0, 13, 14, 15, 16, 17, 2, 2, 18, 2}, pairs.encode("What is capital of France", "Paris"));
      assertArrayEquals(new long[] {0, 2, 2, 4, 3, 2}, pairs.encode("", "hello zebra"));
    }
  }

  @Test
  void matchesTheLibrarysOwnPairEncoding() throws Exception {
    try (PairTokenizer pairs = PairTokenizer.load(fixture(), 512);
        HuggingFaceTokenizer reference = HuggingFaceTokenizer.newInstance(fixture(), Map.of("truncation", "false"))) {
      String query = "the big dog runs fast";
      String passage = "hello world a cat is what";
      assertArrayEquals(reference.encode(query, passage).getIds(), pairs.encode(query, passage));
    }
  }

  @Test
  void truncatesLongestFirstLikeTheLibrary() throws Exception {
    int[][] cases = { // query words, passage words, max length with the 4 special tokens
      {3, 30, 20}, {30, 3, 20}, {12, 12, 20}, {13, 12, 21}, {12, 13, 21}, {40, 25, 21}, {2, 2, 20}, {16, 0, 10}, {9, 9, 20}
    };
    for (int[] c : cases) {
      String query = words(c[0], 0);
      String passage = words(c[1], 5);
      try (PairTokenizer pairs = PairTokenizer.load(fixture(), c[2]);
          HuggingFaceTokenizer reference = HuggingFaceTokenizer.newInstance(
              fixture(), Map.of("truncation", "true", "maxLength", Integer.toString(c[2])))) {
        long[] want = reference.encode(query, passage).getIds();
        long[] got = pairs.encode(query, passage);
        assertArrayEquals(want, got, "query " + c[0] + ", passage " + c[1] + ", max " + c[2]);
      }
    }
  }

  @Test
  void longPairsAreNotClampedAt512() throws Exception {
    try (PairTokenizer pairs = PairTokenizer.load(fixture(), 2000)) {
      assertEquals(7 + 900 + 4, pairs.encode(words(7, 0), words(900, 3)).length);
    }
    try (PairTokenizer pairs = PairTokenizer.load(fixture(), 700)) {
      long[] ids = pairs.encode(words(7, 0), words(900, 3));
      assertEquals(700, ids.length);
      assertEquals(2, ids[ids.length - 1]);
    }
  }

  @Test
  void longestFirstArithmetic() {
    assertArrayEquals(new int[] {3, 13}, PairTokenizer.truncatedLengths(3, 30, 16));
    assertArrayEquals(new int[] {8, 8}, PairTokenizer.truncatedLengths(12, 12, 16));
    assertArrayEquals(new int[] {9, 8}, PairTokenizer.truncatedLengths(20, 10, 17));
    assertArrayEquals(new int[] {5, 7}, PairTokenizer.truncatedLengths(5, 7, 16));
  }
}
