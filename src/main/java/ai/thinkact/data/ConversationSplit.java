package ai.thinkact.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Samples N conversations and splits them into train and test <em>by conversation</em>, so no
 * conversation has samples on both sides (paper section 4.1: 1,000 conversations, 5,469 train
 * and 2,344 test samples, i.e. a test fraction of 0.3).
 *
 * @param train the train conversations' samples, each inner list one conversation, in file order
 * @param test the test conversations' samples, likewise
 */
public record ConversationSplit(List<List<Sample>> train, List<List<Sample>> test) {
  public ConversationSplit {
    train = List.copyOf(train);
    test = List.copyOf(test);
  }

  /**
   * @param conversations every conversation's samples, in file order
   * @param limit how many conversations to keep (0 or more than there are: all)
   * @param testFraction fraction of the kept conversations that go to test, rounded to the
   *     nearest conversation; 0 puts everything in train
   * @param random the only source of randomness: the same seed gives the same split
   */
  public static ConversationSplit split(
      List<List<Sample>> conversations, int limit, double testFraction, Random random) {
    if (testFraction < 0 || testFraction > 1) {
      throw new IllegalArgumentException("test fraction " + testFraction + " outside [0, 1]");
    }
    List<Integer> order = new ArrayList<>(IntStream.range(0, conversations.size()).boxed().toList());
    java.util.Collections.shuffle(order, random);
    int kept = limit <= 0 ? order.size() : Math.min(limit, order.size());
    int testCount = (int) Math.round(kept * testFraction);
    List<Integer> test = new ArrayList<>(order.subList(0, testCount));
    List<Integer> train = new ArrayList<>(order.subList(testCount, kept));
    test.sort(Comparator.naturalOrder());
    train.sort(Comparator.naturalOrder());
    return new ConversationSplit(
        train.stream().map(conversations::get).toList(), test.stream().map(conversations::get).toList());
  }

  /** Every train sample, conversation by conversation. */
  public List<Sample> trainSamples() {
    return train.stream().flatMap(List::stream).toList();
  }

  /** Every test sample, conversation by conversation. */
  public List<Sample> testSamples() {
    return test.stream().flatMap(List::stream).toList();
  }
}
