package ai.thinkact.model;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Element type of weights and activations during compute (the {@code dtype} config key and
 * {@code --dtype} option). RMSNorm and softmax always run in float32; LoRA weights and optimizer
 * state stay float32 whatever this is.
 */
public enum ComputeDtype {
  @JsonProperty("float32") FLOAT32(DataType.FLOAT32),
  /** Halves activation memory on GPUs with bf16 (Ampere+); slow on most CPUs. */
  @JsonProperty("bfloat16") BFLOAT16(DataType.BFLOAT16);

  private final DataType djlType;

  ComputeDtype(DataType djlType) {
    this.djlType = djlType;
  }

  public DataType djlType() {
    return djlType;
  }
}
