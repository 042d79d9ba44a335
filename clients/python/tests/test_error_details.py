"""Errors carry a google.rpc.Status in grpc-status-details-bin: an ErrorInfo (reason, domain
"sessionpolicy.example.com") and, for INVALID_ARGUMENT, a google.rpc.BadRequest listing every violated field.
Decoded here with grpc_status.rpc_status.from_call and google.rpc.error_details_pb2."""

from __future__ import annotations

import grpc
import pytest
from google.protobuf import wrappers_pb2
from google.rpc import code_pb2, error_details_pb2

from sessionpolicy.v1 import admin_service_pb2, resolver_service_pb2, session_policy_pb2
from vector_replay import CALL_TIMEOUT_S, DecodedError, decode_error

DOMAIN = "sessionpolicy.example.com"
ERROR_INFO_URL = "type.googleapis.com/" + error_details_pb2.ErrorInfo.DESCRIPTOR.full_name
BAD_REQUEST_URL = "type.googleapis.com/" + error_details_pb2.BadRequest.DESCRIPTOR.full_name

APPLICATION = session_policy_pb2.ApplicationSessionPolicySettings(
    absolute_session_timeout=1440,
    idle_session_timeout_enabled=True,
    idle_session_timeout=60,
    access_token_expiry=15,
)


def failure(call, request, **kwargs) -> DecodedError:
    """Calls a unary stub method that must fail and decodes its status."""
    with pytest.raises(grpc.RpcError) as raised:
        call(request, timeout=CALL_TIMEOUT_S, **kwargs)
    decoded = decode_error(raised.value)
    # The rich status must agree with the call's own status (from_call checks the message too).
    assert decoded.status_code == decoded.code.value[0]
    assert decoded.domain == DOMAIN
    return decoded


@pytest.fixture
def application(admin, auth) -> session_policy_pb2.ApplicationSessionPolicySettings:
    """A known application policy (the vectors change it), returned as stored."""
    response = admin.UpdateApplicationSessionPolicy(
        admin_service_pb2.UpdateApplicationSessionPolicyRequest(policy=APPLICATION), metadata=auth, timeout=CALL_TIMEOUT_S
    )
    return response.policy


def custom_policy(organization_id: str, absolute: int, etag: str = "") -> admin_service_pb2.UpdateOrganizationSessionPolicyRequest:
    return admin_service_pb2.UpdateOrganizationSessionPolicyRequest(
        organization_id=organization_id,
        policy_source=session_policy_pb2.CUSTOM,
        absolute_session_timeout=wrappers_pb2.Int32Value(value=absolute),
        absolute_session_timeout_unit=session_policy_pb2.HOURS,
        idle_session_timeout_enabled=wrappers_pb2.BoolValue(value=False),
        etag=etag,
    )


def set_session_policy_feature(admin, auth, organization_id: str, enabled: bool) -> None:
    admin.UpdateOrganizationSettings(
        admin_service_pb2.UpdateOrganizationSettingsRequest(
            organization_id=organization_id,
            settings=session_policy_pb2.OrganizationSettings(
                features=[session_policy_pb2.OrganizationSettingsFeature(name="session_policy", enabled=enabled)]
            ),
        ),
        metadata=auth,
        timeout=CALL_TIMEOUT_S,
    )


def test_invalid_argument_lists_every_violated_field(admin, auth, application) -> None:
    # absolute 10 <= access token 30, idle 20 >= absolute 10, idle 20 <= access token 30.
    request = admin_service_pb2.UpdateApplicationSessionPolicyRequest(
        policy=session_policy_pb2.ApplicationSessionPolicySettings(
            absolute_session_timeout=10,
            idle_session_timeout_enabled=True,
            idle_session_timeout=20,
            access_token_expiry=30,
        )
    )
    error = failure(admin.UpdateApplicationSessionPolicy, request, metadata=auth)

    assert error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert error.status_code == code_pb2.INVALID_ARGUMENT
    assert error.reason == "INVALID_ARGUMENT"
    assert sorted(error.detail_types) == sorted([ERROR_INFO_URL, BAD_REQUEST_URL])
    assert sorted(error.violations) == sorted(
        [
            ("policy.absolute_session_timeout", "ABSOLUTE_NOT_ABOVE_ACCESS_TOKEN"),
            ("policy.idle_session_timeout", "IDLE_NOT_BELOW_ABSOLUTE"),
            ("policy.idle_session_timeout", "IDLE_NOT_ABOVE_ACCESS_TOKEN"),
        ]
    )
    # Nothing changed.
    stored = admin.GetApplicationSessionPolicy(
        admin_service_pb2.GetApplicationSessionPolicyRequest(), metadata=auth, timeout=CALL_TIMEOUT_S
    )
    assert stored.policy == application


