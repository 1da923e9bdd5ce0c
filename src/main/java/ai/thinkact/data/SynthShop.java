package ai.thinkact.data;

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
 * The simulated shop's database (JSON documents shaped like tau-bench retail's) and its tools.
 * The product catalog is shared by all conversations of a run; each conversation gets one user
 * with a few orders. Tool results are computed from this state, so answers can be grounded in them.
 */
final class SynthShop {
  /** Product name and its option dimensions with their values. */
  private static final List<Object[]> PRODUCT_TYPES = List.of(
      new Object[] {"T-Shirt", new String[][] {{"color", "red", "blue", "black", "white"}, {"size", "S", "M", "L", "XL"}}},
      new Object[] {"Water Bottle", new String[][] {{"capacity", "500ml", "750ml", "1000ml"}, {"material", "glass", "stainless steel", "plastic"}}},
      new Object[] {"Desk Lamp", new String[][] {{"color", "black", "white", "silver"}, {"brightness", "low", "medium", "high"}}},
      new Object[] {"Running Shoes", new String[][] {{"size", "8", "9", "10", "11"}, {"color", "black", "white", "yellow"}}},
      new Object[] {"Backpack", new String[][] {{"color", "green", "grey", "navy"}, {"size", "small", "medium", "large"}}},
      new Object[] {"Wireless Earbuds", new String[][] {{"color", "black", "white", "blue"}, {"battery life", "6 hours", "8 hours", "10 hours"}}},
      new Object[] {"Coffee Maker", new String[][] {{"color", "black", "stainless steel"}, {"capacity", "4 cups", "8 cups", "12 cups"}}},
      new Object[] {"Yoga Mat", new String[][] {{"thickness", "4mm", "6mm", "8mm"}, {"color", "pink", "purple", "green"}}},
      new Object[] {"Headphones", new String[][] {{"type", "over-ear", "on-ear"}, {"color", "black", "red", "white"}}},
      new Object[] {"Smart Watch", new String[][] {{"color", "black", "silver", "gold"}, {"band", "leather", "silicone", "metal"}}});

  static final String[] STATUSES = {"pending", "processed", "delivered", "cancelled"};

  /** product_id -> product document. */
  final Map<String, ObjectNode> products = new LinkedHashMap<>();

  ObjectNode user;
  final Map<String, ObjectNode> orders = new LinkedHashMap<>();

  SynthShop(Random random) {
    for (Object[] type : PRODUCT_TYPES) {
      String[][] dims = (String[][]) type[1];
      ObjectNode product = Json.MAPPER.createObjectNode();
      String productId = SynthText.digits(random, 10);
      product.put("name", (String) type[0]);
      product.put("product_id", productId);
      ObjectNode variants = product.putObject("variants");
      int count = 4 + random.nextInt(3);
      double base = 15 + random.nextInt(250);
      while (variants.size() < count) {
        ObjectNode options = Json.MAPPER.createObjectNode();
        for (String[] dim : dims) {
          options.put(dim[0], dim[1 + random.nextInt(dim.length - 1)]);
        }
        boolean duplicate = false;
        for (JsonNode v : variants) {
          duplicate |= v.get("options").equals(options);
        }
        if (duplicate) {
          continue;
        }
        String itemId = SynthText.digits(random, 10);
        ObjectNode variant = variants.putObject(itemId);
        variant.put("item_id", itemId);
        variant.set("options", options);
        variant.put("available", random.nextInt(5) > 0);
        variant.put("price", Math.round((base + random.nextInt(40) + random.nextInt(100) / 100.0) * 100) / 100.0);
      }
      products.put(productId, product);
    }
  }

