package ai.thinkact.model;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Element type of weights and activations during compute (the {@code dtype} setting). Only
 * float32: DJL 0.36's PyTorch engine maps no bfloat16 type (creating or casting one aborts
 * libtorch; docs/gpu.md), so no other is offered. BF16 and F16 checkpoints still load, widened
 * exactly to float32. RMSNorm and softmax always run in float32.
 */
public enum ComputeDtype {
  @JsonProperty("float32") FLOAT32(DataType.FLOAT32);

  private final DataType djlType;

  ComputeDtype(DataType djlType) {
    this.djlType = djlType;
  }

  public DataType djlType() {
    return djlType;
  }
}
