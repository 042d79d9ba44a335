package com.sessionpolicy.contract;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import com.sessionpolicy.v1.ApplicationSessionPolicySettings;
import com.sessionpolicy.v1.EvaluateSessionRequest;
import com.sessionpolicy.v1.EvaluateSessionResponse;
import com.sessionpolicy.v1.OrganizationSettings;
import com.sessionpolicy.v1.OrganizationSettingsFeature;
import com.sessionpolicy.v1.ResolveEffectivePolicyRequest;
import com.sessionpolicy.v1.ResolveEffectivePolicyResponse;
import com.sessionpolicy.v1.RevocationReason;
import com.sessionpolicy.v1.RevokeSessionsRequest;
import com.sessionpolicy.v1.RevokeSessionsResponse;
import com.sessionpolicy.v1.UpdateApplicationSessionPolicyRequest;
import com.sessionpolicy.v1.UpdateApplicationSessionPolicyResponse;
import com.sessionpolicy.v1.UpdateOrganizationSessionPolicyRequest;
import com.sessionpolicy.v1.UpdateOrganizationSessionPolicyResponse;
import com.sessionpolicy.v1.UpdateOrganizationSettingsRequest;
import com.sessionpolicy.v1.UpdateSessionRulesRequest;
import com.sessionpolicy.v1.UpdateSessionRulesResponse;
import io.grpc.StatusRuntimeException;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Replays one vector over gRPC exactly as test/vectors/README.md says: the given steps (each must
 * succeed; a revocation moves the case's times onto the server's revoke_time), then the call of
 * {@code when}; returns the canonical expected and actual outcomes,
 * {"response": ...} or {"error": {code, reason, fieldViolations}}.
 */
final class VectorReplay {
  static final String SESSION_POLICY_FEATURE = "session_policy";
  private static final Set<String> WHEN_KINDS = Set.of(
      "resolveEffectivePolicy", "evaluateSession", "updateOrganizationSessionPolicy", "updateApplicationSessionPolicy",
      "updateSessionRules");
  /** What an entry of given.revocations may hold (README): no request_id, no reason; the replay sets the reason. */
  private static final Set<String> REVOCATION_KEYS = Set.of("organizationId", "sessionId", "subject", "entireOrganization", "revokeTime");

  /** Whether an earlier case may have left application session rules behind (README, replay step 1). */
  private static boolean applicationRulesSet;

  record Outcome(JsonObject expected, JsonObject actual) {}

  private final LiveServer server;

  VectorReplay(LiveServer server) {
    this.server = server;
  }

