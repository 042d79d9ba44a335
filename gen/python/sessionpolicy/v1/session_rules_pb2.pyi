import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RiskLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RISK_LEVEL_UNSPECIFIED: _ClassVar[RiskLevel]
    RISK_LEVEL_LOW: _ClassVar[RiskLevel]
    RISK_LEVEL_MEDIUM: _ClassVar[RiskLevel]
    RISK_LEVEL_HIGH: _ClassVar[RiskLevel]
    RISK_LEVEL_CRITICAL: _ClassVar[RiskLevel]

class AuthenticationLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AUTHENTICATION_LEVEL_UNSPECIFIED: _ClassVar[AuthenticationLevel]
    AUTHENTICATION_LEVEL_AAL1: _ClassVar[AuthenticationLevel]
    AUTHENTICATION_LEVEL_AAL2: _ClassVar[AuthenticationLevel]
    AUTHENTICATION_LEVEL_AAL3: _ClassVar[AuthenticationLevel]

class ComplianceProfile(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMPLIANCE_PROFILE_UNSPECIFIED: _ClassVar[ComplianceProfile]
    COMPLIANCE_PROFILE_NIST_800_63B_4: _ClassVar[ComplianceProfile]
    COMPLIANCE_PROFILE_PCI_DSS_4: _ClassVar[ComplianceProfile]
RISK_LEVEL_UNSPECIFIED: RiskLevel
RISK_LEVEL_LOW: RiskLevel
RISK_LEVEL_MEDIUM: RiskLevel
RISK_LEVEL_HIGH: RiskLevel
RISK_LEVEL_CRITICAL: RiskLevel
AUTHENTICATION_LEVEL_UNSPECIFIED: AuthenticationLevel
AUTHENTICATION_LEVEL_AAL1: AuthenticationLevel
AUTHENTICATION_LEVEL_AAL2: AuthenticationLevel
AUTHENTICATION_LEVEL_AAL3: AuthenticationLevel
COMPLIANCE_PROFILE_UNSPECIFIED: ComplianceProfile
COMPLIANCE_PROFILE_NIST_800_63B_4: ComplianceProfile
COMPLIANCE_PROFILE_PCI_DSS_4: ComplianceProfile

class SessionContext(_message.Message):
    __slots__ = ("roles", "application_id", "risk_level", "authentication_level", "attributes")
    class AttributesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ROLES_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    RISK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    AUTHENTICATION_LEVEL_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    roles: _containers.RepeatedScalarFieldContainer[str]
    application_id: str
    risk_level: RiskLevel
    authentication_level: AuthenticationLevel
    attributes: _containers.ScalarMap[str, str]
    def __init__(self, roles: _Optional[_Iterable[str]] = ..., application_id: _Optional[str] = ..., risk_level: _Optional[_Union[RiskLevel, str]] = ..., authentication_level: _Optional[_Union[AuthenticationLevel, str]] = ..., attributes: _Optional[_Mapping[str, str]] = ...) -> None: ...

class SessionCondition(_message.Message):
    __slots__ = ("roles_any", "application_ids_any", "min_risk_level", "authentication_levels_any", "attributes_all")
    class AttributesAllEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ROLES_ANY_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_IDS_ANY_FIELD_NUMBER: _ClassVar[int]
    MIN_RISK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    AUTHENTICATION_LEVELS_ANY_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_ALL_FIELD_NUMBER: _ClassVar[int]
    roles_any: _containers.RepeatedScalarFieldContainer[str]
    application_ids_any: _containers.RepeatedScalarFieldContainer[str]
    min_risk_level: RiskLevel
    authentication_levels_any: _containers.RepeatedScalarFieldContainer[AuthenticationLevel]
    attributes_all: _containers.ScalarMap[str, str]
    def __init__(self, roles_any: _Optional[_Iterable[str]] = ..., application_ids_any: _Optional[_Iterable[str]] = ..., min_risk_level: _Optional[_Union[RiskLevel, str]] = ..., authentication_levels_any: _Optional[_Iterable[_Union[AuthenticationLevel, str]]] = ..., attributes_all: _Optional[_Mapping[str, str]] = ...) -> None: ...

class SessionRule(_message.Message):
    __slots__ = ("rule_id", "description", "condition", "max_absolute_session_timeout", "max_idle_session_timeout")
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CONDITION_FIELD_NUMBER: _ClassVar[int]
    MAX_ABSOLUTE_SESSION_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    MAX_IDLE_SESSION_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    rule_id: str
    description: str
    condition: SessionCondition
    max_absolute_session_timeout: _duration_pb2.Duration
    max_idle_session_timeout: _duration_pb2.Duration
    def __init__(self, rule_id: _Optional[str] = ..., description: _Optional[str] = ..., condition: _Optional[_Union[SessionCondition, _Mapping]] = ..., max_absolute_session_timeout: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., max_idle_session_timeout: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class SessionRuleSet(_message.Message):
    __slots__ = ("rules", "compliance_profiles")
    RULES_FIELD_NUMBER: _ClassVar[int]
    COMPLIANCE_PROFILES_FIELD_NUMBER: _ClassVar[int]
    rules: _containers.RepeatedCompositeFieldContainer[SessionRule]
    compliance_profiles: _containers.RepeatedScalarFieldContainer[ComplianceProfile]
    def __init__(self, rules: _Optional[_Iterable[_Union[SessionRule, _Mapping]]] = ..., compliance_profiles: _Optional[_Iterable[_Union[ComplianceProfile, str]]] = ...) -> None: ...

class MatchedRule(_message.Message):
    __slots__ = ("organization_id", "rule_id", "compliance_profile", "max_absolute_session_timeout", "max_idle_session_timeout", "strictest_level_assumed")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    COMPLIANCE_PROFILE_FIELD_NUMBER: _ClassVar[int]
    MAX_ABSOLUTE_SESSION_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    MAX_IDLE_SESSION_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    STRICTEST_LEVEL_ASSUMED_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    rule_id: str
    compliance_profile: ComplianceProfile
    max_absolute_session_timeout: _duration_pb2.Duration
    max_idle_session_timeout: _duration_pb2.Duration
    strictest_level_assumed: bool
    def __init__(self, organization_id: _Optional[str] = ..., rule_id: _Optional[str] = ..., compliance_profile: _Optional[_Union[ComplianceProfile, str]] = ..., max_absolute_session_timeout: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., max_idle_session_timeout: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., strictest_level_assumed: _Optional[bool] = ...) -> None: ...

class GetSessionRulesRequest(_message.Message):
    __slots__ = ("organization_id",)
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    def __init__(self, organization_id: _Optional[str] = ...) -> None: ...

class GetSessionRulesResponse(_message.Message):
    __slots__ = ("rule_set", "etag")
    RULE_SET_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    rule_set: SessionRuleSet
    etag: str
    def __init__(self, rule_set: _Optional[_Union[SessionRuleSet, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class UpdateSessionRulesRequest(_message.Message):
    __slots__ = ("organization_id", "rule_set", "etag", "request_id")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_SET_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    rule_set: SessionRuleSet
    etag: str
    request_id: str
    def __init__(self, organization_id: _Optional[str] = ..., rule_set: _Optional[_Union[SessionRuleSet, _Mapping]] = ..., etag: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class UpdateSessionRulesResponse(_message.Message):
    __slots__ = ("rule_set", "etag")
    RULE_SET_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    rule_set: SessionRuleSet
    etag: str
    def __init__(self, rule_set: _Optional[_Union[SessionRuleSet, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...
