package ai.thinkact.chat;

import java.util.Objects;

/**
 * Token ids of a text with each token's character span in that text.
 *
 * @param ids the token ids
 * @param starts per token, the UTF-16 index in the text where it starts (as {@link String#charAt})
 * @param ends per token, the UTF-16 index just past its end; a byte-level token that holds only
 *     part of a character spans that whole character, so neighbouring spans may then overlap
 */
public record EncodedText(long[] ids, int[] starts, int[] ends) {
  public EncodedText {
    Objects.requireNonNull(ids, "ids");
    if (starts.length != ids.length || ends.length != ids.length) {
      throw new IllegalArgumentException(
          "ids, starts and ends differ in length: " + ids.length + ", " + starts.length + ", " + ends.length);
    }
  }

  /** Number of tokens. */
  public int size() {
    return ids.length;
  }
}
