package ai.thinkact.data;

import java.util.List;
import java.util.Random;

/** Random names, ids, addresses and wording for the synthetic world; every draw uses the caller's {@link Random}. */
final class SynthText {
  static final List<String> FIRST_NAMES = List.of(
      "Emma", "Liam", "Olivia", "Noah", "Ava", "Mason", "Sofia", "Lucas", "Mia", "Ethan", "Aisha", "Omar",
      "Yusuf", "Chen", "Mei", "Raj", "Priya", "Ivan", "Anya", "Mateo", "Lucia", "Daniel", "Fatima", "Hiro",
      "Yara", "Amir", "Sara", "James", "Isabella", "Leo", "Nora", "Elena", "Kofi", "Zoe", "Aarav", "Lena");
  static final List<String> LAST_NAMES = List.of(
      "Smith", "Garcia", "Kim", "Nguyen", "Rossi", "Patel", "Muller", "Silva", "Khan", "Lopez", "Brown",
      "Ito", "Johansson", "Novak", "Okafor", "Haddad", "Santos", "Moreau", "Cohen", "Wilson", "Ahmed",
      "Kowalski", "Sato", "Rivera", "Davis", "Martin", "Lee", "Thomas", "Ali", "Hernandez");
  static final List<String> STREETS = List.of(
      "Elm Street", "Oak Avenue", "Maple Drive", "Cedar Lane", "Pine Road", "Hillcrest Drive", "Lakeview Avenue",
      "Sunset Boulevard", "River Road", "Park Place", "Willow Way", "Main Street", "Highland Avenue");
  /** City, state, zip prefix. */
  static final List<String[]> CITIES = List.of(
      new String[] {"Austin", "TX", "787"}, new String[] {"Denver", "CO", "802"}, new String[] {"Seattle", "WA", "981"},
      new String[] {"Boston", "MA", "021"}, new String[] {"Phoenix", "AZ", "850"}, new String[] {"Chicago", "IL", "606"},
      new String[] {"Columbus", "OH", "432"}, new String[] {"Portland", "OR", "972"}, new String[] {"Charlotte", "NC", "282"},
      new String[] {"San Diego", "CA", "921"}, new String[] {"Houston", "TX", "770"}, new String[] {"Atlanta", "GA", "303"});
  static final String DIGITS = "0123456789";
  static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";

  private SynthText() {}

  static <T> T pick(Random random, List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  @SafeVarargs
  static <T> T pick(Random random, T... options) {
    return options[random.nextInt(options.length)];
  }

  static String digits(Random random, int n) {
    return chars(random, DIGITS, n);
  }

  static String chars(Random random, String alphabet, int n) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  static String money(double amount) {
    return String.format("$%.2f", amount);
  }

  static int words(String text) {
    String stripped = text.strip();
    return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
  }

  /** "a", "a and b", "a, b and c". */
  static String join(List<String> parts) {
    if (parts.size() <= 1) {
      return parts.isEmpty() ? "" : parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
  }
}