  Outcome replay(VectorCase vectorCase, String prefix) {
    JsonObject original = vectorCase.json();
    JsonObject vector;
    if (object(original, "given").has("revocations")) {
      // The prefix is required here and also covers session ids and subjects: revocations outlive the case.
      if (prefix.isEmpty() || errorNamesOrganizationId(original)) {
        throw new IllegalArgumentException("a case with given.revocations needs the per-case prefix on every id: " + vectorCase.name());
      }
      vector = prefixIds(original, prefix).getAsJsonObject();
      prefixSessionIdsAndSubjects(vector, prefix);
    } else {
      vector = errorNamesOrganizationId(original) ? original.deepCopy() : prefixIds(original, prefix).getAsJsonObject();
    }
    JsonObject given = object(vector, "given");
    JsonObject when = object(vector, "when");
    JsonObject then = object(vector, "then");

    // 1-4: the given state. Every step must succeed.
    setApplication(object(given, "application"), "given.application");
    if (given.has("sessionRules") || applicationRulesSet) {
      JsonObject ruleSet = given.has("sessionRules") ? object(given, "sessionRules") : new JsonObject();
      setRules("", ruleSet, "given.sessionRules");
    }
    if (given.has("organizations")) {
      for (JsonElement element : given.getAsJsonArray("organizations")) {
        JsonObject org = element.getAsJsonObject();
        String id = org.get("organizationId").getAsString();
        boolean enabled = org.get("sessionPolicyEnabled").getAsBoolean();
        setFeature(id, true);
        if (org.has("policy")) {
          JsonObject request = object(org, "policy").deepCopy();
          request.addProperty("organizationId", id);
          UpdateOrganizationSessionPolicyRequest parsed =
              ProtoJson.parse(request, UpdateOrganizationSessionPolicyRequest.newBuilder()).build();
          given("UpdateOrganizationSessionPolicy " + id, () -> server.admin().updateOrganizationSessionPolicy(parsed));
        }
        if (org.has("sessionRules")) setRules(id, object(org, "sessionRules"), "sessionRules of " + id);
        setFeature(id, enabled);
      }
    }
    // 3: the revocation; the server sets its revoke_time, so the case's times move by R - revokeTime.
    Duration offset = given.has("revocations") ? revoke(given.getAsJsonArray("revocations")) : null;
    if (given.has("laterApplication")) setApplication(object(given, "laterApplication"), "given.laterApplication");

    // 5: the call under test.
    if (when.size() != 1 || !WHEN_KINDS.contains(when.keySet().iterator().next())) {
      throw new IllegalArgumentException("\"when\" must be exactly one of " + WHEN_KINDS + ": " + when);
    }
    String kind = when.keySet().iterator().next();
    JsonObject request = object(when, kind);
    if (offset != null) request = ProtoJson.shiftTimestamps(request, requestTypeOf(kind), offset).getAsJsonObject();
    Descriptor responseType = responseTypeOf(kind);
    JsonObject actual = new JsonObject();
    try {
      Message response;
      switch (kind) {
        case "resolveEffectivePolicy" -> response = server.resolver().resolveEffectivePolicy(
            ProtoJson.parse(request, ResolveEffectivePolicyRequest.newBuilder()).build());
        case "evaluateSession" -> response = server.resolver().evaluateSession(
            ProtoJson.parse(request, EvaluateSessionRequest.newBuilder()).build());
        case "updateOrganizationSessionPolicy" -> response = server.admin().updateOrganizationSessionPolicy(
            ProtoJson.parse(request, UpdateOrganizationSessionPolicyRequest.newBuilder()).build());
        case "updateSessionRules" -> response = updateRules(ProtoJson.parse(request, UpdateSessionRulesRequest.newBuilder()).build());
        default -> response = server.admin().updateApplicationSessionPolicy(
            ProtoJson.parse(request, UpdateApplicationSessionPolicyRequest.newBuilder()).build());
      }
      actual.add("response", ProtoJson.canonical(ProtoJson.print(response), responseType));
    } catch (StatusRuntimeException e) {
      actual.add("error", actualError(ErrorDetails.of(e)));
    }

    JsonObject expected = new JsonObject();
    boolean hasResponse = then.has("response");
    if (hasResponse == then.has("error") || then.size() != 1) {
      throw new IllegalArgumentException("\"then\" must be exactly one of response, error: " + then);
    }
    if (hasResponse) {
      JsonElement response = object(then, "response");
      if (offset != null) response = ProtoJson.shiftTimestamps(response, responseType, offset);
      expected.add("response", ProtoJson.canonical(response, responseType));
    } else {
      expected.add("error", expectedError(object(then, "error")));
    }
    return new Outcome(expected, actual);
  }

  private static Descriptor requestTypeOf(String kind) {
    return switch (kind) {
      case "resolveEffectivePolicy" -> ResolveEffectivePolicyRequest.getDescriptor();
      case "evaluateSession" -> EvaluateSessionRequest.getDescriptor();
      case "updateOrganizationSessionPolicy" -> UpdateOrganizationSessionPolicyRequest.getDescriptor();
      case "updateSessionRules" -> UpdateSessionRulesRequest.getDescriptor();
      default -> UpdateApplicationSessionPolicyRequest.getDescriptor();
    };
  }

  private static Descriptor responseTypeOf(String kind) {
    return switch (kind) {
      case "resolveEffectivePolicy" -> ResolveEffectivePolicyResponse.getDescriptor();
      case "evaluateSession" -> EvaluateSessionResponse.getDescriptor();
      case "updateOrganizationSessionPolicy" -> UpdateOrganizationSessionPolicyResponse.getDescriptor();
      case "updateSessionRules" -> UpdateSessionRulesResponse.getDescriptor();
      default -> UpdateApplicationSessionPolicyResponse.getDescriptor();
    };
  }

