package ai.thinkact.serve;

import ai.thinkact.model.TokenLogprobs;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * Log-probabilities in the two OpenAI formats. The values are {@link TokenLogprobs}: the log-softmax
 * of the logits divided by the request's temperature (1 when greedy), before top-k and top-p.
 */
final class LogprobsJson {
  private LogprobsJson() {}

  /**
   * The completions format: {@code tokens}, {@code token_logprobs}, {@code top_logprobs} (one
   * {@code {token: logprob}} object per position, or null when no top tokens were asked for) and
   * {@code text_offset} (each token's offset in the concatenated token texts).
   */
  static ObjectNode completions(ObjectMapper json, int[] ids, TokenLogprobs lp, TokenText text, boolean asIds, boolean top) {
    ObjectNode node = json.createObjectNode();
    ArrayNode tokens = node.putArray("tokens");
    ArrayNode values = node.putArray("token_logprobs");
    ArrayNode tops = node.putArray("top_logprobs");
    ArrayNode offsets = node.putArray("text_offset");
    int offset = 0;
    for (int s = 0; s < ids.length; s++) {
      String token = text.token(ids[s], asIds);
      tokens.add(token);
      values.add(lp.chosen()[s]);
      offsets.add(offset);
      offset += token.length();
      if (top) {
        ObjectNode alternatives = tops.addObject();
        for (int j = 0; j < lp.topIds()[s].length; j++) {
          alternatives.put(text.token(lp.topIds()[s][j], asIds), lp.topLogprobs()[s][j]);
        }
      } else {
        tops.addNull();
      }
    }
    return node;
  }

  /**
   * The chat format: {@code content}, one {@code {token, logprob, bytes, top_logprobs}} per
   * generated token, {@code bytes} being the token text's UTF-8.
   */
  static ObjectNode chat(ObjectMapper json, int[] ids, TokenLogprobs lp, TokenText text, boolean asIds) {
    ObjectNode node = json.createObjectNode();
    ArrayNode content = node.putArray("content");
    for (int s = 0; s < ids.length; s++) {
      ObjectNode entry = entry(content.addObject(), text.token(ids[s], asIds), lp.chosen()[s]);
      ArrayNode tops = entry.putArray("top_logprobs");
      for (int j = 0; j < lp.topIds()[s].length; j++) {
        entry(tops.addObject(), text.token(lp.topIds()[s][j], asIds), lp.topLogprobs()[s][j]);
      }
    }
    return node;
  }

  private static ObjectNode entry(ObjectNode node, String token, float logprob) {
    node.put("token", token);
    node.put("logprob", logprob);
    ArrayNode bytes = node.putArray("bytes");
    for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
      bytes.add(b & 0xff);
    }
    return node;
  }
}
