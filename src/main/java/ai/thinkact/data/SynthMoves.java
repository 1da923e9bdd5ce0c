package ai.thinkact.data;

import static ai.thinkact.data.SynthDialogue.args;
import static ai.thinkact.data.SynthText.pick;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The conversation moves the shop and the airline share, worded once: a policy question, a
 * transfer to a human, listing the user's records, the goodbye. Each domain passes its own nouns
 * ("order", "reservation"), so both domains' conversations read as before.
 */
final class SynthMoves {
  private SynthMoves() {}

  /**
   * A general policy question answered from the system prompt, without a tool.
   *
   * @param questions rows of {question, its subject, the answer}
   * @param record what a specific request would be about ("order")
   * @param policy whose policy the system prompt states ("store")
   */
  static void policy(SynthDialogue d, Random random, String[][] questions, String record, String policy) {
    String[] qa = pick(random, questions);
    d.user(pick(random, "Hi, quick question. ", "Hello! ", "") + qa[0]);
    d.say(qa[2], "The user asks a general policy question about " + qa[1] + ", not about a specific " + record
        + ". No tool call is needed; the answer comes straight from the " + policy + " policy in the system prompt.");
  }

  /** The agent's side of a transfer the user asked for about {@code topic}: the call, then the hand-over. */
  static void transferToHuman(SynthDialogue d, String topic) {
    d.call("transfer_to_human_agents", args("summary", "The user asked to speak with a human agent about " + topic + "."),
        "The user explicitly asks for a human agent about " + topic + ". Policy allows a transfer when the user requests one, so I will call transfer_to_human_agents with a short summary.");
    d.say("I've transferred you to a human agent who will help you with " + topic + ". Please hold on.",
        "transfer_to_human_agents returned Transfer successful. No further tool call is needed; I tell the user, based on that result, that a human agent will take over.");
  }

  /**
   * Lists the identified user's records from {@code get_user_details}.
   *
   * @param who how the reasoning names the user, e.g. "The user, authenticated as ID,"
   * @param record the record's noun ("order"); the user record lists them under its plural
   * @param where what follows the count in the answer, e.g. " with us", or ""
   */
  static void listRecords(SynthDialogue d, String uid, String who, String record, String where) {
    String records = record + "s";
    JsonNode user = d.call("get_user_details", args("user_id", uid),
        who + " wants a list of their " + records + ". The user record holds them, so I will call get_user_details with user_id " + uid + ".");
    List<String> ids = new ArrayList<>();
    user.get(records).forEach(id -> ids.add(id.asText()));
    d.say("You have " + ids.size() + " " + (ids.size() == 1 ? record : records) + where + ": " + SynthText.join(ids) + ". Would you like details on any of them?",
        "get_user_details returned the " + records + " " + String.join(", ", ids) + " for " + uid + ". No further tool call is needed; I answer by listing these " + record + " ids from the observation.");
  }

  /** Most conversations end with thanks and a goodbye; a few stop at the user's last message. */
  static void close(SynthDialogue d, Random random) {
    int roll = random.nextInt(10);
    if (roll < 5) {
      d.user(pick(random, "Thanks, that's all.", "Great, thank you!", "Perfect, thanks for your help.", "Okay, thanks. Bye!"));
      d.say(pick(random, "You're welcome! Have a great day.", "Glad I could help. Goodbye!", "Anytime! Take care."),
          "The user thanked me and has no further request. No tool call is needed; I close the conversation politely, since the request was already handled.");
    } else if (roll == 5) {
      d.user("Thanks, bye.");
    }
  }
}