  private void setApplication(JsonObject policy, String step) {
    ApplicationSessionPolicySettings settings = ProtoJson.parse(policy, ApplicationSessionPolicySettings.newBuilder()).build();
    given("UpdateApplicationSessionPolicy (" + step + ")", () -> server.admin().updateApplicationSessionPolicy(
        UpdateApplicationSessionPolicyRequest.newBuilder().setPolicy(settings).build()));
  }

  /**
   * Records the case's one revocation with RevokeSessions (reason LOGOUT, no request_id) and returns
   * offset = R - the vector's revokeTime, R being the revoke_time the server set (README, step 3).
   */
  private Duration revoke(JsonArray revocations) {
    if (revocations.size() != 1) {
      throw new IllegalArgumentException("given.revocations must hold exactly one revocation: " + revocations);
    }
    JsonObject revocation = revocations.get(0).getAsJsonObject();
    if (!REVOCATION_KEYS.containsAll(revocation.keySet()) || !revocation.has("revokeTime")) {
      throw new IllegalArgumentException("a revocation holds " + REVOCATION_KEYS + " with a revokeTime: " + revocation);
    }
    Timestamp written;
    try {
      written = Timestamps.parse(revocation.get("revokeTime").getAsString());
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a revokeTime: " + revocation, e);
    }
    JsonObject request = revocation.deepCopy();
    request.remove("revokeTime");
    request.addProperty("reason", RevocationReason.REVOCATION_REASON_LOGOUT.name());
    RevokeSessionsRequest parsed = ProtoJson.parse(request, RevokeSessionsRequest.newBuilder()).build();
    if (parsed.getTargetCase() == RevokeSessionsRequest.TargetCase.TARGET_NOT_SET) {
      throw new IllegalArgumentException("a revocation names one of sessionId, subject, entireOrganization: " + revocation);
    }
    String step = "RevokeSessions " + ProtoJson.print(parsed);
    RevokeSessionsResponse response = given(step, () -> server.admin().revokeSessions(parsed));
    if (!response.getRevocation().hasRevokeTime()) {
      throw new AssertionError("given step " + step + " answered no revocation.revoke_time: " + ProtoJson.print(response));
    }
    return Timestamps.between(written, response.getRevocation().getRevokeTime());
  }

  private void setRules(String organizationId, JsonObject ruleSet, String step) {
    JsonObject request = new JsonObject();
    request.addProperty("organizationId", organizationId);
    request.add("ruleSet", ruleSet);
    UpdateSessionRulesRequest parsed = ProtoJson.parse(request, UpdateSessionRulesRequest.newBuilder()).build();
    given("UpdateSessionRules (" + step + ")", () -> updateRules(parsed));
  }

  private UpdateSessionRulesResponse updateRules(UpdateSessionRulesRequest request) {
    if (request.getOrganizationId().isEmpty()) applicationRulesSet = true;
    return server.admin().updateSessionRules(request);
  }

  private void setFeature(String organizationId, boolean enabled) {
    given("UpdateOrganizationSettings " + organizationId + " session_policy=" + enabled,
        () -> server.admin().updateOrganizationSettings(UpdateOrganizationSettingsRequest.newBuilder()
            .setOrganizationId(organizationId)
            .setSettings(OrganizationSettings.newBuilder().addFeatures(
                OrganizationSettingsFeature.newBuilder().setName(SESSION_POLICY_FEATURE).setEnabled(enabled)))
            .build()));
  }

