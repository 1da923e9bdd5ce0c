package ai.thinkact.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.LongSupplier;

/**
 * What the two generating routes ({@code /v1/completions}, {@code /v1/chat/completions}) share:
 * the adapters, the batcher, the tokenizer, the model length and the server's seeds, and the
 * parts of an OpenAI response that do not depend on the route (header, usage, stop reason).
 */
abstract class GenerationEndpoint extends JsonEndpoint {
  protected final AdapterRegistry models;
  protected final Batcher batcher;
  protected final TokenText text;
  protected final int maxModelLen;
  private final LongSupplier seeds;

  GenerationEndpoint(ObjectMapper json, String path, String apiKey, AdapterRegistry models, Batcher batcher,
      TokenText text, int maxModelLen, LongSupplier seeds) {
    super(json, "POST", path, apiKey);
    this.models = models;
    this.batcher = batcher;
    this.text = text;
    this.maxModelLen = maxModelLen;
    this.seeds = seeds;
  }

  /** The request's seed, or the server's next one when it sends none. */
  protected long seed(SamplingRequest s) {
    return s.seed() != null ? s.seed() : seeds.getAsLong();
  }

  /** A response object with id, object, created and model (the base model's name when the request names none). */
  protected ObjectNode response(String id, String object, String requestedModel) {
    ObjectNode response = json.createObjectNode();
    response.put("id", id);
    response.put("object", object);
    response.put("created", System.currentTimeMillis() / 1000);
    response.put("model", requestedModel == null ? models.baseName() : requestedModel);
    return response;
  }

  static void putUsage(ObjectNode response, int promptTokens, int completionTokens) {
    ObjectNode usage = response.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
  }

  static void putStopReason(ObjectNode choice, Object stopReason) {
    if (stopReason instanceof Integer id) {
      choice.put("stop_reason", id);
    } else if (stopReason instanceof String stop) {
      choice.put("stop_reason", stop);
    } else {
      choice.putNull("stop_reason");
    }
  }

  ArrayNode idArray(int[] ids) {
    ArrayNode array = json.createArrayNode();
    for (int id : ids) {
      array.add(id);
    }
    return array;
  }
}
