package ai.thinkact.data;

import static ai.thinkact.data.SynthDialogue.args;
import static ai.thinkact.data.SynthText.money;
import static ai.thinkact.data.SynthText.pick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Retail conversations in the style of tau-bench: authenticate, look up, confirm, act, answer.
 * The right tool follows from the user's words, every id is copied from the conversation or an
 * observation, and every answer restates a tool result or the policy in {@link #SYSTEM}.
 */
final class SynthRetail {
  /** The policy, under the heading APIGen-MT-5k's retail records start with (their only domain marker). */
  static final String SYSTEM = String.join("\n",
      "# Retail agent policy",
      "",
      "You are a customer service agent for an online shop. Help users with their orders, returns and product questions, using the tools.",
      "- Before any action on an account, authenticate the user by email, or by first name, last name and zip code.",
      "- Only pending orders can be cancelled or have their shipping address changed. The cancellation reason is 'no longer needed' or 'ordered by mistake'.",
      "- Only delivered orders can be returned. The refund goes to the original payment method.",
      "- Before cancelling, changing or returning, explain the details and get the user's explicit confirmation.",
      "- Refunds to a credit card take 5 to 7 business days; refunds to a gift card are immediate.",
      "- Transfer to a human agent only when the user asks for one or the tools cannot solve the request.",
      "- Answer only from tool results and this policy; never make up information.");

  private enum Intent { STATUS, STATUS_RECENT, CANCEL, ADDRESS, RETURN, VARIANTS, LIST_ORDERS, POLICY, HUMAN }

  private static final Intent[] WEIGHTED = {
    Intent.STATUS, Intent.STATUS, Intent.STATUS, Intent.STATUS_RECENT, Intent.STATUS_RECENT,
    Intent.CANCEL, Intent.CANCEL, Intent.CANCEL, Intent.CANCEL, Intent.ADDRESS, Intent.ADDRESS, Intent.ADDRESS,
    Intent.RETURN, Intent.RETURN, Intent.RETURN, Intent.RETURN, Intent.VARIANTS, Intent.VARIANTS,
    Intent.LIST_ORDERS, Intent.POLICY, Intent.POLICY, Intent.HUMAN};

  private static final String[][] POLICY_QA = {
    {"Can I cancel an order that was already delivered?", "cancelling delivered orders",
        "No. Only pending orders can be cancelled. A delivered order can be returned instead, with the refund going to the original payment method."},
    {"How long does a refund take to show up?", "refund times",
        "Refunds to a credit card take 5 to 7 business days, while refunds to a gift card are immediate."},
    {"Can I change the shipping address after my order has shipped?", "changing addresses",
        "Only pending orders can have their shipping address changed. Once an order is processed or delivered, the address can no longer be modified."},
    {"Where does the money go when I return something?", "return refunds",
        "For a return of a delivered order, the refund goes to the original payment method of the order."},
  };

  private final SynthShop shop;
  private final double thinkShare;

  /** The user id once the current conversation has authenticated the user, else {@code null}. */
  private String uid;

  /** @param thinkShare the share of agent actions preceded by a {@code think} call */
  SynthRetail(Random random, double thinkShare) {
    this.shop = new SynthShop(random);
    this.thinkShare = thinkShare;
  }

  List<Turn> conversation(Random random) {
    shop.newCustomer(random);
    uid = null;
    SynthDialogue d = new SynthDialogue(shop::run, random, thinkShare);
    Intent intent = pick(random, WEIGHTED);
    switch (intent) {
      case POLICY -> SynthMoves.policy(d, random, POLICY_QA, "order", "store");
      case HUMAN -> human(d, random);
      case LIST_ORDERS -> {
        authenticate(d, random, pick(random, "Which orders do I have with you?", "Can you list all my orders?"), "list their orders");
        SynthMoves.listRecords(d, uid, "The user, authenticated as " + uid + ",", "order", " with us");
      }
      case STATUS_RECENT -> {
        authenticate(d, random, pick(random, "What's the status of my most recent order?", "Can you check on my latest order?"), "check their latest order");
        JsonNode user = d.call("get_user_details", args("user_id", uid),
            "The user, authenticated as " + uid + ", asks about their most recent order but gave no order id. I will call get_user_details with user_id " + uid + " to see their orders.");
        JsonNode orders = user.get("orders");
        String oid = orders.get(orders.size() - 1).asText();
        JsonNode order = d.call("get_order_details", args("order_id", oid),
            "get_user_details lists the orders of " + uid + "; the most recent is the last one, " + oid + ". I will call get_order_details with order_id " + oid + " to get its status.");
        statusAnswer(d, random, order);
      }
      default -> orderIntent(d, random, intent);
    }
    // a follow-up request on another order: the user is already authenticated, so the agent
    // goes straight to the lookup
    for (int more = 0; uid != null && more < 2 && random.nextInt(3) == 0; more++) {
      orderIntent(d, random, pick(random, Intent.STATUS, Intent.CANCEL, Intent.ADDRESS, Intent.RETURN, Intent.VARIANTS));
    }
    SynthMoves.close(d, random);
    return d.turns();
  }

  private void orderIntent(SynthDialogue d, Random random, Intent intent) {
    String wanted = switch (intent) {
      case CANCEL, ADDRESS -> random.nextInt(4) > 0 ? "pending" : pick(random, "processed", "delivered");
      case RETURN -> random.nextInt(4) > 0 ? "delivered" : pick(random, "pending", "processed");
      default -> pick(random, SynthShop.STATUSES);
    };
    ObjectNode target = shop.newOrder(random, wanted);
    String oid = target.get("order_id").asText();
    JsonNode item = pick(random, listOf(target.get("items")));
    String name = item.get("name").asText();
    String request = switch (intent) {
      case STATUS -> pick(random, "Can you tell me the status of my order " + oid + "?", "Where is my order " + oid + "?",
          "I'd like an update on order " + oid + ".", "Has my order " + oid + " shipped yet?");
      case CANCEL -> pick(random, "I want to cancel my order " + oid + ".", "Please cancel order " + oid + " for me.",
          "I need to cancel order " + oid + ", I don't want it anymore.");
      case ADDRESS -> pick(random, "I need to change the shipping address on order " + oid + ".",
          "Can you update the delivery address for order " + oid + "? I moved.");
      case RETURN -> pick(random, "I'd like to return the " + name + " from order " + oid + ".",
          "The " + name + " in order " + oid + " isn't what I expected, I want to return it.");
      default -> pick(random, "Is the " + name + " from my order " + oid + " available in other options?",
          "What other versions of the " + name + " I bought in order " + oid + " do you have in stock?");
    };
    String goal = switch (intent) {
      case STATUS -> "check order " + oid;
      case CANCEL -> "cancel order " + oid;
      case ADDRESS -> "change the address of order " + oid;
      case RETURN -> "return an item from order " + oid;
      default -> "look up other options of an item in order " + oid;
    };
    authenticate(d, random, request, goal);
    String why = switch (intent) {
      case STATUS -> "To report its status I need the order record";
      case CANCEL -> "Only pending orders can be cancelled, so I must check its status first";
      case ADDRESS -> "Only pending orders can get a new address, so I must check its status first";
      case RETURN -> "Only delivered orders can be returned, so I need its status and the item id";
      default -> "To look up its variants I first need the product id of the " + name;
    };
    JsonNode order = d.call("get_order_details", args("order_id", oid),
        "The user is authenticated as " + uid + " and asked about order " + oid + ". " + why + "; I will call get_order_details with order_id " + oid + ".");
    String status = order.get("status").asText();
    String pm = order.at("/payment_history/0/payment_method_id").asText();
    String notAllowed = "get_order_details shows order " + oid + " is " + status + ". Policy does not allow this for a " + status
        + " order, so no tool call is needed; I answer that it cannot be done, based on that status.";
    switch (intent) {
      case STATUS -> statusAnswer(d, random, order);
      case CANCEL -> {
        if (!status.equals("pending")) {
          d.say("I'm sorry, but order " + oid + " is " + status + ", and only pending orders can be cancelled."
              + (status.equals("delivered") ? " If you don't want the items, I can help you return them instead." : ""), notAllowed);
          return;
        }
        d.say(pick(random, "Order " + oid + " is still pending and contains " + items(order) + " (total " + money(SynthShop.total(order)) + "). ",
                "I see order " + oid + " with " + items(order) + ", total " + money(SynthShop.total(order)) + "; it is pending, so it can be cancelled. ")
            + "To cancel it, please confirm and tell me the reason: 'no longer needed' or 'ordered by mistake'.",
            "get_order_details shows order " + oid + " is pending, so it can be cancelled. No tool call yet: policy requires explicit confirmation and a reason, so I answer with the order details and ask for both.");
        String reason = pick(random, "no longer needed", "ordered by mistake");
        d.user(reason.equals("no longer needed")
            ? pick(random, "Yes, please cancel it. I no longer need it.", "Yes. The reason is no longer needed.")
            : pick(random, "Yes, cancel it please - I ordered it by mistake.", "Yes, it was ordered by mistake."));
        d.call("cancel_pending_order", args("order_id", oid, "reason", reason),
            "The user confirmed cancelling pending order " + oid + " with the reason '" + reason + "'. I will now call cancel_pending_order with order_id " + oid + " and that reason.");
        d.say("Your order " + oid + " has been cancelled. A refund of " + money(SynthShop.total(order)) + " will go back to your original payment method (" + pm + ").",
            "cancel_pending_order returned order " + oid + " with status cancelled and a refund of " + money(SynthShop.total(order)) + " to " + pm + ". No further tool call is needed; I confirm the cancellation and refund from that result.");
      }
      case ADDRESS -> {
        if (!status.equals("pending")) {
          d.say("I'm sorry, but order " + oid + " is already " + status + ", so its shipping address can no longer be changed.", notAllowed);
          return;
        }
        d.say("Order " + oid + " is pending and will currently ship to " + SynthShop.format(order.get("address")) + ". What is the new address?",
            "get_order_details shows order " + oid + " is pending, so its address can be changed. No tool call yet because I do not have the new address; I answer by asking for it.");
        ObjectNode a = SynthShop.address(random);
        d.user(pick(random, "Please ship it to ", "The new address is ", "Send it to ") + SynthShop.format(a) + ", USA.");
        ObjectNode call = args("order_id", oid);
        call.setAll(a);
        d.call("modify_pending_order_address", call,
            "The user gave the new address " + a.get("address1").asText() + ", " + a.get("city").asText() + " " + a.get("zip").asText()
                + " for pending order " + oid + ". I will call modify_pending_order_address with order_id " + oid + " and each part of that address.");
        d.say("Done! Order " + oid + " will now ship to " + SynthShop.format(a) + ".",
            "modify_pending_order_address returned order " + oid + " with the new address in " + a.get("city").asText() + ". No further tool call is needed; I confirm the updated shipping address from that result.");
      }
      case RETURN -> {
        if (!status.equals("delivered")) {
          d.say("I'm sorry, but order " + oid + " is " + status + ", and only delivered orders can be returned."
              + (status.equals("pending") ? " Since it is still pending, I can cancel it instead if you like." : ""), notAllowed);
          return;
        }
        String itemId = item.get("item_id").asText();
        String price = money(item.get("price").asDouble());
        d.say("I can return the " + SynthShop.describe(item) + " from order " + oid + " for a refund of " + price
            + " to your original payment method (" + pm + "). Would you like me to proceed?",
            "get_order_details shows order " + oid + " was delivered and has the " + name + " with item id " + itemId + " at " + price + ". No tool call yet: I need explicit confirmation, so I answer with the return details.");
        d.user(pick(random, "Yes, go ahead.", "Yes please.", "Sounds good, proceed."));
        d.call("return_delivered_order_items", args("order_id", oid, "item_ids", List.of(itemId), "payment_method_id", pm),
            "The user confirmed returning the " + name + " from delivered order " + oid + ". I will call return_delivered_order_items with order_id " + oid + ", item_ids [" + itemId + "] and payment method " + pm + ".");
        d.say("The return of your " + name + " is requested. You'll get an email with return instructions, and " + price + " will be refunded to " + pm + ".",
            "return_delivered_order_items returned order " + oid + " with status return requested for item " + itemId + ". No further tool call is needed; I confirm the return and the " + price + " refund from that result.");
      }
      default -> {
        String pid = item.get("product_id").asText();
        JsonNode product = d.call("get_product_details", args("product_id", pid),
            "get_order_details shows the " + name + " in order " + oid + " has product id " + pid + ". To list its variants and availability I will call get_product_details with product_id " + pid + ".");
        List<String> available = new ArrayList<>();
        product.get("variants").forEach(v -> {
          if (v.get("available").asBoolean()) {
            available.add(options(v) + " at " + money(v.get("price").asDouble()));
          }
        });
        d.say(available.isEmpty() ? "I'm sorry, no variant of the " + name + " is in stock right now."
                : "The " + name + " is currently available in " + available.size() + " options: " + String.join("; ", available) + ".",
            "get_product_details returned the variants of the " + name + ", " + available.size() + " of them available. No further tool call is needed; I answer by listing the available options and prices from that observation.");
      }
    }
  }

  /** Authenticates (asking first unless the email came with the request); returns the user id. */
  private String authenticate(SynthDialogue d, Random random, String request, String goal) {
    if (uid == null) {
      uid = verify(d, random, request, goal);
    } else {
      d.user(pick(random, "Also, " + lowerFirst(request), "One more thing: " + lowerFirst(request), "Thanks. " + request));
    }
    return uid;
  }

  private String verify(SynthDialogue d, Random random, String request, String goal) {
    String email = shop.user.get("email").asText();
    if (random.nextInt(3) == 0) {
      d.user(pick(random, "Hi, my email is " + email + ". " + request, request + " My email is " + email + ".",
          "Hello! " + request + " You can find me under " + email + "."));
      return d.call("find_user_id_by_email", args("email", email),
          "The user wants to " + goal + " and already gave the email " + email + ". Policy requires authentication first, so I will call find_user_id_by_email with that email.").asText();
    }
    d.user(pick(random, "Hi, " + lowerFirst(request), request, "Hello there. " + request));
    d.say(pick(random,
            "I'd be glad to help. First, I need to verify your identity. Could you please give me your email address, or your first name, last name and zip code?",
            "Sure, I can help with that. To authenticate you, please share the email on your account, or your full name and zip code.",
            "Happy to help! Before I look into it, could you tell me your email address? Your first and last name plus zip code works too."),
        "The user wants to " + goal + ", but they are not authenticated yet. Policy requires verifying identity first, so no tool call is possible; I answer by asking for their email, or name and zip code.");
    String first = shop.user.at("/name/first_name").asText();
    String last = shop.user.at("/name/last_name").asText();
    String zip = shop.user.at("/address/zip").asText();
    if (random.nextInt(5) < 3) {
      d.user(pick(random, "It's " + email + ".", "My email is " + email + ".", "Sure: " + email));
      return d.call("find_user_id_by_email", args("email", email),
          "The user just gave the email " + email + ", which I need to authenticate them before I " + goal + ". I will call find_user_id_by_email with exactly that email.").asText();
    }
    d.user(pick(random, "I'm " + first + " " + last + ", zip code " + zip + ".", "My name is " + first + " " + last + " and my zip is " + zip + ".",
        first + " " + last + ", " + zip + "."));
    return d.call("find_user_id_by_name_zip", args("first_name", first, "last_name", last, "zip", zip),
        "The user gave the name " + first + " " + last + " and zip code " + zip + " instead of an email. To authenticate them, I will call find_user_id_by_name_zip with these three values.").asText();
  }

  private static void statusAnswer(SynthDialogue d, Random random, JsonNode order) {
    String oid = order.get("order_id").asText();
    String status = order.get("status").asText();
    String detail = switch (status) {
      case "pending" -> " It has not been processed yet, so it can still be changed or cancelled.";
      case "processed" -> " It is being prepared for shipment.";
      case "delivered" -> " It was delivered to " + order.at("/address/address1").asText() + ", " + order.at("/address/city").asText() + ".";
      default -> " It was cancelled and refunded to your original payment method.";
    };
    String total = money(SynthShop.total(order));
    d.say(pick(random, "Your order " + oid + " is " + status + ". It contains " + items(order) + ", for a total of " + total + ".",
            "Order " + oid + " is currently " + status + ". Items: " + items(order) + "; total " + total + ".") + detail,
        "get_order_details returned order " + oid + " with status " + status + " and a total of " + total + ". No further tool call is needed; I answer from this observation with the status, items and total.");
  }

  private static void human(SynthDialogue d, Random random) {
    String topic = pick(random, "a damaged package", "a billing problem", "a complaint about delivery", "a warranty claim");
    d.user(pick(random, "I want to talk to a human agent about " + topic + ".", "Can I speak with a real person? It's about " + topic + "."));
    SynthMoves.transferToHuman(d, topic);
  }

  /** "Where is..." -> "where is..." to follow "Also, "; the pronoun "I" keeps its capital. */
  static String lowerFirst(String text) {
    if (text.isEmpty() || text.startsWith("I ") || text.startsWith("I'")) {
      return text;
    }
    return Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }

  private static String items(JsonNode order) {
    List<String> names = new ArrayList<>();
    order.get("items").forEach(i -> names.add(SynthShop.describe(i)));
    return SynthText.join(names);
  }

  private static String options(JsonNode variant) {
    List<String> parts = new ArrayList<>();
    variant.get("options").fields().forEachRemaining(e -> parts.add(e.getKey() + " " + e.getValue().asText()));
    return String.join(", ", parts);
  }

  private static List<JsonNode> listOf(JsonNode array) {
    List<JsonNode> list = new ArrayList<>();
    array.forEach(list::add);
    return list;
  }
}
