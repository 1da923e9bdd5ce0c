package ai.thinkact.serve;

import ai.thinkact.base.ConfigException;
import ai.thinkact.base.InvalidDataException;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.Qwen3Model;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model names a request may ask for: the served base model (with the startup adapter, if
 * any) and the LoRA adapters loaded at run time by {@code POST /v1/load_lora_adapter}, each
 * applied to the base weights alone. Thread-safe; an unloaded adapter is closed on the batcher's
 * worker after the rows already queued for it.
 */
final class AdapterRegistry implements AutoCloseable {

  /** A name in {@code /v1/models}: {@code parent} is null for the base model. */
  record ServedModel(String name, String root, String parent) {}

  private record Loaded(LoraAdapter adapter, Path dir) {}

  private final String baseName;
  private final String baseRoot;
  private final Adapter baseAdapter;
  private final Qwen3Model model;
  private final Batcher batcher;
  private final Map<String, Loaded> loaded = new LinkedHashMap<>();

  /**
   * @param baseName the served model name
   * @param baseRoot shown as its {@code root} in {@code /v1/models} (the model directory)
   * @param baseAdapter what the base name runs with: {@link Adapter#NONE} or the startup adapter
   */
  AdapterRegistry(String baseName, String baseRoot, Adapter baseAdapter, Qwen3Model model, Batcher batcher) {
    this.baseName = baseName;
    this.baseRoot = baseRoot;
    this.baseAdapter = baseAdapter;
    this.model = model;
    this.batcher = batcher;
  }

  String baseName() {
    return baseName;
  }

  /** The adapter for a request's {@code model}; null or absent means the base model; unknown is HTTP 404. */
  synchronized Adapter resolve(String name) {
    if (name == null || name.equals(baseName)) {
      return baseAdapter;
    }
    Loaded adapter = loaded.get(name);
    if (adapter == null) {
      throw ApiException.notFound("model", "The model `" + name + "` does not exist.");
    }
    return adapter.adapter();
  }

  /** Base model first, then the loaded adapters in loading order (as vLLM lists them). */
  synchronized List<ServedModel> models() {
    List<ServedModel> out = new ArrayList<>();
    out.add(new ServedModel(baseName, baseRoot, null));
    loaded.forEach((name, a) -> out.add(new ServedModel(name, a.dir().toString(), baseName)));
    return out;
  }

  /**
   * Reads a PEFT adapter directory and serves it as {@code name}. A taken name, a missing
   * directory or an adapter that does not fit the model is HTTP 400.
   */
  void load(String name, Path dir) {
    synchronized (this) {
      if (name.equals(baseName) || loaded.containsKey(name)) {
        throw ApiException.badRequest("lora_name", "The lora adapter '" + name + "' has already been loaded.");
      }
    }
    if (!Files.isDirectory(dir)) {
      throw ApiException.badRequest("lora_path", "lora_path " + dir + " is not a directory");
    }
    LoraAdapter adapter;
    try {
      adapter = LoraAdapter.load(dir, model.config(), model.device());
    } catch (InvalidDataException | ConfigException | UncheckedIOException | IllegalArgumentException e) {
      throw ApiException.badRequest("lora_path", "cannot load the adapter in " + dir + ": " + e.getMessage());
    }
    synchronized (this) {
      if (loaded.containsKey(name)) { // loaded meanwhile by a concurrent request
        adapter.close();
        throw ApiException.badRequest("lora_name", "The lora adapter '" + name + "' has already been loaded.");
      }
      loaded.put(name, new Loaded(adapter, dir));
    }
  }

  /** Stops serving {@code name} now; its weights are freed once the rows queued for it are done. Unknown is HTTP 404. */
  void unload(String name) {
    Loaded adapter;
    synchronized (this) {
      adapter = loaded.remove(name);
    }
    if (adapter == null) {
      throw ApiException.notFound("lora_name", "The lora adapter '" + name + "' cannot be found.");
    }
    batcher.afterQueued(adapter.adapter()::close);
  }

  /** Closes every loaded adapter; call after the batcher is closed. */
  @Override
  public synchronized void close() {
    loaded.values().forEach(a -> a.adapter().close());
    loaded.clear();
  }
}
