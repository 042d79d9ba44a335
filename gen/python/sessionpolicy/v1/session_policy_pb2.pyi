from google.protobuf import wrappers_pb2 as _wrappers_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SessionPolicyType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SESSION_POLICY_TYPE_UNSPECIFIED: _ClassVar[SessionPolicyType]
    APPLICATION: _ClassVar[SessionPolicyType]
    CUSTOM: _ClassVar[SessionPolicyType]

class TimeUnit(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SESSION_TIME_UNIT_UNSPECIFIED: _ClassVar[TimeUnit]
    MINUTES: _ClassVar[TimeUnit]
    HOURS: _ClassVar[TimeUnit]
    DAYS: _ClassVar[TimeUnit]
SESSION_POLICY_TYPE_UNSPECIFIED: SessionPolicyType
APPLICATION: SessionPolicyType
CUSTOM: SessionPolicyType
SESSION_TIME_UNIT_UNSPECIFIED: TimeUnit
MINUTES: TimeUnit
HOURS: TimeUnit
DAYS: TimeUnit

class OrganizationSessionPolicySettings(_message.Message):
    __slots__ = ("policy_source", "absolute_session_timeout", "absolute_session_timeout_unit", "idle_session_timeout_enabled", "idle_session_timeout", "idle_session_timeout_unit")
    POLICY_SOURCE_FIELD_NUMBER: _ClassVar[int]
    ABSOLUTE_SESSION_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    ABSOLUTE_SESSION_TIMEOUT_UNIT_FIELD_NUMBER: _ClassVar[int]
    IDLE_SESSION_TIMEOUT_ENABLED_FIELD_NUMBER: _ClassVar[int]
    IDLE_SESSION_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    IDLE_SESSION_TIMEOUT_UNIT_FIELD_NUMBER: _ClassVar[int]
    policy_source: SessionPolicyType
    absolute_session_timeout: _wrappers_pb2.Int32Value
    absolute_session_timeout_unit: TimeUnit
    idle_session_timeout_enabled: _wrappers_pb2.BoolValue
    idle_session_timeout: _wrappers_pb2.Int32Value
    idle_session_timeout_unit: TimeUnit
    def __init__(self, policy_source: _Optional[_Union[SessionPolicyType, str]] = ..., absolute_session_timeout: _Optional[_Union[_wrappers_pb2.Int32Value, _Mapping]] = ..., absolute_session_timeout_unit: _Optional[_Union[TimeUnit, str]] = ..., idle_session_timeout_enabled: _Optional[_Union[_wrappers_pb2.BoolValue, _Mapping]] = ..., idle_session_timeout: _Optional[_Union[_wrappers_pb2.Int32Value, _Mapping]] = ..., idle_session_timeout_unit: _Optional[_Union[TimeUnit, str]] = ...) -> None: ...

class ApplicationSessionPolicySettings(_message.Message):
    __slots__ = ("absolute_session_timeout", "idle_session_timeout_enabled", "idle_session_timeout", "access_token_expiry", "absolute_session_timeout_unit", "idle_session_timeout_unit")
    ABSOLUTE_SESSION_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    IDLE_SESSION_TIMEOUT_ENABLED_FIELD_NUMBER: _ClassVar[int]
    IDLE_SESSION_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    ACCESS_TOKEN_EXPIRY_FIELD_NUMBER: _ClassVar[int]
    ABSOLUTE_SESSION_TIMEOUT_UNIT_FIELD_NUMBER: _ClassVar[int]
    IDLE_SESSION_TIMEOUT_UNIT_FIELD_NUMBER: _ClassVar[int]
    absolute_session_timeout: int
    idle_session_timeout_enabled: bool
    idle_session_timeout: int
    access_token_expiry: int
    absolute_session_timeout_unit: TimeUnit
    idle_session_timeout_unit: TimeUnit
    def __init__(self, absolute_session_timeout: _Optional[int] = ..., idle_session_timeout_enabled: _Optional[bool] = ..., idle_session_timeout: _Optional[int] = ..., access_token_expiry: _Optional[int] = ..., absolute_session_timeout_unit: _Optional[_Union[TimeUnit, str]] = ..., idle_session_timeout_unit: _Optional[_Union[TimeUnit, str]] = ...) -> None: ...

class OrganizationSettings(_message.Message):
    __slots__ = ("features",)
    FEATURES_FIELD_NUMBER: _ClassVar[int]
    features: _containers.RepeatedCompositeFieldContainer[OrganizationSettingsFeature]
    def __init__(self, features: _Optional[_Iterable[_Union[OrganizationSettingsFeature, _Mapping]]] = ...) -> None: ...

class OrganizationSettingsFeature(_message.Message):
    __slots__ = ("name", "enabled")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    name: str
    enabled: bool
    def __init__(self, name: _Optional[str] = ..., enabled: _Optional[bool] = ...) -> None: ...