  /** Replaces the per-conversation state with a fresh user owning 1 to 3 orders. */
  void newCustomer(Random random) {
    orders.clear();
    String first = SynthText.pick(random, SynthText.FIRST_NAMES);
    String last = SynthText.pick(random, SynthText.LAST_NAMES);
    String number = SynthText.digits(random, 4);
    user = Json.MAPPER.createObjectNode();
    user.put("user_id", (first + "_" + last + "_" + number).toLowerCase());
    user.putObject("name").put("first_name", first).put("last_name", last);
    user.set("address", address(random));
    user.put("email", (first + "." + last + number + "@example.com").toLowerCase());
    ObjectNode payments = user.putObject("payment_methods");
    String card = "credit_card_" + SynthText.digits(random, 7);
    payments.putObject(card).put("source", "credit_card").put("brand", SynthText.pick(random, "visa", "mastercard"))
        .put("last_four", SynthText.digits(random, 4)).put("id", card);
    if (random.nextBoolean()) {
      String gift = "gift_card_" + SynthText.digits(random, 7);
      payments.putObject(gift).put("source", "gift_card").put("balance", random.nextInt(200)).put("id", gift);
    }
    user.putArray("orders");
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      newOrder(random, SynthText.pick(random, STATUSES)); // also listed in the user's orders
    }
  }

  /** Adds an order with the given status for the current user; returns it. */
  ObjectNode newOrder(Random random, String status) {
    ObjectNode order = Json.MAPPER.createObjectNode();
    String orderId = "#W" + SynthText.digits(random, 7);
    order.put("order_id", orderId);
    order.put("user_id", user.get("user_id").asText());
    order.set("address", user.get("address").deepCopy());
    ArrayNode items = order.putArray("items");
    List<ObjectNode> catalog = new ArrayList<>(products.values());
    int count = 1 + random.nextInt(3);
    double total = 0;
    for (int i = 0; i < count; i++) {
      ObjectNode product = catalog.remove(random.nextInt(catalog.size()));
      List<JsonNode> variants = new ArrayList<>();
      product.get("variants").forEach(variants::add);
      JsonNode variant = SynthText.pick(random, variants);
      ObjectNode item = items.addObject();
      item.put("name", product.get("name").asText());
      item.put("product_id", product.get("product_id").asText());
      item.put("item_id", variant.get("item_id").asText());
      item.put("price", variant.get("price").asDouble());
      item.set("options", variant.get("options").deepCopy());
      total += variant.get("price").asDouble();
    }
    order.put("status", status);
    ArrayNode history = order.putArray("payment_history");
    history.addObject().put("transaction_type", "payment").put("amount", round(total))
        .put("payment_method_id", user.get("payment_methods").fieldNames().next());
    orders.put(orderId, order);
    if (user.get("orders") != null && !contains(user.get("orders"), orderId)) {
      ((ArrayNode) user.get("orders")).add(orderId);
    }
    return order;
  }

  /** Runs a tool on the current state. Errors are returned as text, as tau-bench tools do. */
  JsonNode run(String name, ObjectNode args) {
    ObjectNode order = orders.get(args.path("order_id").asText());
    switch (name) {
      case "find_user_id_by_email":
        return user.get("email").asText().equalsIgnoreCase(args.path("email").asText())
            ? user.get("user_id") : TextNode.valueOf("Error: user not found");
      case "find_user_id_by_name_zip":
        boolean match = user.at("/name/first_name").asText().equalsIgnoreCase(args.path("first_name").asText())
            && user.at("/name/last_name").asText().equalsIgnoreCase(args.path("last_name").asText())
            && user.at("/address/zip").asText().equals(args.path("zip").asText());
        return match ? user.get("user_id") : TextNode.valueOf("Error: user not found");
      case "get_user_details":
        return user.get("user_id").asText().equals(args.path("user_id").asText())
            ? user.deepCopy() : TextNode.valueOf("Error: user not found");
      case "get_order_details":
        return order == null ? TextNode.valueOf("Error: order not found") : order.deepCopy();
      case "get_product_details":
        ObjectNode product = products.get(args.path("product_id").asText());
        return product == null ? TextNode.valueOf("Error: product not found") : product.deepCopy();
      case "list_all_product_types":
        ObjectNode types = Json.MAPPER.createObjectNode();
        products.values().forEach(p -> types.put(p.get("name").asText(), p.get("product_id").asText()));
        return types;
      case "cancel_pending_order":
        if (order == null || !order.get("status").asText().equals("pending")) {
          return TextNode.valueOf("Error: non-pending order cannot be cancelled");
        }
        order.put("status", "cancelled");
        order.put("cancel_reason", args.path("reason").asText());
        JsonNode paid = order.get("payment_history").get(0);
        ((ArrayNode) order.get("payment_history")).addObject().put("transaction_type", "refund")
            .put("amount", paid.get("amount").asDouble()).put("payment_method_id", paid.get("payment_method_id").asText());
        return order.deepCopy();
      case "modify_pending_order_address":
        if (order == null || !order.get("status").asText().equals("pending")) {
          return TextNode.valueOf("Error: non-pending order cannot be modified");
        }
        ObjectNode address = Json.MAPPER.createObjectNode();
        for (String field : List.of("address1", "address2", "city", "state", "country", "zip")) {
          address.put(field, args.path(field).asText());
        }
        order.set("address", address);
        return order.deepCopy();
      case "return_delivered_order_items":
        if (order == null || !order.get("status").asText().equals("delivered")) {
          return TextNode.valueOf("Error: non-delivered order cannot be returned");
        }
        order.put("status", "return requested");
        order.set("return_items", args.get("item_ids").deepCopy());
        order.put("return_payment_method_id", args.path("payment_method_id").asText());
        return order.deepCopy();
      case "transfer_to_human_agents":
        return TextNode.valueOf("Transfer successful");
      default:
        return TextNode.valueOf("Error: unknown tool " + name);
    }
  }

  static ObjectNode address(Random random) {
    String[] city = SynthText.pick(random, SynthText.CITIES);
    ObjectNode address = Json.MAPPER.createObjectNode();
    address.put("address1", (100 + random.nextInt(9800)) + " " + SynthText.pick(random, SynthText.STREETS));
    address.put("address2", "Apt " + (1 + random.nextInt(40)) + SynthText.pick(random, "", "A", "B"));
    address.put("city", city[0]);
    address.put("state", city[1]);
    address.put("country", "USA");
    address.put("zip", city[2] + SynthText.digits(random, 2));
    return address;
  }

  /** "1234 Elm Street, Apt 5, Austin, TX 78701". */
  static String format(JsonNode address) {
    return address.get("address1").asText() + ", " + address.get("address2").asText() + ", "
        + address.get("city").asText() + ", " + address.get("state").asText() + " " + address.get("zip").asText();
  }

  /** "T-Shirt (color blue, size L)". */
  static String describe(JsonNode item) {
    List<String> options = new ArrayList<>();
    item.get("options").fields().forEachRemaining(e -> options.add(e.getKey() + " " + e.getValue().asText()));
    return item.get("name").asText() + " (" + String.join(", ", options) + ")";
  }

  static double total(JsonNode order) {
    double total = 0;
    for (JsonNode item : order.get("items")) {
      total += item.get("price").asDouble();
    }
    return round(total);
  }

  static double round(double amount) {
    return Math.round(amount * 100) / 100.0;
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode node : array) {
      if (node.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }
}
