package ai.thinkact.cli;

import ai.thinkact.base.ConfigException;
import ai.thinkact.lora.AdapterMerge;
import ai.thinkact.model.CheckpointWriter;
import ai.thinkact.model.SafetensorsDtype;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thinkact export merge}: base model + PEFT adapter -> merged Hugging Face checkpoint. */
@Command(name = "merge",
    description = "Fold a LoRA adapter into its base model (W + scale * B A, each module's own scale) and write a"
        + " Hugging Face checkpoint with config, generation config and tokenizer files (loads without PEFT, e.g. in"
        + " vLLM), sharded with model.safetensors.index.json past --max-shard-size as save_pretrained does.")
public final class ExportMergeCommand implements Callable<Integer> {

  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]I?B|B)?", Pattern.CASE_INSENSITIVE);

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "The base Qwen3 directory the adapter was trained on.")
  Path model;

  @Option(names = "--adapter", required = true, paramLabel = "DIR", description = "PEFT adapter directory (e.g. runs/coldstart/adapter).")
  Path adapter;

  @Mixin WholeDirectoryOutput output;

  @Option(names = "--dtype", defaultValue = "float32", paramLabel = "float32|bfloat16|float16",
      description = "Stored type of the merged weights (the sum is formed in float32; bfloat16 halves the size, as"
          + " Qwen3 checkpoints are published).")
  String dtype;

  @Option(names = "--max-shard-size", defaultValue = "5GB", paramLabel = "SIZE",
      description = "Largest safetensors file (as transformers' max_shard_size: 5GB = 5*10^9 bytes, 2GiB = 2*2^30;"
          + " KB, MB, GB, KiB, MiB, GiB or bytes). Larger checkpoints are sharded with an index.")
  String maxShardSize;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Path out = output.checked();
    CheckpointWriter.Layout layout = new CheckpointWriter.Layout(dtype(dtype), bytes(maxShardSize));
    ModelOptions.checkInputs(model, adapter);
    AdapterMerge.write(model, adapter, out, layout);
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println("merged checkpoint (" + layout.torchDtype() + "): " + out);
    stdout.flush();
    return Main.EXIT_OK;
  }

  static SafetensorsDtype dtype(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "float32", "fp32", "f32" -> SafetensorsDtype.F32;
      case "bfloat16", "bf16" -> SafetensorsDtype.BF16;
      case "float16", "fp16", "f16" -> SafetensorsDtype.F16;
      default -> throw new ConfigException("--dtype must be float32, bfloat16 or float16, got '" + name + "'");
    };
  }

  /** transformers' {@code convert_file_size_to_int}: decimal units (GB = 10^9) and binary ones (GiB = 2^30). */
  static long bytes(String size) {
    Matcher m = SIZE.matcher(size.strip());
    if (!m.matches()) {
      throw new ConfigException("--max-shard-size must be a size such as 5GB, 500MB or 2GiB, got '" + size + "'");
    }
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
    double factor = switch (unit) {
      case "KB" -> 1e3;
      case "MB" -> 1e6;
      case "GB" -> 1e9;
      case "TB" -> 1e12;
      case "KIB" -> 1024.0;
      case "MIB" -> 1024.0 * 1024;
      case "GIB" -> 1024.0 * 1024 * 1024;
      case "TIB" -> 1024.0 * 1024 * 1024 * 1024;
      default -> 1;
    };
    double bytes = Double.parseDouble(m.group(1)) * factor;
    if (!(bytes >= 1) || bytes > Long.MAX_VALUE) {
      throw new ConfigException("--max-shard-size must be at least 1 byte, got '" + size + "'");
    }
    return (long) bytes;
  }
}
