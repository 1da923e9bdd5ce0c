package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.thinkact.base.InvalidDataException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One {@code .safetensors} file, read through a {@link FileChannel}: the JSON header is parsed
 * once, and each tensor is memory-mapped on demand at its own (long) offset, so multi-GB shards
 * load without ever holding the file in a heap array (DJL's {@code NDList.decode} cannot: int
 * offsets, one {@code byte[]}).
 */
public final class SafetensorsFile implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** A header larger than this is a corrupt file, not a checkpoint (real ones are ~100 kB). */
  private static final long MAX_HEADER_BYTES = 100L << 20;

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, TensorInfo> tensors;
  private final Map<String, String> metadata;

  private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors,
      Map<String, String> metadata) {
    this.path = path;
    this.channel = channel;
    this.dataStart = dataStart;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /** Opens {@code path} and parses its header; throws {@link InvalidDataException} for a malformed file. */
  public static SafetensorsFile open(Path path) {
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + path + ": " + e.getMessage(), e);
    }
    try {
      long fileSize = channel.size();
      ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, lengthBytes, 0);
      long headerLength = lengthBytes.getLong(0);
      if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > fileSize) {
        throw new InvalidDataException(path + ": not a safetensors file (header length " + headerLength + ")");
      }
      ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
      readFully(channel, headerBytes, 8);
      JsonNode header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
      long dataStart = 8 + headerLength;
      Map<String, TensorInfo> tensors = new LinkedHashMap<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getKey().equals("__metadata__")) {
          field.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
          continue;
        }
        TensorInfo info = parseEntry(path, field.getKey(), field.getValue());
        if (dataStart + info.end() > fileSize) {
          throw new InvalidDataException(path + ": tensor " + info.name() + " extends past the end of the file");
        }
        tensors.put(info.name(), info);
      }
      return new SafetensorsFile(path, channel, dataStart, Collections.unmodifiableMap(tensors),
          Collections.unmodifiableMap(metadata));
    } catch (IOException e) {
      closeQuietly(channel);
      throw new InvalidDataException(path + ": unreadable safetensors header: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static TensorInfo parseEntry(Path path, String name, JsonNode entry) {
    try {
      JsonNode shapeNode = entry.get("shape");
      JsonNode offsets = entry.get("data_offsets");
      if (shapeNode == null || offsets == null || !offsets.isArray() || offsets.size() != 2) {
        throw new IllegalArgumentException("missing shape or data_offsets");
      }
      long[] shape = new long[shapeNode.size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shapeNode.get(i).asLong();
      }
      return new TensorInfo(name, SafetensorsDtype.parse(entry.path("dtype").asText()), shape,
          offsets.get(0).asLong(), offsets.get(1).asLong());
    } catch (IllegalArgumentException e) {
      throw new InvalidDataException(path + ": tensor " + name + ": " + e.getMessage(), e);
    }
  }

  public Path path() {
    return path;
  }

  /** Tensor names in header order. */
  public Set<String> names() {
    return tensors.keySet();
  }

  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  /** The header entry of {@code name}; throws {@link InvalidDataException} naming the file when absent. */
  public TensorInfo info(String name) {
    TensorInfo info = tensors.get(name);
    if (info == null) {
      throw new InvalidDataException("tensor " + name + " missing in " + path);
    }
    return info;
  }

  /** The {@code __metadata__} string map (e.g. {@code format=pt}). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Loads {@code name} into {@code manager} as float32, whatever its stored dtype (BF16 and F16 are
   * widened exactly; BF16 becomes {@code bits << 16}). The bytes go from the file mapping straight
   * into native memory: no heap copy.
   */
  public NDArray loadFloat32(String name, NDManager manager) {
    TensorInfo info = info(name);
    if (!info.dtype().isFloat()) {
      throw new InvalidDataException(
          path + ": tensor " + name + " has dtype " + info.dtype() + ", expected F32, BF16, F16 or F64");
    }
    Shape shape = new Shape(info.shape());
    long bytes = info.end() - info.begin();
    if (bytes == 0) {
      return manager.zeros(shape, DataType.FLOAT32);
    }
    if (bytes > Integer.MAX_VALUE) {
      throw new InvalidDataException(path + ": tensor " + name + " is larger than 2 GiB, which thinkact cannot map");
    }
    MappedByteBuffer mapped;
    try {
      mapped = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map tensor " + name + " of " + path + ": " + e.getMessage(), e);
    }
    mapped.order(ByteOrder.LITTLE_ENDIAN);
    if (info.dtype() == SafetensorsDtype.BF16) {
      // DJL's PyTorch engine has no bfloat16 type, so widen here: float32 bits = bf16 bits << 16
      // (exact). The direct buffer becomes the array's native memory; no heap array is involved.
      return manager.create(widenBf16(mapped, info.elementCount()), shape, DataType.FLOAT32);
    }
    // The first array aliases the read-only mapping (torch::from_blob); the copy owns its memory,
    // so the alias is closed right away and nothing ever writes to or outlives the mapping. Note
    // toType(FLOAT32, true) on a float32 array is NOT a copy in DJL (torch .to() aliases): clone.
    try (NDArray alias = manager.create(mapped, shape, info.dtype().djlType())) {
      return info.dtype() == SafetensorsDtype.F32 ? alias.duplicate() : alias.toType(DataType.FLOAT32, false);
    }
  }

  private static ByteBuffer widenBf16(ByteBuffer bf16, long count) {
    ByteBuffer out = ByteBuffer.allocateDirect(Math.toIntExact(count * 4)).order(ByteOrder.nativeOrder());
    java.nio.ShortBuffer in = bf16.asShortBuffer();
    java.nio.IntBuffer bits = out.asIntBuffer();
    for (int i = 0; i < count; i++) {
      bits.put(i, (in.get(i) & 0xFFFF) << 16);
    }
    return out;
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }

  private static void readFully(FileChannel channel, ByteBuffer target, long position) throws IOException {
    long at = position;
    while (target.hasRemaining()) {
      int n = channel.read(target, at);
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
      at += n;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing useful to do: the file was only read.
    }
  }
}
