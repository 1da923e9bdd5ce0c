package ai.thinkact.sft;

import ai.thinkact.TinyQwen;
import ai.thinkact.training.BatchPlan;
import ai.thinkact.training.LmBatch;
import ai.thinkact.training.LmExample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.chat.ChatFormat;
import ai.thinkact.chat.Message;
import ai.thinkact.base.InvalidDataException;
import ai.thinkact.data.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rendering samples for SFT: masks, truncation, stage targets, batches and the epoch plan. */
class SftDataTest {

  private static String maskedText(LmExample e) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < e.length(); i++) {
      if (e.lossMask()[i]) {
        ids.add((long) e.ids()[i]);
      }
    }
    return TinyQwen.format().tokenizer().decode(ids.stream().mapToLong(Long::longValue).toArray(), false);
  }

  @Test
  void masksCoverExactlyTheTargetTurnOfEachStage() {
    ChatFormat format = TinyQwen.format();
    for (Sample s : TinyQwen.samples(6)) {
      LmExample plain = SftData.encode(s, format, SftStage.SFT, 4096);
      String expectedPlain = ChatFormat.completionText(SftStage.SFT.target(s), true);
      assertEquals(expectedPlain.substring(0, expectedPlain.length() - 1), maskedText(plain), s.id()); // no final "\n"
      assertTrue(maskedText(plain).startsWith("<think>\n\n</think>\n\n"), s.id());
      assertFalse(maskedText(plain).contains("<answer>"), s.id());

      LmExample reasoning = SftData.encode(s, format, SftStage.COLDSTART, 4096);
      String masked = maskedText(reasoning);
      assertTrue(masked.startsWith("<think>\n" + s.reasoning().strip() + "\n</think>\n\n"), s.id());
      assertTrue(masked.endsWith("</tool_call><|im_end|>") || masked.endsWith("</answer><|im_end|>"), masked);
      // Everything before the target is context: the mask is one contiguous run at the end.
      int first = 0;
      while (!reasoning.lossMask()[first]) {
        first++;
      }
      for (int i = first; i < reasoning.length() - 1; i++) {
        assertTrue(reasoning.lossMask()[i], s.id() + " token " + i);
      }
      assertFalse(reasoning.lossMask()[reasoning.length() - 1], "the newline after <|im_end|> is not trained");
    }
  }

  @Test
  void coldstartSamplesWithoutReasoningAreARehearsalWithThinkingOff() {
    ChatFormat format = TinyQwen.format();
    Set<String> kinds = new HashSet<>();
    for (Sample s : TinyQwen.samples(12)) {
      kinds.add(s.target().getClass().getSimpleName());
      Sample rehearsal = new Sample(s.id(), s.source(), s.conversationId(), s.tools(), s.messages(), s.target(), null);
      LmExample e = SftData.encode(rehearsal, format, SftStage.COLDSTART, 4096);
      String masked = maskedText(e);
      // The empty think block is context (as eval --think off feeds it), only the action is trained,
      // and an answer carries the stage-2 tags like the answers after a thought.
      assertFalse(masked.contains("<think>"), masked);
      String all = format.tokenizer().decode(Arrays.stream(e.ids()).mapToLong(i -> i).toArray(), false);
      assertTrue(all.contains("<|im_start|>assistant\n<think>\n\n</think>\n\n" + masked), all);
      if (s.target() instanceof ai.thinkact.data.Target.AnswerTarget) {
        assertTrue(masked.startsWith("<answer>\n") && masked.endsWith("\n</answer><|im_end|>"), masked);
      } else {
        assertTrue(masked.startsWith("<tool_call>\n") && masked.endsWith("</tool_call><|im_end|>"), masked);
      }
    }
    assertEquals(2, kinds.size(), "answers and tool calls both checked: " + kinds);
  }

  @Test
  void aColdStartSetWithoutAnyReasoningIsRefused() {
    List<Sample> none = TinyQwen.samples(3).stream()
        .map(s -> new Sample(s.id(), s.source(), s.conversationId(), s.tools(), s.messages(), s.target(), null))
        .toList();
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> SftStage.COLDSTART.checkSamples(none, "cs.jsonl"));
    assertTrue(e.getMessage().startsWith("cs.jsonl: no sample has the field reasoning"), e.getMessage());
    SftStage.SFT.checkSamples(none, "sft.jsonl"); // stage 1 ignores reasoning
    List<Sample> one = new ArrayList<>(none);
    one.add(TinyQwen.samples(1).get(0));
    SftStage.COLDSTART.checkSamples(one, "cs.jsonl");
  }

  @Test
  void overLongSamplesLoseTheirOldestHistoryNeverTheHeaderOrTarget() {
    ChatFormat format = TinyQwen.format();
    Sample longest = TinyQwen.samples(60).stream().max((a, b) -> Integer.compare(a.messages().size(), b.messages().size())).orElseThrow();
    assertTrue(longest.messages().size() >= 4, "need a sample with history");
    LmExample full = SftData.encode(longest, format, SftStage.COLDSTART, 100_000);
    assertEquals(0, full.truncatedMessages());
    int limit = full.length() - 20;
    LmExample cut = SftData.encode(longest, format, SftStage.COLDSTART, limit);
    assertTrue(cut.truncatedMessages() > 0);
    assertTrue(cut.length() <= limit);
    assertEquals(maskedText(full), maskedText(cut), "the target is intact");
    String text = format.tokenizer().decode(Arrays.stream(cut.ids()).asLongStream().toArray(), false);
    Message system = longest.messages().get(0);
    assertTrue(text.startsWith("<|im_start|>system\n" + system.content()), "system message kept");
    assertTrue(text.contains("<tools>"), "tools header kept");
    Message lastContext = longest.messages().get(longest.messages().size() - 1);
    assertTrue(text.contains(lastContext.content()), "last context message kept");

    // Too long even with only the last context message: left out and counted.
    assertNull(SftData.encode(longest, format, SftStage.COLDSTART, 40));
    Sample shortest = TinyQwen.samples(60).stream().min((x, y) -> Integer.compare(x.messages().size(), y.messages().size())).orElseThrow();
    assertTrue(SftData.encode(shortest, format, SftStage.COLDSTART, 100_000).length() <= limit);
    SftData data = SftData.encode(List.of(longest, shortest), format, SftStage.COLDSTART, limit);
    assertEquals(2, data.examples().size());
    assertEquals(1, data.truncated());
    assertEquals(0, data.skipped());
    SftData tooShort = SftData.encode(List.of(longest, shortest), format, SftStage.COLDSTART, 40);
    assertEquals(2, tooShort.skipped());
  }

  @Test
  void batchesPadOnTheRightAndPointRowsAtTheNextMaskedToken() {
    LmExample a = new LmExample("a", new int[] {5, 6, 7, 8}, new boolean[] {false, false, true, true}, 0);
    LmExample b = new LmExample("b", new int[] {9, 10}, new boolean[] {false, true}, 0);
    LmBatch batch = LmBatch.of(List.of(a, b));
    assertEquals(4, batch.tokens().length());
    assertTrue(Arrays.equals(new long[] {1, 2, 4}, batch.rows()), Arrays.toString(batch.rows()));
    assertTrue(Arrays.equals(new long[] {7, 8, 10}, batch.labels()));
    assertEquals(6, batch.realTokens());
    assertFalse(batch.tokens().mask()[1][2]);
  }

  @Test
  void epochPlanShufflesPerEpochGroupsByLengthAndCoversEverySample() {
    int[] lengths = new int[203];
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = 20 + r.nextInt(500);
    }
    List<int[]> e0 = BatchPlan.microBatches(lengths, 0, 42, 2, true);
    List<int[]> e0again = BatchPlan.microBatches(lengths, 0, 42, 2, true);
    List<int[]> e1 = BatchPlan.microBatches(lengths, 1, 42, 2, true);
    List<int[]> plain = BatchPlan.microBatches(lengths, 0, 42, 2, false);
    assertEquals(102, e0.size());
    assertEquals(1, e0.get(101).length, "the last micro-batch keeps the odd sample");
    Set<Integer> seen = new HashSet<>();
    e0.forEach(b -> Arrays.stream(b).forEach(seen::add));
    assertEquals(lengths.length, seen.size());
    assertTrue(Arrays.deepEquals(e0.toArray(), e0again.toArray()), "same seed and epoch, same plan");
    assertFalse(Arrays.deepEquals(e0.toArray(), e1.toArray()), "another epoch, another order");
    long grouped = BatchPlan.paddingTokens(lengths, e0);
    long ungrouped = BatchPlan.paddingTokens(lengths, plain);
    assertTrue(grouped * 5 < ungrouped, "grouping by length wastes little padding: " + grouped + " vs " + ungrouped);
  }
}
