package ai.thinkact.cli;

import ai.thinkact.CliRun;
import static ai.thinkact.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.thinkact.model.WeightFiles;
import ai.thinkact.model.GoldenCase;
import ai.thinkact.model.SafetensorsFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export merge --dtype} and {@code --max-shard-size}: the layout save_pretrained writes. */
class ExportMergeCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void bfloat16ShardsWithAnIndexHoldTheFloat32MergeRounded() throws Exception {
    GoldenCase golden = GoldenCase.of("qwen3_untied");
    String model = golden.modelDir().toString();
    String adapter = golden.adapterDir().toString();
    Path f32 = dir.resolve("f32");
    Path bf16 = dir.resolve("bf16");
    assertEquals(0, run("export", "merge", "--model", model, "--adapter", adapter, "--out", f32.toString()).code());
    CliRun r = run("export", "merge", "--model", model, "--adapter", adapter, "--out", bf16.toString(),
        "--dtype", "bfloat16", "--max-shard-size", "40KB");
    assertEquals(0, r.code(), r.err());

    assertTrue(Files.isRegularFile(f32.resolve(WeightFiles.SINGLE_FILE)), "small enough for one file");
    assertFalse(Files.exists(bf16.resolve(WeightFiles.SINGLE_FILE)));
    JsonNode index = JSON.readTree(bf16.resolve(WeightFiles.INDEX_FILE).toFile());
    assertEquals("bfloat16", JSON.readTree(bf16.resolve("config.json").toFile()).get("torch_dtype").asText());
    assertEquals("float32", JSON.readTree(f32.resolve("config.json").toFile()).get("torch_dtype").asText());

    Set<String> shards = new HashSet<>();
    long totalBytes = 0;
    try (NDManager m = NDManager.newBaseManager();
        WeightFiles exact = WeightFiles.open(f32);
        WeightFiles rounded = WeightFiles.open(bf16)) {
      assertEquals(exact.names(), rounded.names());
      for (Iterator<String> it = index.get("weight_map").fieldNames(); it.hasNext(); ) {
        String name = it.next();
        String shard = index.get("weight_map").get(name).asText();
        assertTrue(shard.matches("model-\\d{5}-of-\\d{5}\\.safetensors"), shard);
        shards.add(shard);
        try (SafetensorsFile file = SafetensorsFile.open(bf16.resolve(shard))) {
          assertEquals("BF16", file.info(name).dtype().name(), name);
          totalBytes += file.info(name).end() - file.info(name).begin();
        }
        float[] want = exact.load(name, exact.shape(name), m).toFloatArray();
        float[] got = rounded.load(name, rounded.shape(name), m).toFloatArray();
        for (int i = 0; i < want.length; i++) {
          assertEquals(want[i], got[i], Math.abs(want[i]) / 256 + 1e-30, name + "[" + i + "]");
        }
      }
      assertEquals(exact.names().size(), index.get("weight_map").size());
    }
    assertTrue(shards.size() > 1, "sharded: " + shards);
    assertEquals(totalBytes, index.get("metadata").get("total_size").asLong());
    try (Stream<Path> files = Files.list(bf16)) {
      long onDisk = files.filter(p -> p.getFileName().toString().startsWith("model-")).count();
      assertEquals(shards.size(), onDisk, "every shard named in the index, no other");
    }
    for (String shard : shards) {
      assertTrue(Files.size(bf16.resolve(shard)) < 40_000 + 4_096 || onlyOneTensor(bf16.resolve(shard)),
          shard + " within --max-shard-size unless it holds one tensor larger than that");
    }
  }

  @Test
  void sizesAndTypesAreCheckedBeforeAnythingIsRead() {
    assertEquals(5_000_000_000L, ExportMergeCommand.bytes("5GB"));
    assertEquals(2L * 1024 * 1024 * 1024, ExportMergeCommand.bytes("2GiB"));
    assertEquals(500_000_000L, ExportMergeCommand.bytes("500MB"));
    assertEquals(1234, ExportMergeCommand.bytes("1234"));
    for (List<String> bad : List.of(List.of("--dtype", "int8"), List.of("--max-shard-size", "lots"),
        List.of("--max-shard-size", "0"))) {
      String[] args = Stream.concat(Stream.of("export", "merge", "--model", "/nonexistent", "--adapter", "/nonexistent",
          "--out", dir.resolve("never").toString()), bad.stream()).toArray(String[]::new);
      CliRun r = run(args);
      assertEquals(Main.EXIT_USAGE, r.code(), r.err());
      assertTrue(r.err().contains(bad.get(0)), r.err());
    }
  }

  private static boolean onlyOneTensor(Path shard) {
    try (SafetensorsFile file = SafetensorsFile.open(shard)) {
      return file.names().size() == 1;
    }
  }
}
