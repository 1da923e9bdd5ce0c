package ai.thinkact.model;

import ai.djl.ndarray.types.DataType;

/** Element type of weights and activations during compute. RMSNorm and softmax always run in float32. */
public enum ComputeDtype {
  FLOAT32(DataType.FLOAT32),
  BFLOAT16(DataType.BFLOAT16);

  private final DataType djlType;

  ComputeDtype(DataType djlType) {
    this.djlType = djlType;
  }

  public DataType djlType() {
    return djlType;
  }
}