  /** A given step failing means a broken server or vector, never a pass: fail the case with the details. */
  private static <M extends Message> M given(String step, Supplier<M> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      ErrorDetails details = ErrorDetails.of(e);
      throw new AssertionError("given step failed: " + step + ": " + details.code() + " "
          + details.errorInfo().getReason() + " " + details.violationPairs() + " (" + details.message() + ")", e);
    }
  }

  private static JsonObject actualError(ErrorDetails details) {
    JsonObject error = new JsonObject();
    error.addProperty("code", details.code().name());
    error.addProperty("reason", details.errorInfo().getReason());
    JsonArray violations = new JsonArray();
    details.violationPairs().forEach(violations::add);
    error.add("fieldViolations", violations);
    return error;
  }

  /** The vector's error in the same shape: field violations as a sorted list of "field constraint". */
  private static JsonObject expectedError(JsonObject vectorError) {
    JsonObject error = new JsonObject();
    error.add("code", vectorError.get("code"));
    error.add("reason", vectorError.get("reason"));
    JsonArray violations = new JsonArray();
    if (vectorError.has("fieldViolations")) {
      vectorError.getAsJsonArray("fieldViolations").asList().stream()
          .map(JsonElement::getAsJsonObject)
          .map(v -> v.get("field").getAsString() + " " + v.get("constraint").getAsString())
          .sorted()
          .forEach(violations::add);
    }
    error.add("fieldViolations", violations);
    for (String key : vectorError.keySet()) {
      if (!Set.of("code", "reason", "fieldViolations").contains(key)) error.add(key, vectorError.get(key));
    }
    return error;
  }

  /** Cases whose expected error names the field organization_id send their ids verbatim. */
  private static boolean errorNamesOrganizationId(JsonObject vector) {
    JsonObject then = object(vector, "then");
    if (!then.has("error")) return false;
    JsonObject error = object(then, "error");
    if (!error.has("fieldViolations")) return false;
    return error.getAsJsonArray("fieldViolations").asList().stream()
        .anyMatch(v -> v.getAsJsonObject().get("field").getAsString().equals("organization_id"));
  }

  /**
   * Prefixes every organization id (non-empty "organizationId" values and every "organizationIds"
   * element) in given, when and the expected sources alike, keeping cases and runs apart.
   */
  private static JsonElement prefixIds(JsonElement value, String prefix) {
    if (value.isJsonArray()) {
      JsonArray out = new JsonArray();
      for (JsonElement item : value.getAsJsonArray()) out.add(prefixIds(item, prefix));
      return out;
    }
    if (!value.isJsonObject()) return value;
    JsonObject out = new JsonObject();
    for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
      String key = entry.getKey();
      JsonElement v = entry.getValue();
      if (key.equals("organizationId") && v.isJsonPrimitive() && !v.getAsString().isEmpty()) {
        out.add(key, new JsonPrimitive(prefix + v.getAsString()));
      } else if (key.equals("organizationIds") && v.isJsonArray()) {
        JsonArray ids = new JsonArray();
        for (JsonElement id : v.getAsJsonArray()) ids.add(prefix + id.getAsString());
        out.add(key, ids);
      } else {
        out.add(key, prefixIds(v, prefix));
      }
    }
    return out;
  }

  /**
   * In a case with given.revocations the prefix also goes in front of every sessionId and subject, in
   * given.revocations and in when.evaluateSession, so a revocation reaches no other case or run.
   */
  private static void prefixSessionIdsAndSubjects(JsonObject vector, String prefix) {
    for (JsonElement revocation : object(vector, "given").getAsJsonArray("revocations")) {
      prefixSessionIdAndSubject(revocation.getAsJsonObject(), prefix);
    }
    JsonObject when = object(vector, "when");
    if (when.has("evaluateSession")) prefixSessionIdAndSubject(object(when, "evaluateSession"), prefix);
  }

  private static void prefixSessionIdAndSubject(JsonObject json, String prefix) {
    for (String key : List.of("sessionId", "subject")) {
      JsonElement v = json.get(key);
      if (v != null && v.isJsonPrimitive() && !v.getAsString().isEmpty()) json.addProperty(key, prefix + v.getAsString());
    }
  }

  private static JsonObject object(JsonObject parent, String key) {
    JsonElement value = parent.get(key);
    if (value == null || !value.isJsonObject()) throw new IllegalArgumentException("missing object \"" + key + "\" in " + parent);
    return value.getAsJsonObject();
  }
}
