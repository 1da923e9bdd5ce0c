package ai.thinkact.cli;

import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.config.Settings;
import ai.thinkact.model.Qwen3Config;
import ai.thinkact.serve.OpenAiServer;
import ai.thinkact.serve.ServeConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code thinkact serve}: an OpenAI-compatible server on a local checkpoint (docs/scale.md). The
 * first line on stdout is {@code listening on http://HOST:PORT/v1}; it then serves until the
 * process is stopped (or, in tests, the thread is interrupted).
 */
@Command(name = "serve",
    modelTransformer = ConfigOptions.Transformer.class,
    description = {
      "OpenAI-compatible server on a Qwen3 checkpoint, with adapters loaded at run time (docs/scale.md).",
      "The model runs with --adapter; adapters loaded later apply to the base weights.",
      "Without tokenizer.json in --model, only token-id prompts are served.",
      "Endpoints: /v1/models, /v1/completions, /v1/chat/completions, /v1/load_lora_adapter, /v1/unload_lora_adapter.",
      "The first line on stdout is 'listening on http://HOST:PORT/v1'."
    })
public final class ServeCommand implements Callable<Integer>, ConfigOptions.Configured {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Mixin ModelOptions modelOptions;

  /** The settings of {@link ServeConfig}, one option each. */
  private final ConfigOptions<ServeConfig> options = new ConfigOptions<>(Settings.of(ServeConfig.class).defaults(), null);

  @Option(names = "--api-key-env", paramLabel = "VAR",
      description = "Environment variable holding an API key; requests must then send Authorization: Bearer KEY.")
  String apiKeyEnv;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    String apiKey = ApiKeys.fromEnv("--api-key-env", apiKeyEnv);
    modelOptions.checkInputs();
    Path model = modelOptions.model;
    // Settle every option before loading weights: a typo should not cost a model load.
    ServeConfig config = options.resolve().withApiKey(apiKey)
        .forModel(model.toString(), Qwen3Config.load(model).maxPositionEmbeddings());
    try (ModelSession session = modelOptions.open();
        QwenTokenizer tokenizer = modelOptions.tokenizerOrNull();
        OpenAiServer server = start(config, session, tokenizer)) {
      PrintWriter out = spec.commandLine().getOut();
      out.println("listening on " + server.baseUrl());
      out.flush();
      serveUntilStopped(server);
    }
    return Main.EXIT_OK;
  }

  @Override
  public ConfigOptions<?> configOptions() {
    return options;
  }

  private OpenAiServer start(ServeConfig config, ModelSession session, QwenTokenizer tokenizer) throws IOException {
    try {
      return OpenAiServer.start(config, session.model, session.adapter(), tokenizer, modelOptions.model.toString());
    } catch (BindException e) {
      throw new IOException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
  }

  /** Blocks until a shutdown hook (Ctrl-C, SIGTERM) or an interrupt ends the server. */
  private static void serveUntilStopped(OpenAiServer server) {
    Thread hook = new Thread(server::close, "serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean interrupted = false;
    try {
      server.awaitClose();
    } catch (InterruptedException e) {
      interrupted = true; // the flag is clear now, so closing can wait for the batch in flight
      LOG.info("interrupted: stopping");
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook is closing the server
      }
      server.close();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
