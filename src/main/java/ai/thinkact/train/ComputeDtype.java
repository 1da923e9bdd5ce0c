package ai.thinkact.train;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Numeric type of the forward/backward compute; LoRA weights and optimizer state stay float32. */
public enum ComputeDtype {
  @JsonProperty("float32") FLOAT32,
  /** Halves activation memory on GPUs with bf16 (Ampere+); slow on most CPUs. */
  @JsonProperty("bfloat16") BFLOAT16
}
