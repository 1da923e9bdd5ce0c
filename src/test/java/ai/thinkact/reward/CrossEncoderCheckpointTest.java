package ai.thinkact.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.thinkact.TestPaths;
import ai.thinkact.base.InvalidDataException;
import ai.thinkact.model.WeightFiles;
import ai.thinkact.model.SafetensorsDtype;
import ai.thinkact.model.SafetensorsWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint forms the held-out cases use: extra tensors, shards, BF16; and bad checkpoints. */
class CrossEncoderCheckpointTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path golden;
  private static List<long[]> pairs;
  private static double[] expected;

  @BeforeAll
  static void readCase() throws IOException {
    golden = TestPaths.golden("xlmr_ce").resolve("model");
    pairs = new ArrayList<>();
    for (JsonNode pair : JSON.readTree(golden.resolveSibling("inputs.json").toFile()).get("pairs")) {
      long[] ids = new long[pair.get("input_ids").size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = pair.get("input_ids").get(i).asLong();
      }
      pairs.add(ids);
    }
    JsonNode logits = JSON.readTree(golden.resolveSibling("expected.json").toFile()).get("logits");
    expected = new double[logits.size()];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = logits.get(i).asDouble();
    }
  }

  private static double[] logits(Path modelDir) {
    try (CrossEncoder reranker = CrossEncoder.load(modelDir, CrossEncoder.Options.defaults())) {
      return reranker.logitsOfIds(pairs);
    }
  }

  /** Every tensor of the golden checkpoint, in file order. */
  private static Map<String, NDArray> goldenTensors(NDManager manager) {
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    try (WeightFiles checkpoint = WeightFiles.open(golden)) {
      for (String name : checkpoint.names()) {
        tensors.put(name, checkpoint.load(name, checkpoint.shape(name), manager));
      }
    }
    return tensors;
  }

  @Test
  void unusedPoolerTensorsAreIgnored(@TempDir Path dir) throws IOException {
    Files.copy(golden.resolve("config.json"), dir.resolve("config.json"));
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, NDArray> tensors = goldenTensors(manager);
      tensors.put("roberta.pooler.dense.weight", manager.randomNormal(new Shape(64, 64)));
      tensors.put("roberta.pooler.dense.bias", manager.randomNormal(new Shape(64)));
      SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, SafetensorsDtype.F32);
    }
    double[] got = logits(dir);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], got[i], 5e-5, "pair " + i);
    }
  }

  @Test
  void shardedCheckpointGivesTheGoldenLogits(@TempDir Path dir) throws IOException {
    Files.copy(golden.resolve("config.json"), dir.resolve("config.json"));
    ObjectNode weightMap = JSON.createObjectNode();
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, NDArray> first = new LinkedHashMap<>();
      Map<String, NDArray> second = new LinkedHashMap<>();
      goldenTensors(manager).forEach((name, tensor) -> {
        boolean inFirst = name.startsWith("roberta.embeddings") || name.contains(".layer.0.");
        (inFirst ? first : second).put(name, tensor);
        weightMap.put(name, inFirst ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
      });
      SafetensorsWriter.write(dir.resolve("model-00001-of-00002.safetensors"), first, SafetensorsDtype.F32);
      SafetensorsWriter.write(dir.resolve("model-00002-of-00002.safetensors"), second, SafetensorsDtype.F32);
    }
    ObjectNode index = JSON.createObjectNode();
    index.putObject("metadata");
    index.set("weight_map", weightMap);
    JSON.writeValue(dir.resolve("model.safetensors.index.json").toFile(), index);
    double[] got = logits(dir);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], got[i], 5e-5, "pair " + i);
    }
  }

  @Test
  void bf16WeightsAreWidenedExactly(@TempDir Path f32Dir, @TempDir Path bf16Dir) throws IOException {
    // The same bf16-representable weights stored as F32 and as BF16 must give identical logits.
    Files.copy(golden.resolve("config.json"), f32Dir.resolve("config.json"));
    Files.copy(golden.resolve("config.json"), bf16Dir.resolve("config.json"));
    Map<String, float[]> values = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, NDArray> rounded = new LinkedHashMap<>();
      goldenTensors(manager).forEach((name, t) -> {
        float[] v = t.toFloatArray();
        for (int i = 0; i < v.length; i++) {
          v[i] = Float.intBitsToFloat(Float.floatToIntBits(v[i]) & 0xFFFF0000); // bf16-representable
        }
        values.put(name, v);
        shapes.put(name, t.getShape().getShape());
        rounded.put(name, manager.create(v, t.getShape()));
      });
      SafetensorsWriter.write(f32Dir.resolve("model.safetensors"), rounded, SafetensorsDtype.F32);
    }
    writeBf16(bf16Dir.resolve("model.safetensors"), values, shapes);
    assertArrayEquals(logits(f32Dir), logits(bf16Dir), 0.0);
  }

  /** A BF16 safetensors file written byte by byte (the top 16 bits of each float32). */
  private static void writeBf16(Path file, Map<String, float[]> values, Map<String, long[]> shapes) throws IOException {
    ObjectNode header = JSON.createObjectNode();
    long offset = 0;
    for (String name : values.keySet()) {
      ObjectNode entry = header.putObject(name);
      entry.put("dtype", "BF16");
      ArrayNode shape = entry.putArray("shape");
      for (long d : shapes.get(name)) {
        shape.add(d);
      }
      long bytes = 2L * values.get(name).length;
      entry.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json = JSON.writeValueAsBytes(header);
    ByteBuffer out = ByteBuffer.allocate((int) (8 + json.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(json.length).put(json);
    for (float[] v : values.values()) {
      for (float x : v) {
        out.putShort((short) (Float.floatToIntBits(x) >>> 16));
      }
    }
    Files.write(file, out.array());
  }

  @Test
  void aConfigWithTwoLabelsIsRejected(@TempDir Path dir) throws IOException {
    ObjectNode config = (ObjectNode) JSON.readTree(golden.resolve("config.json").toFile());
    config.putObject("id2label").put("0", "no").put("1", "yes");
    JSON.writeValue(dir.resolve("config.json").toFile(), config);
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> XlmRobertaConfig.load(dir.resolve("config.json")));
    assertTrue(e.getMessage().contains("id2label"), e.getMessage());
  }

  @Test
  void aTanhGeluConfigIsRejected(@TempDir Path dir) throws IOException {
    ObjectNode config = (ObjectNode) JSON.readTree(golden.resolve("config.json").toFile());
    config.put("hidden_act", "gelu_new");
    JSON.writeValue(dir.resolve("config.json").toFile(), config);
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> XlmRobertaConfig.load(dir.resolve("config.json")));
    assertTrue(e.getMessage().contains("hidden_act"), e.getMessage());
  }
}
