package ai.thinkact.model;

import java.util.Arrays;

/**
 * One tensor entry of a safetensors header.
 *
 * @param name tensor name as stored (HF or PEFT key)
 * @param dtype stored element type
 * @param shape dimensions, outermost first
 * @param begin byte offset of the data, relative to the start of the data section
 * @param end exclusive end offset, relative to the start of the data section
 */
public record TensorInfo(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {

  public TensorInfo {
    shape = shape.clone();
    long expectedBytes = elementCount(shape) * dtype.bytes();
    if (end - begin != expectedBytes) {
      throw new IllegalArgumentException(
          "tensor " + name + ": data_offsets span " + (end - begin) + " bytes but shape "
              + Arrays.toString(shape) + " of " + dtype + " needs " + expectedBytes);
    }
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  public long elementCount() {
    return elementCount(shape);
  }

  static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }
}
