package ai.thinkact.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.TestPaths;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class Qwen3ConfigTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void readsGoldenConfigWithExplicitHeadDim() {
    Qwen3Config c = Qwen3Config.load(TestPaths.golden("qwen3_tied").resolve("model"));
    assertEquals(32, c.headDim());
    assertEquals(64, c.hiddenSize());
    assertEquals(1e6, c.ropeTheta());
    assertTrue(c.tieWordEmbeddings());
    assertEquals(2, c.groupSize());
  }

  @Test
  void ropeThetaFromRopeParametersAndHeadDimDefault() throws Exception {
    Qwen3Config c = Qwen3Config.fromJson(JSON.readTree("{\"vocab_size\":10,\"hidden_size\":64,\"intermediate_size\":8,"
        + "\"num_hidden_layers\":1,\"num_attention_heads\":4,\"num_key_value_heads\":1,\"unknown\":[1],"
        + "\"rope_parameters\":{\"rope_type\":\"default\",\"rope_theta\":5000.0}}"));
    assertEquals(5000.0, c.ropeTheta());
    assertEquals(16, c.headDim());
    assertEquals(false, c.tieWordEmbeddings());
  }

  @Test
  void roundTripsThroughToJson() {
    Qwen3Config c = new Qwen3Config(151936, 512, 1536, 8, 8, 4, 64, 1e6, 1e-6, true, 40960);
    assertEquals(c, Qwen3Config.fromJson(c.toJson(151643, 151645)));
  }

  @Test
  void rejectsIndivisibleHeads() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Qwen3Config.fromJson(JSON.readTree(
        "{\"vocab_size\":10,\"hidden_size\":64,\"intermediate_size\":8,\"num_hidden_layers\":1,"
            + "\"num_attention_heads\":4,\"num_key_value_heads\":3,\"rope_theta\":1e6}")));
    assertTrue(e.getMessage().contains("num_key_value_heads"), e.getMessage());
  }
}
