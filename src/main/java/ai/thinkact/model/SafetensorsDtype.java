package ai.thinkact.model;

import ai.djl.ndarray.types.DataType;

/**
 * Element types of the safetensors format. Every type is accepted in a header, because real
 * checkpoints sometimes carry unused integer buffers (e.g. an int64 {@code position_ids}); only
 * the floating-point ones can be loaded as weights ({@link #isFloat()}).
 */
public enum SafetensorsDtype {
  F64(8, DataType.FLOAT64, true),
  F32(4, DataType.FLOAT32, true),
  BF16(2, DataType.BFLOAT16, true),
  F16(2, DataType.FLOAT16, true),
  I64(8, DataType.INT64, false),
  I32(4, DataType.INT32, false),
  I16(2, null, false),
  I8(1, DataType.INT8, false),
  U8(1, DataType.UINT8, false),
  BOOL(1, DataType.BOOLEAN, false);

  private final int bytes;
  private final DataType djlType;
  private final boolean isFloat;

  SafetensorsDtype(int bytes, DataType djlType, boolean isFloat) {
    this.bytes = bytes;
    this.djlType = djlType;
    this.isFloat = isFloat;
  }

  public int bytes() {
    return bytes;
  }

  public DataType djlType() {
    return djlType;
  }

  /** Whether tensors of this type can be loaded as float32 weights. */
  public boolean isFloat() {
    return isFloat;
  }

  /** The header spelling ("F32", "BF16", ...); throws for names the format does not define. */
  static SafetensorsDtype parse(String headerName) {
    for (SafetensorsDtype t : values()) {
      if (t.name().equals(headerName)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unsupported dtype " + headerName);
  }
}
