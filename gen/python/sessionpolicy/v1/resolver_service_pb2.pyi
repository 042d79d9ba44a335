import datetime

from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from sessionpolicy.v1 import session_rules_pb2 as _session_rules_pb2
from sessionpolicy.v1 import session_revocation_pb2 as _session_revocation_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PolicyLayer(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    POLICY_LAYER_UNSPECIFIED: _ClassVar[PolicyLayer]
    POLICY_LAYER_APPLICATION: _ClassVar[PolicyLayer]
    POLICY_LAYER_ORGANIZATION: _ClassVar[PolicyLayer]

class SessionExpiryReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SESSION_EXPIRY_REASON_UNSPECIFIED: _ClassVar[SessionExpiryReason]
    SESSION_EXPIRY_REASON_MAX_LIFETIME: _ClassVar[SessionExpiryReason]
    SESSION_EXPIRY_REASON_IDLE_TIMEOUT: _ClassVar[SessionExpiryReason]
    SESSION_EXPIRY_REASON_REVOKED: _ClassVar[SessionExpiryReason]

class WatchEventType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    WATCH_EVENT_TYPE_UNSPECIFIED: _ClassVar[WatchEventType]
    WATCH_EVENT_TYPE_SNAPSHOT: _ClassVar[WatchEventType]
    WATCH_EVENT_TYPE_CHANGE: _ClassVar[WatchEventType]
POLICY_LAYER_UNSPECIFIED: PolicyLayer
POLICY_LAYER_APPLICATION: PolicyLayer
POLICY_LAYER_ORGANIZATION: PolicyLayer
SESSION_EXPIRY_REASON_UNSPECIFIED: SessionExpiryReason
SESSION_EXPIRY_REASON_MAX_LIFETIME: SessionExpiryReason
SESSION_EXPIRY_REASON_IDLE_TIMEOUT: SessionExpiryReason
SESSION_EXPIRY_REASON_REVOKED: SessionExpiryReason
WATCH_EVENT_TYPE_UNSPECIFIED: WatchEventType
WATCH_EVENT_TYPE_SNAPSHOT: WatchEventType
WATCH_EVENT_TYPE_CHANGE: WatchEventType

class ResolveEffectivePolicyRequest(_message.Message):
    __slots__ = ("organization_ids", "context")
    ORGANIZATION_IDS_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    organization_ids: _containers.RepeatedScalarFieldContainer[str]
    context: _session_rules_pb2.SessionContext
    def __init__(self, organization_ids: _Optional[_Iterable[str]] = ..., context: _Optional[_Union[_session_rules_pb2.SessionContext, _Mapping]] = ...) -> None: ...

class ResolveEffectivePolicyResponse(_message.Message):
    __slots__ = ("effective_policy",)
    EFFECTIVE_POLICY_FIELD_NUMBER: _ClassVar[int]
    effective_policy: EffectivePolicy
    def __init__(self, effective_policy: _Optional[_Union[EffectivePolicy, _Mapping]] = ...) -> None: ...

class EffectivePolicy(_message.Message):
    __slots__ = ("absolute_session_timeout", "idle_session_timeout_enabled", "idle_session_timeout", "access_token_lifetime", "revision", "stale", "matched_rules", "strictest_authentication_level_assumed")
    ABSOLUTE_SESSION_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    IDLE_SESSION_TIMEOUT_ENABLED_FIELD_NUMBER: _ClassVar[int]
    IDLE_SESSION_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    ACCESS_TOKEN_LIFETIME_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    STALE_FIELD_NUMBER: _ClassVar[int]
    MATCHED_RULES_FIELD_NUMBER: _ClassVar[int]
    STRICTEST_AUTHENTICATION_LEVEL_ASSUMED_FIELD_NUMBER: _ClassVar[int]
    absolute_session_timeout: ResolvedDuration
    idle_session_timeout_enabled: ResolvedBool
    idle_session_timeout: ResolvedDuration
    access_token_lifetime: ResolvedDuration
    revision: int
    stale: bool
    matched_rules: _containers.RepeatedCompositeFieldContainer[_session_rules_pb2.MatchedRule]
    strictest_authentication_level_assumed: bool
    def __init__(self, absolute_session_timeout: _Optional[_Union[ResolvedDuration, _Mapping]] = ..., idle_session_timeout_enabled: _Optional[_Union[ResolvedBool, _Mapping]] = ..., idle_session_timeout: _Optional[_Union[ResolvedDuration, _Mapping]] = ..., access_token_lifetime: _Optional[_Union[ResolvedDuration, _Mapping]] = ..., revision: _Optional[int] = ..., stale: _Optional[bool] = ..., matched_rules: _Optional[_Iterable[_Union[_session_rules_pb2.MatchedRule, _Mapping]]] = ..., strictest_authentication_level_assumed: _Optional[bool] = ...) -> None: ...

class ResolvedDuration(_message.Message):
    __slots__ = ("value", "source")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    value: _duration_pb2.Duration
    source: PolicySource
    def __init__(self, value: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., source: _Optional[_Union[PolicySource, _Mapping]] = ...) -> None: ...

class ResolvedBool(_message.Message):
    __slots__ = ("value", "source")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    value: bool
    source: PolicySource
    def __init__(self, value: _Optional[bool] = ..., source: _Optional[_Union[PolicySource, _Mapping]] = ...) -> None: ...

class PolicySource(_message.Message):
    __slots__ = ("layer", "organization_id", "rule_id", "compliance_profile")
    LAYER_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    COMPLIANCE_PROFILE_FIELD_NUMBER: _ClassVar[int]
    layer: PolicyLayer
    organization_id: str
    rule_id: str
    compliance_profile: _session_rules_pb2.ComplianceProfile
    def __init__(self, layer: _Optional[_Union[PolicyLayer, str]] = ..., organization_id: _Optional[str] = ..., rule_id: _Optional[str] = ..., compliance_profile: _Optional[_Union[_session_rules_pb2.ComplianceProfile, str]] = ...) -> None: ...

class EvaluateSessionRequest(_message.Message):
    __slots__ = ("organization_ids", "session_start_time", "last_activity_time", "evaluation_time", "context", "session_id", "subject")
    ORGANIZATION_IDS_FIELD_NUMBER: _ClassVar[int]
    SESSION_START_TIME_FIELD_NUMBER: _ClassVar[int]
    LAST_ACTIVITY_TIME_FIELD_NUMBER: _ClassVar[int]
    EVALUATION_TIME_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    organization_ids: _containers.RepeatedScalarFieldContainer[str]
    session_start_time: _timestamp_pb2.Timestamp
    last_activity_time: _timestamp_pb2.Timestamp
    evaluation_time: _timestamp_pb2.Timestamp
    context: _session_rules_pb2.SessionContext
    session_id: str
    subject: str
    def __init__(self, organization_ids: _Optional[_Iterable[str]] = ..., session_start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_activity_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., evaluation_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., context: _Optional[_Union[_session_rules_pb2.SessionContext, _Mapping]] = ..., session_id: _Optional[str] = ..., subject: _Optional[str] = ...) -> None: ...

class EvaluateSessionResponse(_message.Message):
    __slots__ = ("expired", "reason", "max_lifetime_deadline", "idle_deadline", "next_deadline", "evaluation_time", "effective_policy")
    EXPIRED_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    MAX_LIFETIME_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    IDLE_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    NEXT_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    EVALUATION_TIME_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_POLICY_FIELD_NUMBER: _ClassVar[int]
    expired: bool
    reason: SessionExpiryReason
    max_lifetime_deadline: _timestamp_pb2.Timestamp
    idle_deadline: _timestamp_pb2.Timestamp
    next_deadline: _timestamp_pb2.Timestamp
    evaluation_time: _timestamp_pb2.Timestamp
    effective_policy: EffectivePolicy
    def __init__(self, expired: _Optional[bool] = ..., reason: _Optional[_Union[SessionExpiryReason, str]] = ..., max_lifetime_deadline: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., idle_deadline: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., next_deadline: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., evaluation_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., effective_policy: _Optional[_Union[EffectivePolicy, _Mapping]] = ...) -> None: ...

class WatchEffectivePoliciesRequest(_message.Message):
    __slots__ = ("organization_ids", "resume_after_revision")
    ORGANIZATION_IDS_FIELD_NUMBER: _ClassVar[int]
    RESUME_AFTER_REVISION_FIELD_NUMBER: _ClassVar[int]
    organization_ids: _containers.RepeatedScalarFieldContainer[str]
    resume_after_revision: int
    def __init__(self, organization_ids: _Optional[_Iterable[str]] = ..., resume_after_revision: _Optional[int] = ...) -> None: ...

class WatchEffectivePoliciesResponse(_message.Message):
    __slots__ = ("type", "revision", "default_policy", "policies", "application_rule_set", "revocations", "more_parts")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_POLICY_FIELD_NUMBER: _ClassVar[int]
    POLICIES_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_RULE_SET_FIELD_NUMBER: _ClassVar[int]
    REVOCATIONS_FIELD_NUMBER: _ClassVar[int]
    MORE_PARTS_FIELD_NUMBER: _ClassVar[int]
    type: WatchEventType
    revision: int
    default_policy: EffectivePolicy
    policies: _containers.RepeatedCompositeFieldContainer[OrganizationEffectivePolicy]
    application_rule_set: _session_rules_pb2.SessionRuleSet
    revocations: _containers.RepeatedCompositeFieldContainer[_session_revocation_pb2.SessionRevocation]
    more_parts: bool
    def __init__(self, type: _Optional[_Union[WatchEventType, str]] = ..., revision: _Optional[int] = ..., default_policy: _Optional[_Union[EffectivePolicy, _Mapping]] = ..., policies: _Optional[_Iterable[_Union[OrganizationEffectivePolicy, _Mapping]]] = ..., application_rule_set: _Optional[_Union[_session_rules_pb2.SessionRuleSet, _Mapping]] = ..., revocations: _Optional[_Iterable[_Union[_session_revocation_pb2.SessionRevocation, _Mapping]]] = ..., more_parts: _Optional[bool] = ...) -> None: ...

class OrganizationEffectivePolicy(_message.Message):
    __slots__ = ("organization_id", "effective_policy", "rule_set")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_POLICY_FIELD_NUMBER: _ClassVar[int]
    RULE_SET_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    effective_policy: EffectivePolicy
    rule_set: _session_rules_pb2.SessionRuleSet
    def __init__(self, organization_id: _Optional[str] = ..., effective_policy: _Optional[_Union[EffectivePolicy, _Mapping]] = ..., rule_set: _Optional[_Union[_session_rules_pb2.SessionRuleSet, _Mapping]] = ...) -> None: ...
