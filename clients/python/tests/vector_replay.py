"""Replays the shared JSON vectors (test/vectors, rules in its README) over gRPC with the Python stubs.

Requests are built from the vector JSON with json_format.ParseDict (enum names and numbers alike);
responses are turned back into proto3 JSON with json_format.MessageToDict and normalised for
comparison: etag/revision/stale dropped, Durations and Timestamps canonicalised so equal values
compare equal whatever their spelling. Everything else must match exactly.

A revocation case (given.revocations) records its revocation with RevokeSessions; the server sets the
revoke_time, so every Timestamp of the case's `when` and expected response is moved by the exact
difference (in integer nanoseconds) between that revoke_time and the vector's revokeTime.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import grpc
from google.protobuf import json_format
from google.protobuf.descriptor import Descriptor
from google.protobuf.duration_pb2 import Duration
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from sessionpolicy.v1 import (
    admin_service_pb2,
    resolver_service_pb2,
    session_policy_pb2,
    session_revocation_pb2,
    session_rules_pb2,
)

Json = dict[str, Any]
Metadata = tuple[tuple[str, str], ...]

VECTORS_DIR = Path(__file__).resolve().parents[3] / "test" / "vectors"
CALL_TIMEOUT_S = 15.0


def load_vectors() -> list[Json]:
    """Every case of test/vectors/*.json, files in name order, cases in file order."""
    cases: list[Json] = []
    for path in sorted(VECTORS_DIR.glob("*.json")):
        loaded = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(loaded, list):
            raise ValueError(f"{path}: expected a JSON array of cases")
        cases.extend(loaded)
    return cases


# ---------------------------------------------------------------------------------------------------
# Normalisation for comparison

_DURATION = Duration.DESCRIPTOR.full_name
_TIMESTAMP = Timestamp.DESCRIPTOR.full_name
_EFFECTIVE_POLICY = resolver_service_pb2.EffectivePolicy.DESCRIPTOR.full_name
# Dropped before comparing (vectors/README.md, "Comparing").
_DROPPED_AT_TOP = {"etag"}
_DROPPED_IN_EFFECTIVE_POLICY = {"revision", "stale"}


def _canonical_message(value: Any, descriptor: Descriptor) -> Any:
    if descriptor.full_name == _DURATION and isinstance(value, str):
        duration = Duration()
        duration.FromJsonString(value)  # "28800s" and "28800.000s" alike
        return ("duration", duration.ToJsonString())
    if descriptor.full_name == _TIMESTAMP and isinstance(value, str):
        instant = Timestamp()
        instant.FromJsonString(value)  # any number of fractional digits, any offset
        return ("instant", instant.ToJsonString())
    if isinstance(value, dict) and not descriptor.full_name.startswith("google.protobuf."):
        return _canonical_fields(value, descriptor, dropped=set())
    return value  # wrappers (plain JSON values) and anything malformed, compared as is


def _canonical_fields(value: Json, descriptor: Descriptor, dropped: set[str]) -> Json:
    if descriptor.full_name == _EFFECTIVE_POLICY:
        dropped = dropped | _DROPPED_IN_EFFECTIVE_POLICY
    fields = {field.json_name: field for field in descriptor.fields}
    out: Json = {}
    for key, item in value.items():
        if key in dropped:
            continue
        field = fields.get(key)
        if field is None or field.message_type is None:
            out[key] = item  # scalars and enums as is; an unknown key stays and fails the comparison
        elif field.is_repeated and isinstance(item, list):
            out[key] = [_canonical_message(element, field.message_type) for element in item]
        else:
            out[key] = _canonical_message(item, field.message_type)
    return out


def canonical_response(value: Json, response_type: type[Message]) -> Json:
    """A response's proto3 JSON in the form that is compared (expected and actual alike)."""
    return _canonical_fields(value, response_type.DESCRIPTOR, dropped=_DROPPED_AT_TOP)


def _violation_set(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(pairs)  # unordered, but a repeated pair still counts twice


def canonical_error(code: str, reason: str | None, violations: list[tuple[str, str]]) -> Json:
    error: Json = {"code": code, "reason": reason}
    if violations:
        error["fieldViolations"] = _violation_set(violations)
    return {"error": error}


# ---------------------------------------------------------------------------------------------------
# Error details


@dataclass(frozen=True)
class DecodedError:
    code: grpc.StatusCode
    message: str
    status_code: int | None
    reason: str | None
    domain: str | None
    metadata: dict[str, str]
    violations: list[tuple[str, str]]  # (field, constraint) from google.rpc.BadRequest
    detail_types: list[str]


def decode_error(error: grpc.RpcError) -> DecodedError:
    """Reads the google.rpc.Status in grpc-status-details-bin: ErrorInfo and BadRequest."""
    status = rpc_status.from_call(error)  # type: ignore[arg-type]  # a failed unary call is a grpc.Call
    reason = domain = None
    metadata: dict[str, str] = {}
    violations: list[tuple[str, str]] = []
    detail_types: list[str] = []
    for detail in status.details if status is not None else []:
        detail_types.append(detail.type_url)
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            reason, domain, metadata = info.reason, info.domain, dict(info.metadata)
        elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad_request = error_details_pb2.BadRequest()
            detail.Unpack(bad_request)
            violations.extend((v.field, v.reason) for v in bad_request.field_violations)
    return DecodedError(
        code=error.code(),  # type: ignore[attr-defined]
        message=error.details(),  # type: ignore[attr-defined]
        status_code=status.code if status is not None else None,
        reason=reason,
        domain=domain,
        metadata=metadata,
        violations=violations,
        detail_types=detail_types,
    )


# ---------------------------------------------------------------------------------------------------
# Replay


def _prefixed(value: Any, prefix: str) -> Any:
    """Prefixes every organization id (organizationId, organizationIds) anywhere in a case."""
    if isinstance(value, list):
        return [_prefixed(item, prefix) for item in value]
    if not isinstance(value, dict):
        return value
    out: Json = {}
    for key, item in value.items():
        if key == "organizationId" and isinstance(item, str) and item != "":
            out[key] = prefix + item
        elif key == "organizationIds" and isinstance(item, list):
            out[key] = [prefix + org_id for org_id in item]
        else:
            out[key] = _prefixed(item, prefix)
    return out


# Prefixed too in a revocation case, in given.revocations and when.evaluateSession (vectors/README.md).
_REVOCATION_TARGETS = ("sessionId", "subject")


def _prefixed_targets(value: Json, prefix: str) -> Json:
    """Prefixes the sessionId and subject of a revocation or of an EvaluateSession request."""
    return {
        key: prefix + item if key in _REVOCATION_TARGETS and isinstance(item, str) and item != "" else item
        for key, item in value.items()
    }


def _prefixed_revocation_case(case: Json, prefix: str) -> Json:
    """A revocation case with its organization ids, session ids and subjects prefixed."""
    case = _prefixed(case, prefix)
    given = {**case["given"], "revocations": [_prefixed_targets(r, prefix) for r in case["given"]["revocations"]]}
    when = case["when"]
    if "evaluateSession" in when:
        when = {**when, "evaluateSession": _prefixed_targets(when["evaluateSession"], prefix)}
    return {**case, "given": given, "when": when}


def _shifted(value: Any, descriptor: Descriptor, offset_ns: int) -> Any:
    """A message's proto3 JSON with offset_ns added to every Timestamp in it (integer nanoseconds, exact)."""
    if descriptor.full_name == _TIMESTAMP:
        instant = Timestamp()
        instant.FromJsonString(value)
        instant.FromNanoseconds(instant.ToNanoseconds() + offset_ns)
        return instant.ToJsonString()
    if not isinstance(value, dict) or descriptor.full_name.startswith("google.protobuf."):
        return value  # Durations are not shifted; wrappers hold no time
    fields = {field.json_name: field for field in descriptor.fields}
    out: Json = {}
    for key, item in value.items():
        field = fields.get(key)
        if field is None or field.message_type is None:
            out[key] = item
        elif field.message_type.GetOptions().map_entry and isinstance(item, dict):
            value_type = field.message_type.fields_by_name["value"].message_type
            out[key] = item if value_type is None else {k: _shifted(v, value_type, offset_ns) for k, v in item.items()}
        elif field.is_repeated and isinstance(item, list):
            out[key] = [_shifted(element, field.message_type, offset_ns) for element in item]
        else:
            out[key] = _shifted(item, field.message_type, offset_ns)
    return out


def _names_organization_id(case: Json) -> bool:
    violations = case["then"].get("error", {}).get("fieldViolations", [])
    return any(v.get("field") == "organization_id" for v in violations)


@dataclass(frozen=True)
class _When:
    service: str  # "admin" or "resolver"
    method: str
    request_type: type[Message]
    response_type: type[Message]


WHEN: dict[str, _When] = {
    "resolveEffectivePolicy": _When(
        "resolver",
        "ResolveEffectivePolicy",
        resolver_service_pb2.ResolveEffectivePolicyRequest,
        resolver_service_pb2.ResolveEffectivePolicyResponse,
    ),
    "evaluateSession": _When(
        "resolver",
        "EvaluateSession",
        resolver_service_pb2.EvaluateSessionRequest,
        resolver_service_pb2.EvaluateSessionResponse,
    ),
    "updateOrganizationSessionPolicy": _When(
        "admin",
        "UpdateOrganizationSessionPolicy",
        admin_service_pb2.UpdateOrganizationSessionPolicyRequest,
        admin_service_pb2.UpdateOrganizationSessionPolicyResponse,
    ),
    "updateApplicationSessionPolicy": _When(
        "admin",
        "UpdateApplicationSessionPolicy",
        admin_service_pb2.UpdateApplicationSessionPolicyRequest,
        admin_service_pb2.UpdateApplicationSessionPolicyResponse,
    ),
    "updateSessionRules": _When(
        "admin",
        "UpdateSessionRules",
        session_rules_pb2.UpdateSessionRulesRequest,
        session_rules_pb2.UpdateSessionRulesResponse,
    ),
}

# Whether an earlier case may have left application session rules behind, so that later cases reset
# them (vectors/README.md, replay step 1).
_application_rules = {"set": False}


class GivenStepFailed(AssertionError):
    """A `given` step failed: a broken server or a broken vector, never a pass."""


@dataclass(frozen=True)
class Outcome:
    actual: Json
    expected: Json


def replay(case: Json, prefix: str, stubs: dict[str, Any], metadata: Metadata) -> Outcome:
    """Runs one case (vectors/README.md, "Replay, per case, in order") and returns both outcomes.

    The prefix must be unique per case and per run: revocation cases require it (global revocations
    are kept for a day and would otherwise reach later cases and runs).
    """
    if "revocations" in case["given"]:
        if prefix == "" or _names_organization_id(case):
            raise ValueError(f"case {case['name']}: a revocation case needs its ids prefixed")
        case = _prefixed_revocation_case(case, prefix)
    elif not _names_organization_id(case):
        case = _prefixed(case, prefix)
    admin = stubs["admin"]
    given = case["given"]

    def step(what: str, call: Callable[..., Message], request: Message) -> Message:
        try:
            return call(request, metadata=metadata, timeout=CALL_TIMEOUT_S)
        except grpc.RpcError as error:
            decoded = decode_error(error)
            raise GivenStepFailed(
                f"given step {what} failed: {decoded.code.name} {decoded.reason} {decoded.message!r}"
            ) from None

    def set_application(policy: Json, what: str) -> None:
        request = admin_service_pb2.UpdateApplicationSessionPolicyRequest()
        json_format.ParseDict(policy, request.policy)
        step(what, admin.UpdateApplicationSessionPolicy, request)

    def set_feature(organization_id: str, enabled: bool) -> None:
        request = admin_service_pb2.UpdateOrganizationSettingsRequest(
            organization_id=organization_id,
            settings=session_policy_pb2.OrganizationSettings(
                features=[session_policy_pb2.OrganizationSettingsFeature(name="session_policy", enabled=enabled)]
            ),
        )
        step(f"UpdateOrganizationSettings({organization_id}, session_policy={enabled})", admin.UpdateOrganizationSettings, request)

    def set_rules(organization_id: str, rule_set: Json) -> None:
        if organization_id == "":
            _application_rules["set"] = True
        request = json_format.ParseDict(
            {"organizationId": organization_id, "ruleSet": rule_set}, session_rules_pb2.UpdateSessionRulesRequest()
        )
        step(f"UpdateSessionRules({organization_id!r})", admin.UpdateSessionRules, request)

    def revoke(revocations: list[Json]) -> int:
        """Records the case's one revocation; returns the server's revoke_time minus the vector's, in ns."""
        if len(revocations) != 1:
            raise ValueError(f"case {case['name']}: given.revocations must hold exactly one revocation")
        (revocation,) = revocations
        request = json_format.ParseDict(
            {
                **{key: item for key, item in revocation.items() if key != "revokeTime"},
                "reason": "REVOCATION_REASON_LOGOUT",
            },
            session_revocation_pb2.RevokeSessionsRequest(),
        )
        if request.WhichOneof("target") is None:
            raise ValueError(f"case {case['name']}: the revocation names no target")
        response = step(f"RevokeSessions({request.organization_id!r}, {request.WhichOneof('target')})", admin.RevokeSessions, request)
        if not response.revocation.HasField("revoke_time"):
            raise GivenStepFailed("given step RevokeSessions answered without revocation.revoke_time")
        written = Timestamp()
        written.FromJsonString(revocation["revokeTime"])
        return response.revocation.revoke_time.ToNanoseconds() - written.ToNanoseconds()

    set_application(given["application"], "UpdateApplicationSessionPolicy(given.application)")
    if "sessionRules" in given or _application_rules["set"]:
        set_rules("", given.get("sessionRules", {}))
    for org in given.get("organizations", []):
        organization_id = org["organizationId"]
        set_feature(organization_id, True)
        if "policy" in org:
            request = json_format.ParseDict(
                {**org["policy"], "organizationId": organization_id},
                admin_service_pb2.UpdateOrganizationSessionPolicyRequest(),
            )
            step(f"UpdateOrganizationSessionPolicy({organization_id})", admin.UpdateOrganizationSessionPolicy, request)
        if "sessionRules" in org:
            set_rules(organization_id, org["sessionRules"])
        set_feature(organization_id, bool(org["sessionPolicyEnabled"]))
    offset_ns = revoke(given["revocations"]) if "revocations" in given else None
    if "laterApplication" in given:
        set_application(given["laterApplication"], "UpdateApplicationSessionPolicy(given.laterApplication)")

    if len(case["when"]) != 1:
        raise ValueError(f"case {case['name']}: 'when' must hold exactly one call")
    (kind, request_json), = case["when"].items()
    when = WHEN.get(kind)
    if when is None:
        raise ValueError(f"case {case['name']}: unknown 'when' {kind!r}")
    if offset_ns is not None:
        request_json = _shifted(request_json, when.request_type.DESCRIPTOR, offset_ns)
    request = json_format.ParseDict(request_json, when.request_type())
    if kind == "updateSessionRules" and request_json.get("organizationId", "") == "":
        _application_rules["set"] = True
    call = getattr(stubs[when.service], when.method)
    try:
        response = call(request, metadata=metadata, timeout=CALL_TIMEOUT_S)
        actual = {"response": canonical_response(json_format.MessageToDict(response), when.response_type)}
    except grpc.RpcError as error:
        decoded = decode_error(error)
        actual = canonical_error(decoded.code.name, decoded.reason, decoded.violations)

    then = case["then"]
    if ("response" in then) == ("error" in then):
        raise ValueError(f"case {case['name']}: 'then' must hold exactly one of response, error")
    if "error" in then:
        expected_error = then["error"]
        expected = canonical_error(
            expected_error["code"],
            expected_error["reason"],
            [(v["field"], v["constraint"]) for v in expected_error.get("fieldViolations", [])],
        )
    else:
        expected_response = then["response"]
        if offset_ns is not None:
            expected_response = _shifted(expected_response, when.response_type.DESCRIPTOR, offset_ns)
        expected = {"response": canonical_response(expected_response, when.response_type)}
    return Outcome(actual=actual, expected=expected)