def test_invalid_organization_id_is_reported_with_the_policy_violations(admin, auth, application) -> None:
    request = admin_service_pb2.UpdateOrganizationSessionPolicyRequest(
        organization_id="not an id!", policy_source=session_policy_pb2.CUSTOM
    )
    error = failure(admin.UpdateOrganizationSessionPolicy, request, metadata=auth)

    assert error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert error.reason == "INVALID_ARGUMENT"
    assert sorted(error.violations) == [
        ("absolute_session_timeout", "ABSOLUTE_REQUIRED"),
        ("organization_id", "ORGANIZATION_ID_PATTERN_MISMATCH"),
    ]


def test_custom_policy_while_the_feature_is_off_is_failed_precondition(admin, auth, application, run_id) -> None:
    organization_id = f"py{run_id}.feature-off"
    error = failure(admin.UpdateOrganizationSessionPolicy, custom_policy(organization_id, absolute=8), metadata=auth)

    assert error.code == grpc.StatusCode.FAILED_PRECONDITION
    assert error.status_code == code_pb2.FAILED_PRECONDITION
    assert error.reason == "FEATURE_DISABLED"
    assert error.metadata.get("feature") == "session_policy"
    assert error.violations == []
    assert error.detail_types == [ERROR_INFO_URL]
    # Nothing changed: the organization still reads as APPLICATION.
    stored = admin.GetOrganizationSessionPolicy(
        admin_service_pb2.GetOrganizationSessionPolicyRequest(organization_id=organization_id),
        metadata=auth,
        timeout=CALL_TIMEOUT_S,
    )
    assert stored.policy == session_policy_pb2.OrganizationSessionPolicySettings(policy_source=session_policy_pb2.APPLICATION)


def test_update_with_a_stale_etag_is_aborted_and_changes_nothing(admin, auth, application, run_id) -> None:
    organization_id = f"py{run_id}.etag"
    set_session_policy_feature(admin, auth, organization_id, True)
    read = admin.GetOrganizationSessionPolicy(
        admin_service_pb2.GetOrganizationSessionPolicyRequest(organization_id=organization_id),
        metadata=auth,
        timeout=CALL_TIMEOUT_S,
    )
    assert read.etag
    # A first writer uses the etag it read and succeeds...
    first = admin.UpdateOrganizationSessionPolicy(
        custom_policy(organization_id, absolute=8, etag=read.etag), metadata=auth, timeout=CALL_TIMEOUT_S
    )
    assert first.etag and first.etag != read.etag
    assert first.policy.absolute_session_timeout.value == 480
    assert first.policy.absolute_session_timeout_unit == session_policy_pb2.MINUTES

    # ...a second writer with the same, now stale, etag is refused.
    error = failure(
        admin.UpdateOrganizationSessionPolicy, custom_policy(organization_id, absolute=4, etag=read.etag), metadata=auth
    )
    assert error.code == grpc.StatusCode.ABORTED
    assert error.status_code == code_pb2.ABORTED
    assert error.reason == "ETAG_MISMATCH"
    assert error.violations == []

    after = admin.GetOrganizationSessionPolicy(
        admin_service_pb2.GetOrganizationSessionPolicyRequest(organization_id=organization_id),
        metadata=auth,
        timeout=CALL_TIMEOUT_S,
    )
    assert after.policy == first.policy
    assert after.etag == first.etag


@pytest.mark.parametrize(
    "metadata, reason",
    [
        pytest.param((), "MISSING_CREDENTIALS", id="no-authorization"),
        pytest.param((("authorization", "Bearer not-a-known-token"),), "INVALID_CREDENTIALS", id="unknown-token"),
    ],
)
def test_call_without_valid_token_is_unauthenticated(resolver, metadata, reason) -> None:
    error = failure(
        resolver.ResolveEffectivePolicy,
        resolver_service_pb2.ResolveEffectivePolicyRequest(organization_ids=["org-a"]),
        metadata=metadata,
    )
    assert error.code == grpc.StatusCode.UNAUTHENTICATED
    assert error.status_code == code_pb2.UNAUTHENTICATED
    assert error.reason == reason
    assert error.violations == []
