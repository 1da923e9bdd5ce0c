package ai.thinkact.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * Which models are served: {@code GET /v1/models}, and vLLM's runtime adapter routes
 * {@code POST /v1/load_lora_adapter {"lora_name", "lora_path"}} and
 * {@code POST /v1/unload_lora_adapter {"lora_name"}} (answered in plain text, as vLLM does).
 */
final class ModelEndpoints {
  private ModelEndpoints() {}

  static JsonEndpoint list(ObjectMapper json, String apiKey, AdapterRegistry models, int maxModelLen) {
    long created = System.currentTimeMillis() / 1000;
    return new JsonEndpoint(json, "GET", "/v1/models", apiKey) {
      @Override
      protected Object respond(JsonNode body) {
        ObjectNode response = json.createObjectNode();
        response.put("object", "list");
        ArrayNode data = response.putArray("data");
        for (AdapterRegistry.ServedModel m : models.models()) {
          ObjectNode model = data.addObject();
          model.put("id", m.name());
          model.put("object", "model");
          model.put("created", created);
          model.put("owned_by", "thinkact");
          model.put("root", m.root());
          if (m.parent() == null) {
            model.putNull("parent");
          } else {
            model.put("parent", m.parent());
          }
          model.put("max_model_len", maxModelLen);
        }
        return response;
      }
    };
  }

  static JsonEndpoint load(ObjectMapper json, String apiKey, AdapterRegistry models) {
    return new JsonEndpoint(json, "POST", "/v1/load_lora_adapter", apiKey) {
      @Override
      protected Object respond(JsonNode body) {
        String name = required(body, "lora_name");
        String path = required(body, "lora_path");
        models.load(name, Path.of(path));
        return "Success: LoRA adapter '" + name + "' added successfully.";
      }
    };
  }

  static JsonEndpoint unload(ObjectMapper json, String apiKey, AdapterRegistry models) {
    return new JsonEndpoint(json, "POST", "/v1/unload_lora_adapter", apiKey) {
      @Override
      protected Object respond(JsonNode body) {
        String name = required(body, "lora_name");
        models.unload(name);
        return "Success: LoRA adapter '" + name + "' removed successfully.";
      }
    };
  }

  /** Every other path: HTTP 404. */
  static JsonEndpoint notFound(ObjectMapper json, String apiKey) {
    return new JsonEndpoint(json, "GET", null, apiKey) {
      @Override
      protected Object respond(JsonNode body) {
        throw new IllegalStateException("unreachable: the not-found route answers before respond");
      }
    };
  }

  private static String required(JsonNode body, String field) {
    String value = JsonFields.text(body, field);
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest(field, field + " is required");
    }
    return value;
  }
}
