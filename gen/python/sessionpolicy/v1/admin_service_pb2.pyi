import datetime

from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import wrappers_pb2 as _wrappers_pb2
from sessionpolicy.v1 import session_policy_pb2 as _session_policy_pb2
from sessionpolicy.v1 import session_revocation_pb2 as _session_revocation_pb2
from sessionpolicy.v1 import widget_session_pb2 as _widget_session_pb2
from sessionpolicy.v1 import session_rules_pb2 as _session_rules_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PolicyChangeTarget(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    POLICY_CHANGE_TARGET_UNSPECIFIED: _ClassVar[PolicyChangeTarget]
    POLICY_CHANGE_TARGET_APPLICATION_POLICY: _ClassVar[PolicyChangeTarget]
    POLICY_CHANGE_TARGET_ORGANIZATION_POLICY: _ClassVar[PolicyChangeTarget]
    POLICY_CHANGE_TARGET_ORGANIZATION_SETTINGS: _ClassVar[PolicyChangeTarget]
    POLICY_CHANGE_TARGET_APPLICATION_RULES: _ClassVar[PolicyChangeTarget]
    POLICY_CHANGE_TARGET_ORGANIZATION_RULES: _ClassVar[PolicyChangeTarget]
POLICY_CHANGE_TARGET_UNSPECIFIED: PolicyChangeTarget
POLICY_CHANGE_TARGET_APPLICATION_POLICY: PolicyChangeTarget
POLICY_CHANGE_TARGET_ORGANIZATION_POLICY: PolicyChangeTarget
POLICY_CHANGE_TARGET_ORGANIZATION_SETTINGS: PolicyChangeTarget
POLICY_CHANGE_TARGET_APPLICATION_RULES: PolicyChangeTarget
POLICY_CHANGE_TARGET_ORGANIZATION_RULES: PolicyChangeTarget

class GetOrganizationSessionPolicyRequest(_message.Message):
    __slots__ = ("organization_id",)
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    def __init__(self, organization_id: _Optional[str] = ...) -> None: ...

class GetOrganizationSessionPolicyResponse(_message.Message):
    __slots__ = ("policy", "etag")
    POLICY_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    policy: _session_policy_pb2.OrganizationSessionPolicySettings
    etag: str
    def __init__(self, policy: _Optional[_Union[_session_policy_pb2.OrganizationSessionPolicySettings, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class UpdateOrganizationSessionPolicyRequest(_message.Message):
    __slots__ = ("organization_id", "policy_source", "absolute_session_timeout", "absolute_session_timeout_unit", "idle_session_timeout_enabled", "idle_session_timeout", "idle_session_timeout_unit", "etag", "request_id")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    POLICY_SOURCE_FIELD_NUMBER: _ClassVar[int]
    ABSOLUTE_SESSION_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    ABSOLUTE_SESSION_TIMEOUT_UNIT_FIELD_NUMBER: _ClassVar[int]
    IDLE_SESSION_TIMEOUT_ENABLED_FIELD_NUMBER: _ClassVar[int]
    IDLE_SESSION_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    IDLE_SESSION_TIMEOUT_UNIT_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    policy_source: _session_policy_pb2.SessionPolicyType
    absolute_session_timeout: _wrappers_pb2.Int32Value
    absolute_session_timeout_unit: _session_policy_pb2.TimeUnit
    idle_session_timeout_enabled: _wrappers_pb2.BoolValue
    idle_session_timeout: _wrappers_pb2.Int32Value
    idle_session_timeout_unit: _session_policy_pb2.TimeUnit
    etag: str
    request_id: str
    def __init__(self, organization_id: _Optional[str] = ..., policy_source: _Optional[_Union[_session_policy_pb2.SessionPolicyType, str]] = ..., absolute_session_timeout: _Optional[_Union[_wrappers_pb2.Int32Value, _Mapping]] = ..., absolute_session_timeout_unit: _Optional[_Union[_session_policy_pb2.TimeUnit, str]] = ..., idle_session_timeout_enabled: _Optional[_Union[_wrappers_pb2.BoolValue, _Mapping]] = ..., idle_session_timeout: _Optional[_Union[_wrappers_pb2.Int32Value, _Mapping]] = ..., idle_session_timeout_unit: _Optional[_Union[_session_policy_pb2.TimeUnit, str]] = ..., etag: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class UpdateOrganizationSessionPolicyResponse(_message.Message):
    __slots__ = ("policy", "etag")
    POLICY_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    policy: _session_policy_pb2.OrganizationSessionPolicySettings
    etag: str
    def __init__(self, policy: _Optional[_Union[_session_policy_pb2.OrganizationSessionPolicySettings, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class GetApplicationSessionPolicyRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetApplicationSessionPolicyResponse(_message.Message):
    __slots__ = ("policy", "etag")
    POLICY_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    policy: _session_policy_pb2.ApplicationSessionPolicySettings
    etag: str
    def __init__(self, policy: _Optional[_Union[_session_policy_pb2.ApplicationSessionPolicySettings, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class UpdateApplicationSessionPolicyRequest(_message.Message):
    __slots__ = ("policy", "etag", "request_id")
    POLICY_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    policy: _session_policy_pb2.ApplicationSessionPolicySettings
    etag: str
    request_id: str
    def __init__(self, policy: _Optional[_Union[_session_policy_pb2.ApplicationSessionPolicySettings, _Mapping]] = ..., etag: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class UpdateApplicationSessionPolicyResponse(_message.Message):
    __slots__ = ("policy", "etag")
    POLICY_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    policy: _session_policy_pb2.ApplicationSessionPolicySettings
    etag: str
    def __init__(self, policy: _Optional[_Union[_session_policy_pb2.ApplicationSessionPolicySettings, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class GetOrganizationSettingsRequest(_message.Message):
    __slots__ = ("organization_id",)
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    def __init__(self, organization_id: _Optional[str] = ...) -> None: ...

class GetOrganizationSettingsResponse(_message.Message):
    __slots__ = ("settings", "etag")
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    settings: _session_policy_pb2.OrganizationSettings
    etag: str
    def __init__(self, settings: _Optional[_Union[_session_policy_pb2.OrganizationSettings, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class UpdateOrganizationSettingsRequest(_message.Message):
    __slots__ = ("organization_id", "settings", "etag", "request_id")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    settings: _session_policy_pb2.OrganizationSettings
    etag: str
    request_id: str
    def __init__(self, organization_id: _Optional[str] = ..., settings: _Optional[_Union[_session_policy_pb2.OrganizationSettings, _Mapping]] = ..., etag: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class UpdateOrganizationSettingsResponse(_message.Message):
    __slots__ = ("settings", "etag")
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    settings: _session_policy_pb2.OrganizationSettings
    etag: str
    def __init__(self, settings: _Optional[_Union[_session_policy_pb2.OrganizationSettings, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class ListPolicyChangesRequest(_message.Message):
    __slots__ = ("organization_id", "page_size", "page_token")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    page_size: int
    page_token: str
    def __init__(self, organization_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListPolicyChangesResponse(_message.Message):
    __slots__ = ("policy_changes", "next_page_token")
    POLICY_CHANGES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    policy_changes: _containers.RepeatedCompositeFieldContainer[PolicyChange]
    next_page_token: str
    def __init__(self, policy_changes: _Optional[_Iterable[_Union[PolicyChange, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class PolicyChange(_message.Message):
    __slots__ = ("revision", "actor", "change_time", "target", "organization_id", "before", "after")
    REVISION_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    CHANGE_TIME_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    BEFORE_FIELD_NUMBER: _ClassVar[int]
    AFTER_FIELD_NUMBER: _ClassVar[int]
    revision: int
    actor: str
    change_time: _timestamp_pb2.Timestamp
    target: PolicyChangeTarget
    organization_id: str
    before: PolicySnapshot
    after: PolicySnapshot
    def __init__(self, revision: _Optional[int] = ..., actor: _Optional[str] = ..., change_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., target: _Optional[_Union[PolicyChangeTarget, str]] = ..., organization_id: _Optional[str] = ..., before: _Optional[_Union[PolicySnapshot, _Mapping]] = ..., after: _Optional[_Union[PolicySnapshot, _Mapping]] = ...) -> None: ...

class PolicySnapshot(_message.Message):
    __slots__ = ("application_policy", "organization_policy", "organization_settings", "session_rules")
    APPLICATION_POLICY_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_POLICY_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_SETTINGS_FIELD_NUMBER: _ClassVar[int]
    SESSION_RULES_FIELD_NUMBER: _ClassVar[int]
    application_policy: _session_policy_pb2.ApplicationSessionPolicySettings
    organization_policy: _session_policy_pb2.OrganizationSessionPolicySettings
    organization_settings: _session_policy_pb2.OrganizationSettings
    session_rules: _session_rules_pb2.SessionRuleSet
    def __init__(self, application_policy: _Optional[_Union[_session_policy_pb2.ApplicationSessionPolicySettings, _Mapping]] = ..., organization_policy: _Optional[_Union[_session_policy_pb2.OrganizationSessionPolicySettings, _Mapping]] = ..., organization_settings: _Optional[_Union[_session_policy_pb2.OrganizationSettings, _Mapping]] = ..., session_rules: _Optional[_Union[_session_rules_pb2.SessionRuleSet, _Mapping]] = ...) -> None: ...
