package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.thinkact.base.InvalidDataException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensors of a Hugging Face model directory: either one {@code model.safetensors} or the shards
 * named by {@code model.safetensors.index.json} ({@code weight_map}: tensor name to shard file).
 * Loading checks the shape the caller expects and fails with one line naming tensor, shapes and file.
 */
public final class WeightFiles implements AutoCloseable {

  public static final String SINGLE_FILE = "model.safetensors";
  public static final String INDEX_FILE = "model.safetensors.index.json";

  private final Path source;
  private final Map<String, SafetensorsFile> fileOfTensor;
  private final Map<Path, SafetensorsFile> openFiles;

  private WeightFiles(Path source, Map<String, SafetensorsFile> fileOfTensor, Map<Path, SafetensorsFile> openFiles) {
    this.source = source;
    this.fileOfTensor = fileOfTensor;
    this.openFiles = openFiles;
  }

  /** Opens the weights of a model directory (sharded index preferred when both exist, as HF does). */
  public static WeightFiles open(Path modelDir) {
    Path index = modelDir.resolve(INDEX_FILE);
    if (Files.isRegularFile(index)) {
      return openSharded(index);
    }
    Path single = modelDir.resolve(SINGLE_FILE);
    if (!Files.isRegularFile(single)) {
      throw new InvalidDataException("no " + SINGLE_FILE + " or " + INDEX_FILE + " in " + modelDir);
    }
    return ofFiles(single, new Path[] {single});
  }

  /** A checkpoint made of the given files (their tensor names must not overlap). */
  public static WeightFiles ofFiles(Path source, Path... files) {
    Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
    Map<Path, SafetensorsFile> open = new LinkedHashMap<>();
    try {
      for (Path file : files) {
        SafetensorsFile f = SafetensorsFile.open(file);
        open.put(file, f);
        for (String name : f.names()) {
          byTensor.put(name, f);
        }
      }
    } catch (RuntimeException e) {
      open.values().forEach(SafetensorsFile::close);
      throw e;
    }
    return new WeightFiles(source, byTensor, open);
  }

  private static WeightFiles openSharded(Path index) {
    JsonNode weightMap;
    try {
      weightMap = new ObjectMapper().readTree(index.toFile()).get("weight_map");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidDataException(index + ": not valid JSON: " + ai.thinkact.config.JsonFields.problem(e), e);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (weightMap == null || !weightMap.isObject()) {
      throw new InvalidDataException(index + ": missing object field weight_map");
    }
    Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
    Map<Path, SafetensorsFile> open = new LinkedHashMap<>();
    try {
      for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Path shard = index.resolveSibling(e.getValue().asText());
        if (!Files.isRegularFile(shard)) {
          throw new InvalidDataException(index + ": weight_map names " + shard.getFileName()
              + " for tensor " + e.getKey() + " but the file does not exist");
        }
        SafetensorsFile f = open.computeIfAbsent(shard, SafetensorsFile::open);
        if (!f.contains(e.getKey())) {
          throw new InvalidDataException("tensor " + e.getKey() + " missing in " + shard
              + " (weight_map of " + index.getFileName() + " points there)");
        }
        byTensor.put(e.getKey(), f);
      }
    } catch (RuntimeException e) {
      open.values().forEach(SafetensorsFile::close);
      throw e;
    }
    return new WeightFiles(index, byTensor, open);
  }

  public boolean contains(String name) {
    return fileOfTensor.containsKey(name);
  }

  /** Every tensor name of the checkpoint. */
  public java.util.Set<String> names() {
    return fileOfTensor.keySet();
  }

  /** Shape as stored; throws naming the checkpoint when the tensor is absent. */
  public long[] shape(String name) {
    return file(name).info(name).shape();
  }

  /**
   * Loads {@code name} as float32 after checking that its shape equals {@code expectedShape}.
   *
   * @throws InvalidDataException one line naming tensor, expected and found shape, and file
   */
  public NDArray load(String name, long[] expectedShape, NDManager manager) {
    SafetensorsFile file = file(name);
    long[] found = file.info(name).shape();
    if (!Arrays.equals(found, expectedShape)) {
      throw new InvalidDataException("tensor " + name + " has shape " + Arrays.toString(found) + ", expected "
          + Arrays.toString(expectedShape) + " (" + file.path() + ")");
    }
    return file.loadFloat32(name, manager);
  }

  private SafetensorsFile file(String name) {
    SafetensorsFile f = fileOfTensor.get(name);
    if (f == null) {
      throw new InvalidDataException("tensor " + name + " missing in " + source);
    }
    return f;
  }

  @Override
  public void close() {
    openFiles.values().forEach(SafetensorsFile::close);
  }
}
