package ai.thinkact.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.thinkact.base.InvalidDataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

  @TempDir Path dir;

  @Test
  void writerRoundTripsFloat32AndMetadata() throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> tensors = new LinkedHashMap<>();
      tensors.put("a", m.create(new float[] {1.5f, -2f, 3.25f, 0f, 7f, -0.125f}, new Shape(2, 3)));
      tensors.put("b", m.create(new float[] {42f}, new Shape(1)));
      Path file = dir.resolve("x.safetensors");
      SafetensorsWriter.write(file, tensors, SafetensorsDtype.F32);
      try (SafetensorsFile f = SafetensorsFile.open(file)) {
        assertEquals(Map.of("format", "pt"), f.metadata());
        assertEquals(java.util.List.of("a", "b"), java.util.List.copyOf(f.names()));
        assertArrayEquals(new long[] {2, 3}, f.info("a").shape());
        assertArrayEquals(tensors.get("a").toFloatArray(), f.loadFloat32("a", m).toFloatArray());
        assertArrayEquals(new float[] {42f}, f.loadFloat32("b", m).toFloatArray());
      }
      try (java.util.stream.Stream<Path> left = Files.list(dir)) {
        assertEquals(1, left.count(), "no temp file left behind");
      }
    }
  }

  @Test
  void bf16AndF16AreWidenedExactly() throws IOException {
    // bf16 bits 0x3FC0 = 1.5, 0xC0A0 = -5.0, 0x3F81 = 1.0078125; f16 0x3E00 = 1.5, 0xC500 = -5.0
    Path bf16 = rawFile("BF16", new short[] {0x3FC0, (short) 0xC0A0, 0x3F81});
    Path f16 = rawFile("F16", new short[] {0x3E00, (short) 0xC500, 0x3C00});
    try (NDManager m = NDManager.newBaseManager();
        SafetensorsFile b = SafetensorsFile.open(bf16);
        SafetensorsFile h = SafetensorsFile.open(f16)) {
      float[] got = b.loadFloat32("t", m).toFloatArray();
      assertEquals(Float.intBitsToFloat(0x3F81 << 16), got[2]);
      assertArrayEquals(new float[] {1.5f, -5f, 1.0078125f}, got);
      assertArrayEquals(new float[] {1.5f, -5f, 1f}, h.loadFloat32("t", m).toFloatArray());
    }
  }

  @Test
  void tensorsBeyondTwoGibibytesLoadThroughLongOffsets() throws IOException {
    // A sparse file: a 2.5 GB tensor nobody reads, then a small one at offset > 2^31.
    long big = 2_500_000_000L;
    String header = "{\"__metadata__\":{\"format\":\"pt\"},"
        + "\"pad\":{\"dtype\":\"F32\",\"shape\":[625000000],\"data_offsets\":[0," + big + "]},"
        + "\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + big + "," + (big + 8) + "]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    Path file = dir.resolve("sparse.safetensors");
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer prefix = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN);
      prefix.putLong(h.length).put(h).flip();
      out.write(prefix);
      ByteBuffer x = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(3.5f).putFloat(-1f).flip();
      out.write(x, 8 + h.length + big);
    }
    try (NDManager m = NDManager.newBaseManager(); SafetensorsFile f = SafetensorsFile.open(file)) {
      assertArrayEquals(new float[] {3.5f, -1f}, f.loadFloat32("x", m).toFloatArray());
    }
  }

  @Test
  void unusedIntegerTensorsDoNotBlockLoadingButCannotBeLoadedAsWeights() throws IOException {
    // Older HF checkpoints carry an int64 position_ids buffer next to the float weights.
    String header = "{\"position_ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
        + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    Path file = dir.resolve("mixed.safetensors");
    ByteBuffer all = ByteBuffer.allocate(8 + h.length + 20).order(ByteOrder.LITTLE_ENDIAN);
    all.putLong(h.length).put(h).putLong(0).putLong(1).putFloat(0.25f).flip();
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      out.write(all);
    }
    try (NDManager m = NDManager.newBaseManager(); SafetensorsFile f = SafetensorsFile.open(file)) {
      assertArrayEquals(new float[] {0.25f}, f.loadFloat32("w", m).toFloatArray());
      InvalidDataException e = assertThrows(InvalidDataException.class, () -> f.loadFloat32("position_ids", m));
      assertTrue(e.getMessage().contains("position_ids") && e.getMessage().contains("I64"), e.getMessage());
    }
  }

  @Test
  void shardedCheckpointAndClearShapeErrors() throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      SafetensorsWriter.write(dir.resolve("model-00001-of-00002.safetensors"),
          Map.of("w1", m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2))), SafetensorsDtype.F32);
      SafetensorsWriter.write(dir.resolve("model-00002-of-00002.safetensors"),
          Map.of("w2", m.create(new float[] {5, 6}, new Shape(2))), SafetensorsDtype.BF16);
      Files.writeString(dir.resolve(WeightFiles.INDEX_FILE), "{\"metadata\":{},\"weight_map\":{"
          + "\"w1\":\"model-00001-of-00002.safetensors\",\"w2\":\"model-00002-of-00002.safetensors\"}}");
      try (WeightFiles c = WeightFiles.open(dir)) {
        assertArrayEquals(new float[] {5, 6}, c.load("w2", new long[] {2}, m).toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3, 4}, c.load("w1", new long[] {2, 2}, m).toFloatArray());
        InvalidDataException wrong = assertThrows(InvalidDataException.class, () -> c.load("w1", new long[] {4}, m));
        assertTrue(wrong.getMessage().contains("w1") && wrong.getMessage().contains("[2, 2]")
            && wrong.getMessage().contains("[4]") && wrong.getMessage().contains("model-00001-of-00002"),
            wrong.getMessage());
        InvalidDataException missing = assertThrows(InvalidDataException.class, () -> c.load("w3", new long[] {1}, m));
        assertTrue(missing.getMessage().contains("w3"), missing.getMessage());
      }
    }
  }

  private Path rawFile(String dtype, short[] values) throws IOException {
    String header = "{\"t\":{\"dtype\":\"" + dtype + "\",\"shape\":[" + values.length + "],\"data_offsets\":[0,"
        + (2 * values.length) + "]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(8 + h.length + 2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(h.length).put(h);
    for (short v : values) {
      buf.putShort(v);
    }
    Path file = dir.resolve(dtype + ".safetensors");
    Files.write(file, buf.array());
    return file;
  }
}
