package com.sessionpolicy.contract;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import java.text.ParseException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Proto3 JSON in and out of the generated messages, and the canonical form responses are compared in
 * (test/vectors/README.md, "Comparing"): volatile fields dropped, Durations and Timestamps replaced by
 * their canonical text so that "28800s" equals "28800.000s" and instants compare as instants. The
 * walk follows the message descriptors, so only fields that really are Durations or Timestamps are
 * touched; any other difference (extra, missing or different field) remains a difference.
 */
final class ProtoJson {
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer();

  /** Fields left out of the comparison, by message: etag of update responses, revision/stale of EffectivePolicy. */
  private static final Map<String, Set<String>> DROPPED = Map.of(
      "sessionpolicy.v1.UpdateOrganizationSessionPolicyResponse", Set.of("etag"),
      "sessionpolicy.v1.UpdateApplicationSessionPolicyResponse", Set.of("etag"),
      "sessionpolicy.v1.UpdateSessionRulesResponse", Set.of("etag"),
      "sessionpolicy.v1.EffectivePolicy", Set.of("revision", "stale"));

  private ProtoJson() {}

  /** Parses proto3 JSON (enums by name or number; unknown fields rejected) into a message. */
  @SuppressWarnings("unchecked")
  static <B extends Message.Builder> B parse(JsonElement json, B builder) {
    try {
      PARSER.merge(json.toString(), builder);
      return builder;
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a " + builder.getDescriptorForType().getFullName() + ": " + json, e);
    }
  }

  static JsonObject print(Message message) {
    try {
      return JsonParser.parseString(PRINTER.print(message)).getAsJsonObject();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The canonical form of a JSON object of message type {@code type}, keys sorted. */
  static JsonElement canonical(JsonElement json, Descriptor type) {
    switch (type.getFullName()) {
      case "google.protobuf.Duration":
        try {
          return new JsonPrimitive("duration " + Durations.toString(Durations.parse(json.getAsString())));
        } catch (ParseException | RuntimeException e) {
          return new JsonPrimitive("not a duration: " + json);
        }
      case "google.protobuf.Timestamp":
        try {
          return new JsonPrimitive("instant " + Timestamps.toString(Timestamps.parse(json.getAsString())));
        } catch (ParseException | RuntimeException e) {
          return new JsonPrimitive("not a timestamp: " + json);
        }
      default:
        break;
    }
    if (!json.isJsonObject()) return json;
    Set<String> dropped = DROPPED.getOrDefault(type.getFullName(), Set.of());
    TreeMap<String, JsonElement> sorted = new TreeMap<>();
    for (Map.Entry<String, JsonElement> entry : json.getAsJsonObject().entrySet()) {
      String key = entry.getKey();
      if (dropped.contains(key)) continue;
      FieldDescriptor field = field(type, key);
      JsonElement value = entry.getValue();
      if (field != null && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isMapField()) {
        Descriptor fieldType = field.getMessageType();
        if (field.isRepeated() && value.isJsonArray()) {
          JsonArray items = new JsonArray();
          for (JsonElement item : value.getAsJsonArray()) items.add(canonical(item, fieldType));
          value = items;
        } else {
          value = canonical(value, fieldType);
        }
      }
      sorted.put(key, value);
    }
    JsonObject out = new JsonObject();
    sorted.forEach(out::add);
    return out;
  }

  /**
   * A copy of the JSON object of message type {@code type} with {@code offset} added to every
   * Timestamp, found by the descriptors like {@link #canonical} (test/vectors/README.md, replay step
   * 3); exact to the nanosecond. A Timestamp that does not parse is a broken vector.
   */
  static JsonElement shiftTimestamps(JsonElement json, Descriptor type, Duration offset) {
    if (type.getFullName().equals("google.protobuf.Timestamp")) {
      try {
        return new JsonPrimitive(Timestamps.toString(Timestamps.add(Timestamps.parse(json.getAsString()), offset)));
      } catch (ParseException | RuntimeException e) {
        throw new IllegalArgumentException("not a timestamp to shift: " + json, e);
      }
    }
    if (!json.isJsonObject()) return json;
    JsonObject out = new JsonObject();
    for (Map.Entry<String, JsonElement> entry : json.getAsJsonObject().entrySet()) {
      FieldDescriptor field = field(type, entry.getKey());
      JsonElement value = entry.getValue();
      if (field != null && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isMapField()) {
        Descriptor fieldType = field.getMessageType();
        if (field.isRepeated() && value.isJsonArray()) {
          JsonArray items = new JsonArray();
          for (JsonElement item : value.getAsJsonArray()) items.add(shiftTimestamps(item, fieldType, offset));
          value = items;
        } else {
          value = shiftTimestamps(value, fieldType, offset);
        }
      }
      out.add(entry.getKey(), value);
    }
    return out;
  }

  private static FieldDescriptor field(Descriptor type, String jsonKey) {
    for (FieldDescriptor field : type.getFields()) {
      if (field.getJsonName().equals(jsonKey) || field.getName().equals(jsonKey)) return field;
    }
    return null;
  }
}
