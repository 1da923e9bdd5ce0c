package ai.thinkact.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.thinkact.model.ModelPreset;
import org.junit.jupiter.api.Test;

class TrainFlopsTest {

  @Test
  void smallPresetStepIsAbout440Gflop() {
    // Per token of the small preset at T = 512, counted by hand:
    //   projections per layer: q 512x512, k 512x256, v 512x256, o 512x512, gate/up/down 512x1536 each
    //     = 262144 + 131072 + 131072 + 262144 + 3 * 786432 = 3145728 multiply-adds
    //   attention per layer: 2 products of 512 keys x (8 heads x 64) = 524288 multiply-adds
    //   LoRA r16 per layer: 16 * (1024 + 768 + 768 + 1024 + 3 * 2048) = 155648 multiply-adds
    //   LM head: 512 x 151936 = 77791232 multiply-adds
    double perTokenForward = 2.0 * (8 * (3145728 + 524288 + 155648) + 77791232);
    double loraPerToken = 2.0 * 8 * 155648;
    TrainFlops flops = TrainFlops.of(ModelPreset.SMALL.config(), Bench.BENCH_LORA, 2, 512);
    assertEquals(1024 * perTokenForward, flops.forward(), 1.0);
    assertEquals(2 * 1024 * perTokenForward + 1024 * loraPerToken, flops.step(), 1.0);
    assertEquals(446.5, flops.step() / 1e9, 0.1); // ../shared/bench: "about 440 GFLOP (forward about 220)"
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertEquals(2.0, Timings.median(new double[] {3, 1, 2}));
    assertEquals(2.5, Timings.median(new double[] {4, 1, 3, 2}));
  }
}
