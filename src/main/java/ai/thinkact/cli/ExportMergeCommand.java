package ai.thinkact.cli;

import ai.thinkact.lora.AdapterMerge;
import ai.thinkact.lora.LoraConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code thinkact export merge}: base model + PEFT adapter -> merged Hugging Face checkpoint. */
@Command(name = "merge", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Fold a LoRA adapter into its base model (W + alpha/r * B A) and write a float32 Hugging Face"
        + " checkpoint with config, generation config and tokenizer files (loads without PEFT, e.g. in vLLM).")
public final class ExportMergeCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "The base Qwen3 directory the adapter was trained on.")
  Path model;

  @Option(names = "--adapter", required = true, paramLabel = "DIR", description = "PEFT adapter directory (e.g. runs/coldstart/adapter).")
  Path adapter;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write; must not exist or be"
      + " empty unless --overwrite (which replaces the whole directory).")
  Path out;

  @Mixin OutputOptions output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    output.checkDirectory("--out", out, "the whole directory");
    InputPaths.requireFileIn("--model", model, "config.json", null);
    InputPaths.requireFileIn("--adapter", adapter, LoraConfig.FILE, null);
    AdapterMerge.write(model, adapter, out);
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println("merged checkpoint: " + out);
    stdout.flush();
    return Main.EXIT_OK;
  }
}
