import datetime

from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RevocationReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REVOCATION_REASON_UNSPECIFIED: _ClassVar[RevocationReason]
    REVOCATION_REASON_LOGOUT: _ClassVar[RevocationReason]
    REVOCATION_REASON_ADMIN: _ClassVar[RevocationReason]
    REVOCATION_REASON_COMPROMISED: _ClassVar[RevocationReason]
    REVOCATION_REASON_POLICY_CHANGE: _ClassVar[RevocationReason]
REVOCATION_REASON_UNSPECIFIED: RevocationReason
REVOCATION_REASON_LOGOUT: RevocationReason
REVOCATION_REASON_ADMIN: RevocationReason
REVOCATION_REASON_COMPROMISED: RevocationReason
REVOCATION_REASON_POLICY_CHANGE: RevocationReason

class RevokeSessionsRequest(_message.Message):
    __slots__ = ("organization_id", "session_id", "subject", "entire_organization", "reason", "request_id")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    ENTIRE_ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    session_id: str
    subject: str
    entire_organization: bool
    reason: RevocationReason
    request_id: str
    def __init__(self, organization_id: _Optional[str] = ..., session_id: _Optional[str] = ..., subject: _Optional[str] = ..., entire_organization: _Optional[bool] = ..., reason: _Optional[_Union[RevocationReason, str]] = ..., request_id: _Optional[str] = ...) -> None: ...

class RevokeSessionsResponse(_message.Message):
    __slots__ = ("revocation",)
    REVOCATION_FIELD_NUMBER: _ClassVar[int]
    revocation: SessionRevocation
    def __init__(self, revocation: _Optional[_Union[SessionRevocation, _Mapping]] = ...) -> None: ...

class SessionRevocation(_message.Message):
    __slots__ = ("revision", "organization_id", "session_id", "subject", "entire_organization", "reason", "actor", "revoke_time", "expire_time")
    REVISION_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    ENTIRE_ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    REVOKE_TIME_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    revision: int
    organization_id: str
    session_id: str
    subject: str
    entire_organization: bool
    reason: RevocationReason
    actor: str
    revoke_time: _timestamp_pb2.Timestamp
    expire_time: _timestamp_pb2.Timestamp
    def __init__(self, revision: _Optional[int] = ..., organization_id: _Optional[str] = ..., session_id: _Optional[str] = ..., subject: _Optional[str] = ..., entire_organization: _Optional[bool] = ..., reason: _Optional[_Union[RevocationReason, str]] = ..., actor: _Optional[str] = ..., revoke_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListRevocationsRequest(_message.Message):
    __slots__ = ("organization_id", "page_size", "page_token")
    ORGANIZATION_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    organization_id: str
    page_size: int
    page_token: str
    def __init__(self, organization_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListRevocationsResponse(_message.Message):
    __slots__ = ("revocations", "next_page_token")
    REVOCATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    revocations: _containers.RepeatedCompositeFieldContainer[SessionRevocation]
    next_page_token: str
    def __init__(self, revocations: _Optional[_Iterable[_Union[SessionRevocation, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
