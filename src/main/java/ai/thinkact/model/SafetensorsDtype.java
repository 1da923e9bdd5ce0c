package ai.thinkact.model;

import ai.djl.ndarray.types.DataType;

/** Element types of the safetensors format that thinkact reads (floating point weights only). */
public enum SafetensorsDtype {
  F32(4, DataType.FLOAT32),
  BF16(2, DataType.BFLOAT16),
  F16(2, DataType.FLOAT16);

  private final int bytes;
  private final DataType djlType;

  SafetensorsDtype(int bytes, DataType djlType) {
    this.bytes = bytes;
    this.djlType = djlType;
  }

  public int bytes() {
    return bytes;
  }

  public DataType djlType() {
    return djlType;
  }

  /** The header spelling ("F32", "BF16", "F16"); throws for types a checkpoint should not hold. */
  static SafetensorsDtype parse(String headerName) {
    for (SafetensorsDtype t : values()) {
      if (t.name().equals(headerName)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unsupported dtype " + headerName + " (expected F32, BF16 or F16)");
  }
}
