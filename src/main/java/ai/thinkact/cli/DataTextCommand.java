package ai.thinkact.cli;

import ai.thinkact.base.ConfigException;
import ai.thinkact.data.Conversation;
import ai.thinkact.data.ConversationText;
import ai.thinkact.data.DataFormat;
import ai.thinkact.data.Datasets;
import ai.thinkact.base.InvalidDataException;
import ai.thinkact.data.Json;
import ai.thinkact.data.LoadResult;
import ai.thinkact.data.TextDocuments;
import ai.thinkact.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thinkact data text}: conversations as plain-text transcripts, the input of {@code train pretrain}. */
@Command(name = "text",
    description = "Write conversations as plain-text transcripts, one JSONL line {\"text\": ...} per conversation"
        + " (User:, Agent:, Agent thinks:, Agent calls NAME with {...}, Result: lines; no system prompt, no tool"
        + " schemas): a pretraining corpus for train pretrain.")
public final class DataTextCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin DatasetInput dataset;

  @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "The transcripts; must not exist or"
      + " be empty unless --overwrite.")
  Path out;

  @Mixin OutputOptions output;

  @Option(names = "--without-thoughts", description = "Leave calls of the think pseudo-tool out instead of writing"
      + " them as \"Agent thinks:\" lines.")
  boolean withoutThoughts;

  @Override
  public Integer call() throws IOException {
    output.checkFile("--out", out);
    if (dataset.format == DataFormat.SAMPLES) {
      throw new ConfigException("--format samples: a sample file holds per-turn samples, not whole conversations;"
          + " give the apigen-mt or almita file they were cut from");
    }
    dataset.check();
    Path input = dataset.input;
    LoadResult loaded = Datasets.conversations(dataset.format, input, null, null, false);
    if (loaded.conversations().isEmpty()) {
      throw new InvalidDataException(input + ": no conversations (empty file?)");
    }
    long characters = 0;
    StringBuilder body = new StringBuilder();
    for (Conversation conversation : loaded.conversations()) {
      String text = ConversationText.render(conversation, !withoutThoughts);
      characters += text.length();
      body.append(Json.MAPPER.writeValueAsString(
          Json.MAPPER.createObjectNode().put(TextDocuments.TEXT_FIELD, text))).append('\n');
    }
    AtomicFiles.writeString(out, body.toString());
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf("wrote %d transcripts (%d characters) to %s%n", loaded.conversations().size(), characters, out);
    stdout.flush();
    return Main.EXIT_OK;
  }
}
