package ai.thinkact.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The tool specs of the synthetic shop and airline, named and shaped as in tau-bench. */
final class SynthSchemas {
  private SynthSchemas() {}

  static List<ObjectNode> retail() {
    return List.of(
        spec("find_user_id_by_email", "Find user id by email. If the user is not found, the function will return an error message.",
            param("email", "string", "The email of the user, such as 'something@example.com'.")),
        spec("find_user_id_by_name_zip", "Find user id by first name, last name, and zip code. If the user is not found, the function will return an error message.",
            param("first_name", "string", "The first name of the customer, such as 'John'."),
            param("last_name", "string", "The last name of the customer, such as 'Doe'."),
            param("zip", "string", "The zip code of the customer, such as '12345'.")),
        getUserDetails("orders"),
        spec("get_order_details", "Get the status and details of an order.",
            param("order_id", "string", "The order id, such as '#W0000000'. Be careful there is a '#' symbol at the beginning of the order id.")),
        spec("get_product_details", "Get the inventory details of a product.",
            param("product_id", "string", "The product id, such as '6086499569'. Be careful the product id is different from the item id.")),
        spec("list_all_product_types", "List the name and product id of all product types."),
        spec("cancel_pending_order", "Cancel a pending order. If the order is already processed or delivered, it cannot be cancelled. The agent needs to explain the cancellation detail and ask for explicit user confirmation (yes) to proceed.",
            orderId(),
            enumParam("reason", "The reason for cancellation, which should be either 'no longer needed' or 'ordered by mistake'.", "no longer needed", "ordered by mistake")),
        spec("modify_pending_order_address", "Modify the shipping address of a pending order. The agent needs to explain the modification detail and ask for explicit user confirmation (yes) to proceed.",
            orderId(),
            param("address1", "string", "The first line of the address, such as '123 Main St'."),
            param("address2", "string", "The second line of the address, such as 'Apt 1' or ''."),
            param("city", "string", "The city, such as 'San Francisco'."),
            param("state", "string", "The state, such as 'CA'."),
            param("country", "string", "The country, such as 'USA'."),
            param("zip", "string", "The zip code, such as '12345'.")),
        spec("return_delivered_order_items", "Return some items of a delivered order. The agent needs to explain the return detail and ask for explicit user confirmation (yes) to proceed.",
            orderId(),
            arrayParam("item_ids", "The item ids to be returned, such as ['1008292230']."),
            param("payment_method_id", "string", "The payment method id to pay or receive refund, such as 'gift_card_0000000' or 'credit_card_0000000'.")),
        transfer());
  }

  static List<ObjectNode> airline() {
    return List.of(
        getUserDetails("reservations"),
        spec("get_reservation_details", "Get the details of a reservation.",
            param("reservation_id", "string", "The reservation id, such as '8JX2WO'.")),
        spec("search_direct_flight", "Search direct flights between two cities on a specific date.",
            param("origin", "string", "The origin city airport in three letters, such as 'JFK'."),
            param("destination", "string", "The destination city airport in three letters, such as 'LAX'."),
            param("date", "string", "The date of the flight in the format 'YYYY-MM-DD', such as '2024-01-01'.")),
        spec("cancel_reservation", "Cancel the whole reservation. The agent needs to explain the cancellation detail and ask for explicit user confirmation (yes) to proceed.",
            reservationId()),
        spec("update_reservation_baggages", "Update the baggage information of a reservation. The agent needs to explain the change and ask for explicit user confirmation (yes) to proceed.",
            reservationId(),
            param("total_baggages", "integer", "The updated total number of baggage items included in the reservation."),
            param("nonfree_baggages", "integer", "The updated number of non-free baggage items included in the reservation."),
            param("payment_id", "string", "The payment id stored in user profile, such as 'credit_card_7815826', 'gift_card_7815826', 'certificate_7815826'.")),
        spec("list_all_airports", "List all airports and their cities."),
        transfer());
  }

  /** Both domains' user lookup; only what the user record lists differs. */
  private static ObjectNode getUserDetails(String records) {
    return spec("get_user_details", "Get the details of a user, including their " + records + ".",
        param("user_id", "string", "The user id, such as 'sara_doe_496'."));
  }

  /** The order id of the retail actions (get_order_details words its own, as tau-bench does). */
  private static ObjectNode orderId() {
    return param("order_id", "string", "The order id, such as '#W0000000'.");
  }

  /** The reservation id of the airline actions (get_reservation_details words its own, as tau-bench does). */
  private static ObjectNode reservationId() {
    return param("reservation_id", "string", "The reservation ID, such as 'ZFA04Y'.");
  }

  private static ObjectNode transfer() {
    return spec("transfer_to_human_agents", "Transfer the user to a human agent, with a summary of the user's issue. Only transfer if the user explicitly asks for a human agent, or the issue cannot be solved with the available tools.",
        param("summary", "string", "A summary of the user's issue."));
  }

  private static ObjectNode spec(String name, String description, ObjectNode... params) {
    ObjectNode function = Json.MAPPER.createObjectNode();
    function.put("name", name);
    function.put("description", description);
    ObjectNode parameters = function.putObject("parameters");
    parameters.put("type", "object");
    ObjectNode properties = parameters.putObject("properties");
    ArrayNode required = parameters.putArray("required");
    for (ObjectNode param : params) {
      String paramName = param.remove("name").asText();
      properties.set(paramName, param);
      required.add(paramName);
    }
    return Json.toOpenAiTool(function);
  }

  private static ObjectNode param(String name, String type, String description) {
    ObjectNode param = Json.MAPPER.createObjectNode();
    param.put("name", name);
    param.put("type", type);
    param.put("description", description);
    return param;
  }

  private static ObjectNode enumParam(String name, String description, String... values) {
    ObjectNode param = param(name, "string", description);
    ArrayNode options = param.putArray("enum");
    for (String value : values) {
      options.add(value);
    }
    return param;
  }

  private static ObjectNode arrayParam(String name, String description) {
    ObjectNode param = param(name, "array", description);
    param.putObject("items").put("type", "string");
    return param;
  }
}
