package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.thinkact.io.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes tensors as one safetensors file with {@code __metadata__ {"format":"pt"}}, the layout
 * Hugging Face and PEFT load. The file is written beside the target and renamed into place
 * ({@link AtomicFiles}), so a reader never sees half a checkpoint, and it gets the umask's mode.
 */
public final class SafetensorsWriter {

  private SafetensorsWriter() {}

  /**
   * Writes {@code tensors} (in map order) converted to {@code dtype}.
   *
   * @param dtype F32, BF16 or F16: the stored element type
   */
  public static void write(Path file, Map<String, NDArray> tensors, SafetensorsDtype dtype) throws IOException {
    if (dtype != SafetensorsDtype.F32 && dtype != SafetensorsDtype.BF16 && dtype != SafetensorsDtype.F16) {
      throw new IllegalArgumentException("thinkact writes weights as F32, BF16 or F16, not " + dtype);
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
      long bytes = e.getValue().size() * dtype.bytes();
      ObjectNode entry = header.putObject(e.getKey());
      entry.put("dtype", dtype.name());
      ArrayNode shape = entry.putArray("shape");
      for (long d : e.getValue().getShape().getShape()) {
        shape.add(d);
      }
      entry.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] headerJson = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    // The data section starts 8-byte aligned, padded with spaces as the reference writer does.
    int padded = (headerJson.length + 7) / 8 * 8;
    ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    prefix.putLong(padded).put(headerJson);
    while (prefix.hasRemaining()) {
      prefix.put((byte) ' ');
    }
    prefix.flip();

    AtomicFiles.writeChannel(file, out -> {
      writeFully(out, prefix);
      for (NDArray tensor : tensors.values()) {
        writeFully(out, encode(tensor, dtype));
      }
    });
  }

  /** Little-endian bytes of {@code tensor} in {@code dtype}. */
  private static ByteBuffer encode(NDArray tensor, SafetensorsDtype dtype) {
    if (dtype == SafetensorsDtype.BF16) {
      // DJL's PyTorch engine has no bfloat16 type: round float32 to nearest even here.
      float[] values = tensor.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
      ByteBuffer out = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : values) {
        out.putShort(toBf16(v));
      }
      return out.flip();
    }
    NDArray stored = tensor.getDataType() == dtype.djlType() ? tensor : tensor.toType(dtype.djlType(), false);
    ByteBuffer bytes = stored.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    if (stored != tensor) {
      stored.close();
    }
    return bytes;
  }

  static short toBf16(float value) {
    int bits = Float.floatToRawIntBits(value);
    if (Float.isNaN(value)) {
      return (short) ((bits >>> 16) | 0x40); // keep it a (quiet) NaN
    }
    return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
  }

  private static void writeFully(FileChannel out, ByteBuffer data) throws IOException {
    while (data.hasRemaining()) {
      out.write(data);
    }
  }
}
