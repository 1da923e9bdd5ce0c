package ai.thinkact.data;

import static ai.thinkact.data.SynthDialogue.args;
import static ai.thinkact.data.SynthText.money;
import static ai.thinkact.data.SynthText.pick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Airline conversations in the style of tau-bench airline, over a small simulated database
 * (one user with reservations per conversation, direct flights made up on demand per route and
 * date). Answers restate the tool results or the policy in {@link #SYSTEM}.
 */
final class SynthAirline {
  /** The policy, under the heading APIGen-MT-5k's airline records start with (their only domain marker). */
  static final String SYSTEM = String.join("\n",
      "# Airline Agent Policy",
      "",
      "You are a customer service agent for an airline. Help users with reservations, baggage and flight search, using the tools.",
      "- Ask for the user id before any action on a reservation. Searching flights needs no user id.",
      "- A reservation can be cancelled with a full refund only if it has travel insurance or is in business class.",
      "- Free checked bags per passenger: basic economy 0, economy 1, business 2. Each extra bag costs $50.",
      "- Before cancelling or changing a reservation, explain the details and get the user's explicit confirmation.",
      "- Transfer to a human agent only when the user asks for one or the tools cannot solve the request.",
      "- Answer only from tool results and this policy; never make up information.");

  private static final String[] AIRPORTS = {"JFK", "LAX", "SFO", "ORD", "ATL", "DFW", "SEA", "BOS", "MIA", "DEN", "PHX", "LAS"};
  private static final String[] CITIES = {"New York", "Los Angeles", "San Francisco", "Chicago", "Atlanta", "Dallas", "Seattle",
    "Boston", "Miami", "Denver", "Phoenix", "Las Vegas"};
  private static final String[] CABINS = {"basic_economy", "economy", "business"};
  private static final int BAG_PRICE = 50;

  private enum Intent { DETAILS, MY_RESERVATIONS, CANCEL, BAGS, SEARCH, POLICY, HUMAN }

  private static final Intent[] WEIGHTED = {
    Intent.DETAILS, Intent.DETAILS, Intent.DETAILS, Intent.MY_RESERVATIONS, Intent.CANCEL, Intent.CANCEL, Intent.CANCEL,
    Intent.BAGS, Intent.BAGS, Intent.BAGS, Intent.SEARCH, Intent.SEARCH, Intent.SEARCH, Intent.POLICY, Intent.POLICY, Intent.HUMAN};

  private static final String[][] POLICY_QA = {
    {"How many free checked bags do I get in economy?", "baggage allowance",
        "In economy each passenger gets 1 free checked bag. Basic economy includes none, business includes 2, and each extra bag costs $50."},
    {"Can I get a refund if I cancel my flight?", "cancellation refunds",
        "A reservation can be cancelled with a full refund only if it has travel insurance or is in business class."},
    {"How much does an extra checked bag cost?", "extra bag fees",
        "Each checked bag beyond the free allowance costs $50."},
  };

  private final double thinkShare;
  private ObjectNode user;
  /** Whether the current conversation has the user id already. */
  private boolean identified;
  private final Map<String, ObjectNode> reservations = new LinkedHashMap<>();
  private final Map<String, ArrayNode> flights = new LinkedHashMap<>();

  /** @param thinkShare the share of agent actions preceded by a {@code think} call */
  SynthAirline(double thinkShare) {
    this.thinkShare = thinkShare;
  }

  List<Turn> conversation(Random random) {
    newCustomer(random);
    SynthDialogue d = new SynthDialogue(this::run, random, thinkShare);
    Intent intent = pick(random, WEIGHTED);
    String uid = user.get("user_id").asText();
    ObjectNode reservation = pick(random, new ArrayList<>(reservations.values()));
    String rid = reservation.get("reservation_id").asText();
    switch (intent) {
      case POLICY -> SynthMoves.policy(d, random, POLICY_QA, "reservation", "airline");
      case HUMAN -> {
        String topic = pick(random, "a lost bag", "a delayed refund", "a special meal request", "a complaint about a flight");
        d.user(pick(random, "I'd like to speak with a human agent about " + topic + ".", "Please connect me to a real person, it's about " + topic + "."));
        SynthMoves.transferToHuman(d, topic);
      }
      case SEARCH -> search(d, random);
      case MY_RESERVATIONS -> {
        identify(d, random, pick(random, "Which reservations do I have?", "Can you list my reservations?"), "list their reservations");
        SynthMoves.listRecords(d, uid, "The user gave the user id " + uid + " and", "reservation", "");
      }
      default -> reservationIntent(d, random, intent, reservation);
    }
    // a follow-up request on one of the user's reservations; the user id is already known
    List<ObjectNode> untouched = new ArrayList<>(reservations.values());
    untouched.remove(reservation);
    for (int more = 0; identified && !untouched.isEmpty() && more < 2 && random.nextInt(3) == 0; more++) {
      reservationIntent(d, random, pick(random, Intent.DETAILS, Intent.CANCEL, Intent.BAGS),
          untouched.remove(random.nextInt(untouched.size())));
    }
    SynthMoves.close(d, random);
    return d.turns();
  }

  private void reservationIntent(SynthDialogue d, Random random, Intent intent, ObjectNode reservation) {
    String rid = reservation.get("reservation_id").asText();
    int bags = 1 + random.nextInt(2);
    String request = switch (intent) {
      case DETAILS -> pick(random, "Can you give me the details of reservation " + rid + "?", "What flights are on my reservation " + rid + "?");
      case CANCEL -> pick(random, "I want to cancel my reservation " + rid + ".", "Please cancel reservation " + rid + ".");
      default -> pick(random, "I need to add " + bags + " checked " + (bags == 1 ? "bag" : "bags") + " to reservation " + rid + ".",
          "Can I add " + bags + " more " + (bags == 1 ? "bag" : "bags") + " to my reservation " + rid + "?");
    };
    String uid = identify(d, random, request, switch (intent) {
      case DETAILS -> "see reservation " + rid;
      case CANCEL -> "cancel reservation " + rid;
      default -> "add bags to reservation " + rid;
    });
    JsonNode r = d.call("get_reservation_details", args("reservation_id", rid),
        "The user " + uid + " asked about reservation " + rid + ". I need its flights, cabin, passengers and payment before answering or acting, so I will call get_reservation_details with reservation_id " + rid + ".");
    String cabin = r.get("cabin").asText();
    String route = r.get("origin").asText() + " to " + r.get("destination").asText();
    String pm = r.at("/payment_history/0/payment_id").asText();
    double paid = r.at("/payment_history/0/amount").asDouble();
    int passengers = r.get("passengers").size();
    switch (intent) {
      case DETAILS -> {
        List<String> legs = new ArrayList<>();
        r.get("flights").forEach(f -> legs.add(f.get("flight_number").asText() + " on " + f.get("date").asText()));
        List<String> names = new ArrayList<>();
        r.get("passengers").forEach(p -> names.add(p.get("first_name").asText() + " " + p.get("last_name").asText()));
        d.say("Reservation " + rid + " is a " + r.get("flight_type").asText().replace('_', '-') + " " + cabin.replace('_', ' ') + " trip from " + route
                + ": flight " + SynthText.join(legs) + ". Passengers: " + SynthText.join(names) + ". It has " + r.get("total_baggages").asInt()
                + " checked bags and " + (r.get("insurance").asText().equals("yes") ? "travel insurance." : "no travel insurance."),
            "get_reservation_details returned reservation " + rid + " from " + route + " in " + cabin + ". No further tool call is needed; I answer with its flights, passengers, bags and insurance from that observation.");
      }
      case CANCEL -> {
        boolean allowed = r.get("insurance").asText().equals("yes") || cabin.equals("business");
        if (!allowed) {
          d.say("I'm sorry, reservation " + rid + " is in " + cabin.replace('_', ' ') + " without travel insurance, so under our policy it cannot be cancelled for a refund.",
              "get_reservation_details shows reservation " + rid + " is " + cabin + " with no insurance. Policy only refunds insured or business reservations, so no tool call is needed; I explain that it cannot be cancelled.");
          return;
        }
        d.say("Reservation " + rid + " (" + route + ") can be cancelled with a full refund of " + money(paid) + " to " + pm + ". Shall I proceed?",
            "get_reservation_details shows reservation " + rid + " is " + cabin + (r.get("insurance").asText().equals("yes") ? " with insurance" : "") + ", so a refunded cancellation is allowed. No tool call yet: I need explicit confirmation first.");
        d.user(pick(random, "Yes, please cancel it.", "Yes, go ahead.", "Yes."));
        d.call("cancel_reservation", args("reservation_id", rid),
            "The user confirmed cancelling reservation " + rid + ", which qualifies for a refund under the policy. I will call cancel_reservation with reservation_id " + rid + ".");
        d.say("Reservation " + rid + " is cancelled. The refund of " + money(paid) + " will go back to " + pm + " within 5 to 7 business days.",
            "cancel_reservation returned reservation " + rid + " with status cancelled. No further tool call is needed; I confirm the cancellation and the " + money(paid) + " refund to " + pm + " from that result.");
      }
      default -> {
        int free = passengers * List.of(CABINS).indexOf(cabin);
        int total = r.get("total_baggages").asInt() + bags;
        int nonfree = Math.max(0, total - free);
        int cost = (nonfree - r.get("nonfree_baggages").asInt()) * BAG_PRICE;
        d.say("Your reservation has " + passengers + (passengers == 1 ? " passenger" : " passengers") + " in " + cabin.replace('_', ' ') + ", so " + free
                + " bags are free. With " + bags + " more you will have " + total + " checked bags, " + nonfree + " of them paid, so the extra charge is "
                + money(cost) + " to " + pm + ". Shall I proceed?",
            "get_reservation_details shows " + passengers + " passengers in " + cabin + " and " + r.get("total_baggages").asInt() + " bags, so " + total
                + " bags with " + nonfree + " paid costs " + money(cost) + " more. No tool call yet: I need explicit confirmation first.");
        d.user(pick(random, "Yes, please add them.", "Okay, go ahead.", "Yes."));
        d.call("update_reservation_baggages", args("reservation_id", rid, "total_baggages", total, "nonfree_baggages", nonfree, "payment_id", pm),
            "The user confirmed the bag change for reservation " + rid + ". I will call update_reservation_baggages with total_baggages " + total + ", nonfree_baggages " + nonfree + " and payment_id " + pm + ".");
        d.say("Done: reservation " + rid + " now has " + total + " checked bags (" + nonfree + " paid), and " + money(cost) + " was charged to " + pm + ".",
            "update_reservation_baggages returned reservation " + rid + " with " + total + " bags. No further tool call is needed; I confirm the new bag count and the " + money(cost) + " charge from that result.");
      }
    }
  }

  private void search(SynthDialogue d, Random random) {
    String origin = pick(random, AIRPORTS);
    String destination;
    do {
      destination = pick(random, AIRPORTS);
    } while (destination.equals(origin));
    String date = "2024-05-" + (10 + random.nextInt(19));
    ArrayNode found = Json.MAPPER.createArrayNode();
    int count = random.nextInt(4);
    for (int i = 0; i < count; i++) {
      ObjectNode flight = found.addObject();
      flight.put("flight_number", "HAT" + SynthText.digits(random, 3));
      flight.put("origin", origin).put("destination", destination).put("date", date);
      flight.put("scheduled_departure_time_est", String.format("%02d:%02d:00", 6 + random.nextInt(15), 5 * random.nextInt(12)));
      flight.putObject("prices").put("basic_economy", 60 + random.nextInt(80)).put("economy", 150 + random.nextInt(150)).put("business", 400 + random.nextInt(400));
    }
    flights.put(origin + "|" + destination + "|" + date, found);
    d.user(pick(random, "Are there any direct flights from " + origin + " to " + destination + " on " + date + "?",
        "I'm looking for a direct flight from " + origin + " to " + destination + " on " + date + ".",
        "Hi, can you check direct flights " + origin + " to " + destination + " for " + date + "?"));
    JsonNode result = d.call("search_direct_flight", args("origin", origin, "destination", destination, "date", date),
        "The user wants direct flights from " + origin + " to " + destination + " on " + date + ". Searching needs no user id, so I will call search_direct_flight with those airports and that date.");
    List<String> options = new ArrayList<>();
    result.forEach(f -> options.add(f.get("flight_number").asText() + " departing at " + f.get("scheduled_departure_time_est").asText().substring(0, 5)
        + " (economy " + money(f.at("/prices/economy").asDouble()) + ")"));
    d.say(options.isEmpty() ? "I'm sorry, there are no direct flights from " + origin + " to " + destination + " on " + date + "."
            : "I found " + options.size() + " direct " + (options.size() == 1 ? "flight" : "flights") + " from " + origin + " to " + destination + " on " + date + ": " + String.join("; ", options) + ".",
        "search_direct_flight returned " + options.size() + " flights from " + origin + " to " + destination + " on " + date + ". No further tool call is needed; I answer by listing them with times and economy prices from that observation.");
  }

  /** The user gives their user id, up front or when asked; returns it. */
  private String identify(SynthDialogue d, Random random, String request, String goal) {
    String uid = user.get("user_id").asText();
    if (identified) {
      d.user(pick(random, "Also, " + SynthRetail.lowerFirst(request), "One more thing: " + SynthRetail.lowerFirst(request), "Thanks. " + request));
      return uid;
    }
    identified = true;
    if (random.nextBoolean()) {
      d.user(pick(random, "Hi, my user id is " + uid + ". " + request, request + " My user id is " + uid + "."));
      return uid;
    }
    d.user(pick(random, "Hi! " + request, request));
    d.say(pick(random, "I can help with that. Could you please tell me your user id first?", "Sure! Before I look into it, what is your user id?"),
        "The user wants to " + goal + ", but has not given a user id. Policy requires the user id before any reservation action, so no tool call yet; I answer by asking for it.");
    d.user(pick(random, "Sure, it's " + uid + ".", "My user id is " + uid + ".", uid));
    return uid;
  }

  private void newCustomer(Random random) {
    identified = false;
    reservations.clear();
    flights.clear();
    String first = pick(random, SynthText.FIRST_NAMES);
    String last = pick(random, SynthText.LAST_NAMES);
    String number = SynthText.digits(random, 4);
    user = Json.MAPPER.createObjectNode();
    user.put("user_id", (first + "_" + last + "_" + number).toLowerCase());
    user.putObject("name").put("first_name", first).put("last_name", last);
    user.put("email", (first + "." + last + number + "@example.com").toLowerCase());
    user.put("membership", pick(random, "regular", "silver", "gold"));
    String card = "credit_card_" + SynthText.digits(random, 7);
    user.putObject("payment_methods").putObject(card).put("source", "credit_card").put("last_four", SynthText.digits(random, 4)).put("id", card);
    ArrayNode ids = user.putArray("reservations");
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      ObjectNode r = Json.MAPPER.createObjectNode();
      String rid = SynthText.chars(random, SynthText.LETTERS + SynthText.DIGITS, 6);
      String origin = pick(random, AIRPORTS);
      String destination;
      do {
        destination = pick(random, AIRPORTS);
      } while (destination.equals(origin));
      r.put("reservation_id", rid).put("user_id", user.get("user_id").asText()).put("origin", origin).put("destination", destination);
      boolean roundTrip = random.nextBoolean();
      r.put("flight_type", roundTrip ? "round_trip" : "one_way");
      String cabin = pick(random, CABINS);
      r.put("cabin", cabin);
      ArrayNode legs = r.putArray("flights");
      int day = 10 + random.nextInt(15);
      double price = 0;
      for (int leg = 0; leg < (roundTrip ? 2 : 1); leg++) {
        int legPrice = 100 + random.nextInt(300) + (cabin.equals("business") ? 400 : 0);
        legs.addObject().put("flight_number", "HAT" + SynthText.digits(random, 3)).put("date", "2024-05-" + (day + 3 * leg))
            .put("origin", leg == 0 ? origin : destination).put("destination", leg == 0 ? destination : origin).put("price", legPrice);
        price += legPrice;
      }
      ArrayNode passengers = r.putArray("passengers");
      passengers.addObject().put("first_name", first).put("last_name", last);
      if (random.nextInt(3) == 0) {
        passengers.addObject().put("first_name", pick(random, SynthText.FIRST_NAMES)).put("last_name", last);
      }
      price *= passengers.size();
      r.putArray("payment_history").addObject().put("payment_id", card).put("amount", price);
      int bags = random.nextInt(passengers.size() + 1);
      r.put("total_baggages", bags).put("nonfree_baggages", Math.max(0, bags - passengers.size() * List.of(CABINS).indexOf(cabin)));
      r.put("insurance", random.nextInt(3) == 0 ? "yes" : "no");
      reservations.put(rid, r);
      ids.add(rid);
    }
  }

  private JsonNode run(String name, ObjectNode args) {
    ObjectNode r = reservations.get(args.path("reservation_id").asText());
    switch (name) {
      case "get_user_details":
        return user.get("user_id").asText().equals(args.path("user_id").asText()) ? user.deepCopy() : TextNode.valueOf("Error: user not found");
      case "get_reservation_details":
        return r == null ? TextNode.valueOf("Error: reservation not found") : r.deepCopy();
      case "search_direct_flight":
        ArrayNode found = flights.get(args.path("origin").asText() + "|" + args.path("destination").asText() + "|" + args.path("date").asText());
        return found == null ? Json.MAPPER.createArrayNode() : found.deepCopy();
      case "cancel_reservation":
        if (r == null) {
          return TextNode.valueOf("Error: reservation not found");
        }
        r.put("status", "cancelled");
        ((ArrayNode) r.get("payment_history")).addObject().put("payment_id", r.at("/payment_history/0/payment_id").asText())
            .put("amount", -r.at("/payment_history/0/amount").asDouble());
        return r.deepCopy();
      case "update_reservation_baggages":
        if (r == null) {
          return TextNode.valueOf("Error: reservation not found");
        }
        int added = args.path("nonfree_baggages").asInt() - r.get("nonfree_baggages").asInt();
        r.put("total_baggages", args.path("total_baggages").asInt()).put("nonfree_baggages", args.path("nonfree_baggages").asInt());
        if (added > 0) {
          ((ArrayNode) r.get("payment_history")).addObject().put("payment_id", args.path("payment_id").asText()).put("amount", added * BAG_PRICE);
        }
        return r.deepCopy();
      case "list_all_airports":
        ObjectNode airports = Json.MAPPER.createObjectNode();
        for (int i = 0; i < AIRPORTS.length; i++) {
          airports.put(AIRPORTS[i], CITIES[i]);
        }
        return airports;
      case "transfer_to_human_agents":
        return TextNode.valueOf("Transfer successful");
      default:
        return TextNode.valueOf("Error: unknown tool " + name);
    }
  }
}
