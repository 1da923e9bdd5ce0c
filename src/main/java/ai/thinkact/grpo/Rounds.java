package ai.thinkact.grpo;

import ai.thinkact.data.Sample;
import ai.thinkact.training.Seeds;
import ai.thinkact.training.TrainerState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * The generation rounds of a GRPO run, as nanochat's {@code get_batch}: epoch after epoch over a
 * seeded shuffle of the prompts, {@code perRound} prompts at a time (an epoch's last prompts that
 * do not fill a round wait for the next epoch's shuffle, TRL's drop_last), each round sampled with
 * the generator seeded by its index. Endless: the trainer stops after its steps. Started from a
 * {@link TrainerState}, it continues where that state's round count left off.
 */
final class Rounds implements Iterator<Rollout> {

  private final List<Sample> data;
  private final int perRound;
  private final int roundsPerEpoch;
  private final long seed;
  private final BiFunction<List<Sample>, Random, Rollout> generate;
  private int epoch;
  private long roundsInEpoch;
  private long samplesSeen;
  private List<Sample> order;

  /**
   * @param generate samples, scores and scores the advantages of one round's prompts
   * @param from the state to continue: its epoch, the rounds of that epoch already used, the prompts seen
   */
  Rounds(List<Sample> data, int perRound, long seed, TrainerState from,
      BiFunction<List<Sample>, Random, Rollout> generate) {
    this.data = List.copyOf(data);
    this.perRound = perRound;
    this.roundsPerEpoch = data.size() / perRound;
    this.seed = seed;
    this.generate = generate;
    this.epoch = from.epoch();
    this.roundsInEpoch = from.batchesInEpoch();
    this.samplesSeen = from.samplesSeen();
    this.order = shuffled(epoch);
  }

  @Override
  public boolean hasNext() {
    return true;
  }

  @Override
  public Rollout next() {
    if (roundsInEpoch == roundsPerEpoch) {
      epoch++;
      roundsInEpoch = 0;
      order = shuffled(epoch);
    }
    int from = Math.toIntExact(roundsInEpoch * perRound);
    Rollout round = generate.apply(order.subList(from, from + perRound),
        Seeds.random(seed, Seeds.STEP, samplesSeen / perRound));
    roundsInEpoch++;
    samplesSeen += perRound;
    return round;
  }

  /** The epoch of the last round. */
  int epoch() {
    return epoch;
  }

  /** Rounds of {@link #epoch()} used so far. */
  long roundsInEpoch() {
    return roundsInEpoch;
  }

  /** Prompts used so far, over the whole run. */
  long samplesSeen() {
    return samplesSeen;
  }

  /** The prompts in the order of {@code epoch}: a seeded shuffle, the same on resume. */
  private List<Sample> shuffled(int epoch) {
    List<Sample> shuffled = new ArrayList<>(data);
    Collections.shuffle(shuffled, Seeds.random(seed, Seeds.SHUFFLE, epoch));
    return shuffled;
  }
}
