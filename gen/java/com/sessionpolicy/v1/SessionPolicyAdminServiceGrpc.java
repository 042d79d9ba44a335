package com.sessionpolicy.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * SessionPolicyAdminService changes and reads stored session policies: the application defaults, each
 * organization's policy and feature switches, and the audit history of every change.
 * Errors common to every RPC, each with a google.rpc.ErrorInfo (reason, domain
 * "sessionpolicy.example.com") and, for INVALID_ARGUMENT, a google.rpc.BadRequest listing every
 * violated field:
 * UNAUTHENTICATED (no or bad credentials), PERMISSION_DENIED (checked before any existence check),
 * INVALID_ARGUMENT (nothing changed), UNAVAILABLE (the store is unreachable; nothing changed).
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class SessionPolicyAdminServiceGrpc {

  private SessionPolicyAdminServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "sessionpolicy.v1.SessionPolicyAdminService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<com.sessionpolicy.v1.GetOrganizationSessionPolicyRequest,
      com.sessionpolicy.v1.GetOrganizationSessionPolicyResponse> getGetOrganizationSessionPolicyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetOrganizationSessionPolicy",
      requestType = com.sessionpolicy.v1.GetOrganizationSessionPolicyRequest.class,
      responseType = com.sessionpolicy.v1.GetOrganizationSessionPolicyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.sessionpolicy.v1.GetOrganizationSessionPolicyRequest,
      com.sessionpolicy.v1.GetOrganizationSessionPolicyResponse> getGetOrganizationSessionPolicyMethod() {
    io.grpc.MethodDescriptor<com.sessionpolicy.v1.GetOrganizationSessionPolicyRequest, com.sessionpolicy.v1.GetOrganizationSessionPolicyResponse> getGetOrganizationSessionPolicyMethod;
    if ((getGetOrganizationSessionPolicyMethod = SessionPolicyAdminServiceGrpc.getGetOrganizationSessionPolicyMethod) == null) {
      synchronized (SessionPolicyAdminServiceGrpc.class) {
        if ((getGetOrganizationSessionPolicyMethod = SessionPolicyAdminServiceGrpc.getGetOrganizationSessionPolicyMethod) == null) {
          SessionPolicyAdminServiceGrpc.getGetOrganizationSessionPolicyMethod = getGetOrganizationSessionPolicyMethod =
              io.grpc.MethodDescriptor.<com.sessionpolicy.v1.GetOrganizationSessionPolicyRequest, com.sessionpolicy.v1.GetOrganizationSessionPolicyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetOrganizationSessionPolicy"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.GetOrganizationSessionPolicyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.GetOrganizationSessionPolicyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionPolicyAdminServiceMethodDescriptorSupplier("GetOrganizationSessionPolicy"))
              .build();
        }
      }
    }
    return getGetOrganizationSessionPolicyMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.sessionpolicy.v1.UpdateOrganizationSessionPolicyRequest,
      com.sessionpolicy.v1.UpdateOrganizationSessionPolicyResponse> getUpdateOrganizationSessionPolicyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateOrganizationSessionPolicy",
      requestType = com.sessionpolicy.v1.UpdateOrganizationSessionPolicyRequest.class,
      responseType = com.sessionpolicy.v1.UpdateOrganizationSessionPolicyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.sessionpolicy.v1.UpdateOrganizationSessionPolicyRequest,
      com.sessionpolicy.v1.UpdateOrganizationSessionPolicyResponse> getUpdateOrganizationSessionPolicyMethod() {
    io.grpc.MethodDescriptor<com.sessionpolicy.v1.UpdateOrganizationSessionPolicyRequest, com.sessionpolicy.v1.UpdateOrganizationSessionPolicyResponse> getUpdateOrganizationSessionPolicyMethod;
    if ((getUpdateOrganizationSessionPolicyMethod = SessionPolicyAdminServiceGrpc.getUpdateOrganizationSessionPolicyMethod) == null) {
      synchronized (SessionPolicyAdminServiceGrpc.class) {
        if ((getUpdateOrganizationSessionPolicyMethod = SessionPolicyAdminServiceGrpc.getUpdateOrganizationSessionPolicyMethod) == null) {
          SessionPolicyAdminServiceGrpc.getUpdateOrganizationSessionPolicyMethod = getUpdateOrganizationSessionPolicyMethod =
              io.grpc.MethodDescriptor.<com.sessionpolicy.v1.UpdateOrganizationSessionPolicyRequest, com.sessionpolicy.v1.UpdateOrganizationSessionPolicyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateOrganizationSessionPolicy"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.UpdateOrganizationSessionPolicyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.UpdateOrganizationSessionPolicyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionPolicyAdminServiceMethodDescriptorSupplier("UpdateOrganizationSessionPolicy"))
              .build();
        }
      }
    }
    return getUpdateOrganizationSessionPolicyMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.sessionpolicy.v1.GetApplicationSessionPolicyRequest,
      com.sessionpolicy.v1.GetApplicationSessionPolicyResponse> getGetApplicationSessionPolicyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetApplicationSessionPolicy",
      requestType = com.sessionpolicy.v1.GetApplicationSessionPolicyRequest.class,
      responseType = com.sessionpolicy.v1.GetApplicationSessionPolicyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.sessionpolicy.v1.GetApplicationSessionPolicyRequest,
      com.sessionpolicy.v1.GetApplicationSessionPolicyResponse> getGetApplicationSessionPolicyMethod() {
    io.grpc.MethodDescriptor<com.sessionpolicy.v1.GetApplicationSessionPolicyRequest, com.sessionpolicy.v1.GetApplicationSessionPolicyResponse> getGetApplicationSessionPolicyMethod;
    if ((getGetApplicationSessionPolicyMethod = SessionPolicyAdminServiceGrpc.getGetApplicationSessionPolicyMethod) == null) {
      synchronized (SessionPolicyAdminServiceGrpc.class) {
        if ((getGetApplicationSessionPolicyMethod = SessionPolicyAdminServiceGrpc.getGetApplicationSessionPolicyMethod) == null) {
          SessionPolicyAdminServiceGrpc.getGetApplicationSessionPolicyMethod = getGetApplicationSessionPolicyMethod =
              io.grpc.MethodDescriptor.<com.sessionpolicy.v1.GetApplicationSessionPolicyRequest, com.sessionpolicy.v1.GetApplicationSessionPolicyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetApplicationSessionPolicy"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.GetApplicationSessionPolicyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.GetApplicationSessionPolicyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionPolicyAdminServiceMethodDescriptorSupplier("GetApplicationSessionPolicy"))
              .build();
        }
      }
    }
    return getGetApplicationSessionPolicyMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.sessionpolicy.v1.UpdateApplicationSessionPolicyRequest,
      com.sessionpolicy.v1.UpdateApplicationSessionPolicyResponse> getUpdateApplicationSessionPolicyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateApplicationSessionPolicy",
      requestType = com.sessionpolicy.v1.UpdateApplicationSessionPolicyRequest.class,
      responseType = com.sessionpolicy.v1.UpdateApplicationSessionPolicyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.sessionpolicy.v1.UpdateApplicationSessionPolicyRequest,
      com.sessionpolicy.v1.UpdateApplicationSessionPolicyResponse> getUpdateApplicationSessionPolicyMethod() {
    io.grpc.MethodDescriptor<com.sessionpolicy.v1.UpdateApplicationSessionPolicyRequest, com.sessionpolicy.v1.UpdateApplicationSessionPolicyResponse> getUpdateApplicationSessionPolicyMethod;
    if ((getUpdateApplicationSessionPolicyMethod = SessionPolicyAdminServiceGrpc.getUpdateApplicationSessionPolicyMethod) == null) {
      synchronized (SessionPolicyAdminServiceGrpc.class) {
        if ((getUpdateApplicationSessionPolicyMethod = SessionPolicyAdminServiceGrpc.getUpdateApplicationSessionPolicyMethod) == null) {
          SessionPolicyAdminServiceGrpc.getUpdateApplicationSessionPolicyMethod = getUpdateApplicationSessionPolicyMethod =
              io.grpc.MethodDescriptor.<com.sessionpolicy.v1.UpdateApplicationSessionPolicyRequest, com.sessionpolicy.v1.UpdateApplicationSessionPolicyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateApplicationSessionPolicy"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.UpdateApplicationSessionPolicyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.UpdateApplicationSessionPolicyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionPolicyAdminServiceMethodDescriptorSupplier("UpdateApplicationSessionPolicy"))
              .build();
        }
      }
    }
    return getUpdateApplicationSessionPolicyMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.sessionpolicy.v1.GetOrganizationSettingsRequest,
      com.sessionpolicy.v1.GetOrganizationSettingsResponse> getGetOrganizationSettingsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetOrganizationSettings",
      requestType = com.sessionpolicy.v1.GetOrganizationSettingsRequest.class,
      responseType = com.sessionpolicy.v1.GetOrganizationSettingsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.sessionpolicy.v1.GetOrganizationSettingsRequest,
      com.sessionpolicy.v1.GetOrganizationSettingsResponse> getGetOrganizationSettingsMethod() {
    io.grpc.MethodDescriptor<com.sessionpolicy.v1.GetOrganizationSettingsRequest, com.sessionpolicy.v1.GetOrganizationSettingsResponse> getGetOrganizationSettingsMethod;
    if ((getGetOrganizationSettingsMethod = SessionPolicyAdminServiceGrpc.getGetOrganizationSettingsMethod) == null) {
      synchronized (SessionPolicyAdminServiceGrpc.class) {
        if ((getGetOrganizationSettingsMethod = SessionPolicyAdminServiceGrpc.getGetOrganizationSettingsMethod) == null) {
          SessionPolicyAdminServiceGrpc.getGetOrganizationSettingsMethod = getGetOrganizationSettingsMethod =
              io.grpc.MethodDescriptor.<com.sessionpolicy.v1.GetOrganizationSettingsRequest, com.sessionpolicy.v1.GetOrganizationSettingsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetOrganizationSettings"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.GetOrganizationSettingsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.GetOrganizationSettingsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionPolicyAdminServiceMethodDescriptorSupplier("GetOrganizationSettings"))
              .build();
        }
      }
    }
    return getGetOrganizationSettingsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.sessionpolicy.v1.UpdateOrganizationSettingsRequest,
      com.sessionpolicy.v1.UpdateOrganizationSettingsResponse> getUpdateOrganizationSettingsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateOrganizationSettings",
      requestType = com.sessionpolicy.v1.UpdateOrganizationSettingsRequest.class,
      responseType = com.sessionpolicy.v1.UpdateOrganizationSettingsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.sessionpolicy.v1.UpdateOrganizationSettingsRequest,
      com.sessionpolicy.v1.UpdateOrganizationSettingsResponse> getUpdateOrganizationSettingsMethod() {
    io.grpc.MethodDescriptor<com.sessionpolicy.v1.UpdateOrganizationSettingsRequest, com.sessionpolicy.v1.UpdateOrganizationSettingsResponse> getUpdateOrganizationSettingsMethod;
    if ((getUpdateOrganizationSettingsMethod = SessionPolicyAdminServiceGrpc.getUpdateOrganizationSettingsMethod) == null) {
      synchronized (SessionPolicyAdminServiceGrpc.class) {
        if ((getUpdateOrganizationSettingsMethod = SessionPolicyAdminServiceGrpc.getUpdateOrganizationSettingsMethod) == null) {
          SessionPolicyAdminServiceGrpc.getUpdateOrganizationSettingsMethod = getUpdateOrganizationSettingsMethod =
              io.grpc.MethodDescriptor.<com.sessionpolicy.v1.UpdateOrganizationSettingsRequest, com.sessionpolicy.v1.UpdateOrganizationSettingsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateOrganizationSettings"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.UpdateOrganizationSettingsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.UpdateOrganizationSettingsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionPolicyAdminServiceMethodDescriptorSupplier("UpdateOrganizationSettings"))
              .build();
        }
      }
    }
    return getUpdateOrganizationSettingsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.sessionpolicy.v1.ListPolicyChangesRequest,
      com.sessionpolicy.v1.ListPolicyChangesResponse> getListPolicyChangesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListPolicyChanges",
      requestType = com.sessionpolicy.v1.ListPolicyChangesRequest.class,
      responseType = com.sessionpolicy.v1.ListPolicyChangesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.sessionpolicy.v1.ListPolicyChangesRequest,
      com.sessionpolicy.v1.ListPolicyChangesResponse> getListPolicyChangesMethod() {
    io.grpc.MethodDescriptor<com.sessionpolicy.v1.ListPolicyChangesRequest, com.sessionpolicy.v1.ListPolicyChangesResponse> getListPolicyChangesMethod;
    if ((getListPolicyChangesMethod = SessionPolicyAdminServiceGrpc.getListPolicyChangesMethod) == null) {
      synchronized (SessionPolicyAdminServiceGrpc.class) {
        if ((getListPolicyChangesMethod = SessionPolicyAdminServiceGrpc.getListPolicyChangesMethod) == null) {
          SessionPolicyAdminServiceGrpc.getListPolicyChangesMethod = getListPolicyChangesMethod =
              io.grpc.MethodDescriptor.<com.sessionpolicy.v1.ListPolicyChangesRequest, com.sessionpolicy.v1.ListPolicyChangesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListPolicyChanges"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.ListPolicyChangesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.ListPolicyChangesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionPolicyAdminServiceMethodDescriptorSupplier("ListPolicyChanges"))
              .build();
        }
      }
    }
    return getListPolicyChangesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.sessionpolicy.v1.CreateWidgetSessionRequest,
      com.sessionpolicy.v1.CreateWidgetSessionResponse> getCreateWidgetSessionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "CreateWidgetSession",
      requestType = com.sessionpolicy.v1.CreateWidgetSessionRequest.class,
      responseType = com.sessionpolicy.v1.CreateWidgetSessionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.sessionpolicy.v1.CreateWidgetSessionRequest,
      com.sessionpolicy.v1.CreateWidgetSessionResponse> getCreateWidgetSessionMethod() {
    io.grpc.MethodDescriptor<com.sessionpolicy.v1.CreateWidgetSessionRequest, com.sessionpolicy.v1.CreateWidgetSessionResponse> getCreateWidgetSessionMethod;
    if ((getCreateWidgetSessionMethod = SessionPolicyAdminServiceGrpc.getCreateWidgetSessionMethod) == null) {
      synchronized (SessionPolicyAdminServiceGrpc.class) {
        if ((getCreateWidgetSessionMethod = SessionPolicyAdminServiceGrpc.getCreateWidgetSessionMethod) == null) {
          SessionPolicyAdminServiceGrpc.getCreateWidgetSessionMethod = getCreateWidgetSessionMethod =
              io.grpc.MethodDescriptor.<com.sessionpolicy.v1.CreateWidgetSessionRequest, com.sessionpolicy.v1.CreateWidgetSessionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "CreateWidgetSession"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.CreateWidgetSessionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.CreateWidgetSessionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionPolicyAdminServiceMethodDescriptorSupplier("CreateWidgetSession"))
              .build();
        }
      }
    }
    return getCreateWidgetSessionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.sessionpolicy.v1.GetSessionRulesRequest,
      com.sessionpolicy.v1.GetSessionRulesResponse> getGetSessionRulesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetSessionRules",
      requestType = com.sessionpolicy.v1.GetSessionRulesRequest.class,
      responseType = com.sessionpolicy.v1.GetSessionRulesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.sessionpolicy.v1.GetSessionRulesRequest,
      com.sessionpolicy.v1.GetSessionRulesResponse> getGetSessionRulesMethod() {
    io.grpc.MethodDescriptor<com.sessionpolicy.v1.GetSessionRulesRequest, com.sessionpolicy.v1.GetSessionRulesResponse> getGetSessionRulesMethod;
    if ((getGetSessionRulesMethod = SessionPolicyAdminServiceGrpc.getGetSessionRulesMethod) == null) {
      synchronized (SessionPolicyAdminServiceGrpc.class) {
        if ((getGetSessionRulesMethod = SessionPolicyAdminServiceGrpc.getGetSessionRulesMethod) == null) {
          SessionPolicyAdminServiceGrpc.getGetSessionRulesMethod = getGetSessionRulesMethod =
              io.grpc.MethodDescriptor.<com.sessionpolicy.v1.GetSessionRulesRequest, com.sessionpolicy.v1.GetSessionRulesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetSessionRules"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.GetSessionRulesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.GetSessionRulesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionPolicyAdminServiceMethodDescriptorSupplier("GetSessionRules"))
              .build();
        }
      }
    }
    return getGetSessionRulesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.sessionpolicy.v1.UpdateSessionRulesRequest,
      com.sessionpolicy.v1.UpdateSessionRulesResponse> getUpdateSessionRulesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "UpdateSessionRules",
      requestType = com.sessionpolicy.v1.UpdateSessionRulesRequest.class,
      responseType = com.sessionpolicy.v1.UpdateSessionRulesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.sessionpolicy.v1.UpdateSessionRulesRequest,
      com.sessionpolicy.v1.UpdateSessionRulesResponse> getUpdateSessionRulesMethod() {
    io.grpc.MethodDescriptor<com.sessionpolicy.v1.UpdateSessionRulesRequest, com.sessionpolicy.v1.UpdateSessionRulesResponse> getUpdateSessionRulesMethod;
    if ((getUpdateSessionRulesMethod = SessionPolicyAdminServiceGrpc.getUpdateSessionRulesMethod) == null) {
      synchronized (SessionPolicyAdminServiceGrpc.class) {
        if ((getUpdateSessionRulesMethod = SessionPolicyAdminServiceGrpc.getUpdateSessionRulesMethod) == null) {
          SessionPolicyAdminServiceGrpc.getUpdateSessionRulesMethod = getUpdateSessionRulesMethod =
              io.grpc.MethodDescriptor.<com.sessionpolicy.v1.UpdateSessionRulesRequest, com.sessionpolicy.v1.UpdateSessionRulesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "UpdateSessionRules"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.UpdateSessionRulesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.UpdateSessionRulesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionPolicyAdminServiceMethodDescriptorSupplier("UpdateSessionRules"))
              .build();
        }
      }
    }
    return getUpdateSessionRulesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.sessionpolicy.v1.RevokeSessionsRequest,
      com.sessionpolicy.v1.RevokeSessionsResponse> getRevokeSessionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RevokeSessions",
      requestType = com.sessionpolicy.v1.RevokeSessionsRequest.class,
      responseType = com.sessionpolicy.v1.RevokeSessionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.sessionpolicy.v1.RevokeSessionsRequest,
      com.sessionpolicy.v1.RevokeSessionsResponse> getRevokeSessionsMethod() {
    io.grpc.MethodDescriptor<com.sessionpolicy.v1.RevokeSessionsRequest, com.sessionpolicy.v1.RevokeSessionsResponse> getRevokeSessionsMethod;
    if ((getRevokeSessionsMethod = SessionPolicyAdminServiceGrpc.getRevokeSessionsMethod) == null) {
      synchronized (SessionPolicyAdminServiceGrpc.class) {
        if ((getRevokeSessionsMethod = SessionPolicyAdminServiceGrpc.getRevokeSessionsMethod) == null) {
          SessionPolicyAdminServiceGrpc.getRevokeSessionsMethod = getRevokeSessionsMethod =
              io.grpc.MethodDescriptor.<com.sessionpolicy.v1.RevokeSessionsRequest, com.sessionpolicy.v1.RevokeSessionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RevokeSessions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.RevokeSessionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.RevokeSessionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionPolicyAdminServiceMethodDescriptorSupplier("RevokeSessions"))
              .build();
        }
      }
    }
    return getRevokeSessionsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.sessionpolicy.v1.ListRevocationsRequest,
      com.sessionpolicy.v1.ListRevocationsResponse> getListRevocationsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListRevocations",
      requestType = com.sessionpolicy.v1.ListRevocationsRequest.class,
      responseType = com.sessionpolicy.v1.ListRevocationsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.sessionpolicy.v1.ListRevocationsRequest,
      com.sessionpolicy.v1.ListRevocationsResponse> getListRevocationsMethod() {
    io.grpc.MethodDescriptor<com.sessionpolicy.v1.ListRevocationsRequest, com.sessionpolicy.v1.ListRevocationsResponse> getListRevocationsMethod;
    if ((getListRevocationsMethod = SessionPolicyAdminServiceGrpc.getListRevocationsMethod) == null) {
      synchronized (SessionPolicyAdminServiceGrpc.class) {
        if ((getListRevocationsMethod = SessionPolicyAdminServiceGrpc.getListRevocationsMethod) == null) {
          SessionPolicyAdminServiceGrpc.getListRevocationsMethod = getListRevocationsMethod =
              io.grpc.MethodDescriptor.<com.sessionpolicy.v1.ListRevocationsRequest, com.sessionpolicy.v1.ListRevocationsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListRevocations"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.ListRevocationsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.ListRevocationsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionPolicyAdminServiceMethodDescriptorSupplier("ListRevocations"))
              .build();
        }
      }
    }
    return getListRevocationsMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static SessionPolicyAdminServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SessionPolicyAdminServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SessionPolicyAdminServiceStub>() {
        @java.lang.Override
        public SessionPolicyAdminServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SessionPolicyAdminServiceStub(channel, callOptions);
        }
      };
    return SessionPolicyAdminServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static SessionPolicyAdminServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SessionPolicyAdminServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SessionPolicyAdminServiceBlockingV2Stub>() {
        @java.lang.Override
        public SessionPolicyAdminServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SessionPolicyAdminServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return SessionPolicyAdminServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static SessionPolicyAdminServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SessionPolicyAdminServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SessionPolicyAdminServiceBlockingStub>() {
        @java.lang.Override
        public SessionPolicyAdminServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SessionPolicyAdminServiceBlockingStub(channel, callOptions);
        }
      };
    return SessionPolicyAdminServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static SessionPolicyAdminServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SessionPolicyAdminServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SessionPolicyAdminServiceFutureStub>() {
        @java.lang.Override
        public SessionPolicyAdminServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SessionPolicyAdminServiceFutureStub(channel, callOptions);
        }
      };
    return SessionPolicyAdminServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * SessionPolicyAdminService changes and reads stored session policies: the application defaults, each
   * organization's policy and feature switches, and the audit history of every change.
   * Errors common to every RPC, each with a google.rpc.ErrorInfo (reason, domain
   * "sessionpolicy.example.com") and, for INVALID_ARGUMENT, a google.rpc.BadRequest listing every
   * violated field:
   * UNAUTHENTICATED (no or bad credentials), PERMISSION_DENIED (checked before any existence check),
   * INVALID_ARGUMENT (nothing changed), UNAVAILABLE (the store is unreachable; nothing changed).
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Returns an organization's stored session policy. An organization never written reads as
     * APPLICATION with every value unset. Errors: INVALID_ARGUMENT for a malformed organization_id.
     * </pre>
     */
    default void getOrganizationSessionPolicy(com.sessionpolicy.v1.GetOrganizationSessionPolicyRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.GetOrganizationSessionPolicyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetOrganizationSessionPolicyMethod(), responseObserver);
    }

    /**
     * <pre>
     * Sets an organization to CUSTOM values or reverts it to APPLICATION (discarding the custom values,
     * which stay in the audit history). Values are converted to minutes. Errors: INVALID_ARGUMENT with
     * every violated field; FAILED_PRECONDITION (reason FEATURE_DISABLED) for CUSTOM while the
     * organization's session_policy feature is off; ABORTED (reason ETAG_MISMATCH) when etag is set and
     * no longer current.
     * </pre>
     */
    default void updateOrganizationSessionPolicy(com.sessionpolicy.v1.UpdateOrganizationSessionPolicyRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.UpdateOrganizationSessionPolicyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateOrganizationSessionPolicyMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns the application session policy (the defaults every organization starts from).
     * </pre>
     */
    default void getApplicationSessionPolicy(com.sessionpolicy.v1.GetApplicationSessionPolicyRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.GetApplicationSessionPolicyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetApplicationSessionPolicyMethod(), responseObserver);
    }

    /**
     * <pre>
     * Replaces the application session policy. Organizations are not rewritten: their stored values are
     * clamped to the new application values at resolution time. Errors: INVALID_ARGUMENT with every
     * violated field; ABORTED (reason ETAG_MISMATCH) when etag is set and no longer current.
     * </pre>
     */
    default void updateApplicationSessionPolicy(com.sessionpolicy.v1.UpdateApplicationSessionPolicyRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.UpdateApplicationSessionPolicyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateApplicationSessionPolicyMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns an organization's feature switches; every known feature is listed, off unless turned on.
     * </pre>
     */
    default void getOrganizationSettings(com.sessionpolicy.v1.GetOrganizationSettingsRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.GetOrganizationSettingsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetOrganizationSettingsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Turns the listed features on or off; features not listed keep their state. Turning session_policy
     * off keeps a stored CUSTOM policy but makes it inactive until it is turned on again. Errors:
     * INVALID_ARGUMENT for unknown or repeated feature names; ABORTED (reason ETAG_MISMATCH) for a stale
     * etag.
     * </pre>
     */
    default void updateOrganizationSettings(com.sessionpolicy.v1.UpdateOrganizationSettingsRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.UpdateOrganizationSettingsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateOrganizationSettingsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists recorded changes, newest first, optionally for one organization. A page_size above the
     * maximum is read as the maximum (AIP-158). Errors: INVALID_ARGUMENT for a negative page_size or a
     * page_token not issued for the same filter.
     * </pre>
     */
    default void listPolicyChanges(com.sessionpolicy.v1.ListPolicyChangesRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.ListPolicyChangesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListPolicyChangesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Mints a token for the org-admin widget: bound to one organization and subject, valid for ttl (at
     * most 15 minutes), signed so that every instance of this deployment accepts it. The token works only
     * on the HTTP face, only for that organization's org-admin methods; the audit actor is
     * "widget:&lt;subject&gt;". Requires the policy:admin scope. Errors: INVALID_ARGUMENT for a malformed
     * organization_id or subject, or a ttl that is missing, not positive or over 15 minutes;
     * FAILED_PRECONDITION (reason WIDGET_TOKENS_DISABLED) when no widget token secret is configured.
     * </pre>
     */
    default void createWidgetSession(com.sessionpolicy.v1.CreateWidgetSessionRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.CreateWidgetSessionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getCreateWidgetSessionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Returns the session rules and compliance profiles of one scope: the application (empty
     * organization_id; platform readers and admins) or one organization (readers, or that organization's
     * own admin). A scope never written reads as an empty rule set. Errors: INVALID_ARGUMENT for a
     * malformed organization_id; PERMISSION_DENIED for another organization's rules.
     * </pre>
     */
    default void getSessionRules(com.sessionpolicy.v1.GetSessionRulesRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.GetSessionRulesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetSessionRulesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Replaces the session rules and compliance profiles of one scope, recording an audit record with
     * the rule set before and after. The application scope needs policy:admin; an organization's scope
     * its own admin or policy:admin. Organization rules apply while its session_policy feature is on,
     * whether its policy is APPLICATION or CUSTOM; they may be written while it is off. Errors:
     * INVALID_ARGUMENT listing every violation (more than 50 rules, a malformed or repeated rule_id, a
     * rule without a limit, a limit not a positive whole number of minutes or above the application
     * bound, a condition list over 20 entries, more than 10 attributes or one over 64 characters, an
     * unknown or repeated enum value); ABORTED (reason ETAG_MISMATCH) when etag is set and no longer
     * current.
     * </pre>
     */
    default void updateSessionRules(com.sessionpolicy.v1.UpdateSessionRulesRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.UpdateSessionRulesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUpdateSessionRulesMethod(), responseObserver);
    }

    /**
     * <pre>
     * Records that sessions must end: one session_id, every session of a subject, or every session of an
     * organization started at or before now (docs/design.md §2.7). Every enforcer sees it through
     * EvaluateSession (reason REVOKED) and WatchEffectivePolicies within a second. An organization's
     * admin revokes only within that organization; policy:admin anywhere, and globally (empty
     * organization_id); a policy:read token never. Errors: PERMISSION_DENIED for another organization
     * (before anything is looked up, so it never tells whether a session exists); INVALID_ARGUMENT with
     * every violated field (no target, reason unspecified, malformed ids, entire_organization without an
     * organization); RESOURCE_EXHAUSTED, nothing recorded, with ErrorInfo reason REVOCATION_LIMIT_REACHED
     * when the organization (or the global scope) already keeps as many revocations of this kind as it
     * may (metadata `instead` names the broader target that still has room: `subject`, then
     * `entire_organization`; `kept` and `limit` the count; room comes back as revocations lapse) or
     * RATE_LIMITED when this caller made more calls per second than one principal may on the instance it
     * called (metadata `retryAfterMs` and the same wait in google.rpc.RetryInfo; global revocations by
     * policy:admin are not rate-limited); ABORTED after too many concurrent changes (nothing recorded,
     * retry with the same request_id).
     * </pre>
     */
    default void revokeSessions(com.sessionpolicy.v1.RevokeSessionsRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.RevokeSessionsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRevokeSessionsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Lists the revocations of one organization (or the global ones) still kept, oldest first. The same
     * authorization as RevokeSessions. Errors: INVALID_ARGUMENT for a negative page_size or a
     * page_token not issued for the same organization_id.
     * </pre>
     */
    default void listRevocations(com.sessionpolicy.v1.ListRevocationsRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.ListRevocationsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListRevocationsMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service SessionPolicyAdminService.
   * <pre>
   * SessionPolicyAdminService changes and reads stored session policies: the application defaults, each
   * organization's policy and feature switches, and the audit history of every change.
   * Errors common to every RPC, each with a google.rpc.ErrorInfo (reason, domain
   * "sessionpolicy.example.com") and, for INVALID_ARGUMENT, a google.rpc.BadRequest listing every
   * violated field:
   * UNAUTHENTICATED (no or bad credentials), PERMISSION_DENIED (checked before any existence check),
   * INVALID_ARGUMENT (nothing changed), UNAVAILABLE (the store is unreachable; nothing changed).
   * </pre>
   */
  public static abstract class SessionPolicyAdminServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return SessionPolicyAdminServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service SessionPolicyAdminService.
   * <pre>
   * SessionPolicyAdminService changes and reads stored session policies: the application defaults, each
   * organization's policy and feature switches, and the audit history of every change.
   * Errors common to every RPC, each with a google.rpc.ErrorInfo (reason, domain
   * "sessionpolicy.example.com") and, for INVALID_ARGUMENT, a google.rpc.BadRequest listing every
   * violated field:
   * UNAUTHENTICATED (no or bad credentials), PERMISSION_DENIED (checked before any existence check),
   * INVALID_ARGUMENT (nothing changed), UNAVAILABLE (the store is unreachable; nothing changed).
   * </pre>
   */
  public static final class SessionPolicyAdminServiceStub
      extends io.grpc.stub.AbstractAsyncStub<SessionPolicyAdminServiceStub> {
    private SessionPolicyAdminServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SessionPolicyAdminServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SessionPolicyAdminServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns an organization's stored session policy. An organization never written reads as
     * APPLICATION with every value unset. Errors: INVALID_ARGUMENT for a malformed organization_id.
     * </pre>
     */
    public void getOrganizationSessionPolicy(com.sessionpolicy.v1.GetOrganizationSessionPolicyRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.GetOrganizationSessionPolicyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetOrganizationSessionPolicyMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Sets an organization to CUSTOM values or reverts it to APPLICATION (discarding the custom values,
     * which stay in the audit history). Values are converted to minutes. Errors: INVALID_ARGUMENT with
     * every violated field; FAILED_PRECONDITION (reason FEATURE_DISABLED) for CUSTOM while the
     * organization's session_policy feature is off; ABORTED (reason ETAG_MISMATCH) when etag is set and
     * no longer current.
     * </pre>
     */
    public void updateOrganizationSessionPolicy(com.sessionpolicy.v1.UpdateOrganizationSessionPolicyRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.UpdateOrganizationSessionPolicyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateOrganizationSessionPolicyMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns the application session policy (the defaults every organization starts from).
     * </pre>
     */
    public void getApplicationSessionPolicy(com.sessionpolicy.v1.GetApplicationSessionPolicyRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.GetApplicationSessionPolicyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetApplicationSessionPolicyMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Replaces the application session policy. Organizations are not rewritten: their stored values are
     * clamped to the new application values at resolution time. Errors: INVALID_ARGUMENT with every
     * violated field; ABORTED (reason ETAG_MISMATCH) when etag is set and no longer current.
     * </pre>
     */
    public void updateApplicationSessionPolicy(com.sessionpolicy.v1.UpdateApplicationSessionPolicyRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.UpdateApplicationSessionPolicyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateApplicationSessionPolicyMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns an organization's feature switches; every known feature is listed, off unless turned on.
     * </pre>
     */
    public void getOrganizationSettings(com.sessionpolicy.v1.GetOrganizationSettingsRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.GetOrganizationSettingsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetOrganizationSettingsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Turns the listed features on or off; features not listed keep their state. Turning session_policy
     * off keeps a stored CUSTOM policy but makes it inactive until it is turned on again. Errors:
     * INVALID_ARGUMENT for unknown or repeated feature names; ABORTED (reason ETAG_MISMATCH) for a stale
     * etag.
     * </pre>
     */
    public void updateOrganizationSettings(com.sessionpolicy.v1.UpdateOrganizationSettingsRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.UpdateOrganizationSettingsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateOrganizationSettingsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists recorded changes, newest first, optionally for one organization. A page_size above the
     * maximum is read as the maximum (AIP-158). Errors: INVALID_ARGUMENT for a negative page_size or a
     * page_token not issued for the same filter.
     * </pre>
     */
    public void listPolicyChanges(com.sessionpolicy.v1.ListPolicyChangesRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.ListPolicyChangesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListPolicyChangesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Mints a token for the org-admin widget: bound to one organization and subject, valid for ttl (at
     * most 15 minutes), signed so that every instance of this deployment accepts it. The token works only
     * on the HTTP face, only for that organization's org-admin methods; the audit actor is
     * "widget:&lt;subject&gt;". Requires the policy:admin scope. Errors: INVALID_ARGUMENT for a malformed
     * organization_id or subject, or a ttl that is missing, not positive or over 15 minutes;
     * FAILED_PRECONDITION (reason WIDGET_TOKENS_DISABLED) when no widget token secret is configured.
     * </pre>
     */
    public void createWidgetSession(com.sessionpolicy.v1.CreateWidgetSessionRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.CreateWidgetSessionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getCreateWidgetSessionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Returns the session rules and compliance profiles of one scope: the application (empty
     * organization_id; platform readers and admins) or one organization (readers, or that organization's
     * own admin). A scope never written reads as an empty rule set. Errors: INVALID_ARGUMENT for a
     * malformed organization_id; PERMISSION_DENIED for another organization's rules.
     * </pre>
     */
    public void getSessionRules(com.sessionpolicy.v1.GetSessionRulesRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.GetSessionRulesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetSessionRulesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Replaces the session rules and compliance profiles of one scope, recording an audit record with
     * the rule set before and after. The application scope needs policy:admin; an organization's scope
     * its own admin or policy:admin. Organization rules apply while its session_policy feature is on,
     * whether its policy is APPLICATION or CUSTOM; they may be written while it is off. Errors:
     * INVALID_ARGUMENT listing every violation (more than 50 rules, a malformed or repeated rule_id, a
     * rule without a limit, a limit not a positive whole number of minutes or above the application
     * bound, a condition list over 20 entries, more than 10 attributes or one over 64 characters, an
     * unknown or repeated enum value); ABORTED (reason ETAG_MISMATCH) when etag is set and no longer
     * current.
     * </pre>
     */
    public void updateSessionRules(com.sessionpolicy.v1.UpdateSessionRulesRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.UpdateSessionRulesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUpdateSessionRulesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Records that sessions must end: one session_id, every session of a subject, or every session of an
     * organization started at or before now (docs/design.md §2.7). Every enforcer sees it through
     * EvaluateSession (reason REVOKED) and WatchEffectivePolicies within a second. An organization's
     * admin revokes only within that organization; policy:admin anywhere, and globally (empty
     * organization_id); a policy:read token never. Errors: PERMISSION_DENIED for another organization
     * (before anything is looked up, so it never tells whether a session exists); INVALID_ARGUMENT with
     * every violated field (no target, reason unspecified, malformed ids, entire_organization without an
     * organization); RESOURCE_EXHAUSTED, nothing recorded, with ErrorInfo reason REVOCATION_LIMIT_REACHED
     * when the organization (or the global scope) already keeps as many revocations of this kind as it
     * may (metadata `instead` names the broader target that still has room: `subject`, then
     * `entire_organization`; `kept` and `limit` the count; room comes back as revocations lapse) or
     * RATE_LIMITED when this caller made more calls per second than one principal may on the instance it
     * called (metadata `retryAfterMs` and the same wait in google.rpc.RetryInfo; global revocations by
     * policy:admin are not rate-limited); ABORTED after too many concurrent changes (nothing recorded,
     * retry with the same request_id).
     * </pre>
     */
    public void revokeSessions(com.sessionpolicy.v1.RevokeSessionsRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.RevokeSessionsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRevokeSessionsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Lists the revocations of one organization (or the global ones) still kept, oldest first. The same
     * authorization as RevokeSessions. Errors: INVALID_ARGUMENT for a negative page_size or a
     * page_token not issued for the same organization_id.
     * </pre>
     */
    public void listRevocations(com.sessionpolicy.v1.ListRevocationsRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.ListRevocationsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListRevocationsMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service SessionPolicyAdminService.
   * <pre>
   * SessionPolicyAdminService changes and reads stored session policies: the application defaults, each
   * organization's policy and feature switches, and the audit history of every change.
   * Errors common to every RPC, each with a google.rpc.ErrorInfo (reason, domain
   * "sessionpolicy.example.com") and, for INVALID_ARGUMENT, a google.rpc.BadRequest listing every
   * violated field:
   * UNAUTHENTICATED (no or bad credentials), PERMISSION_DENIED (checked before any existence check),
   * INVALID_ARGUMENT (nothing changed), UNAVAILABLE (the store is unreachable; nothing changed).
   * </pre>
   */
  public static final class SessionPolicyAdminServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<SessionPolicyAdminServiceBlockingV2Stub> {
    private SessionPolicyAdminServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SessionPolicyAdminServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SessionPolicyAdminServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns an organization's stored session policy. An organization never written reads as
     * APPLICATION with every value unset. Errors: INVALID_ARGUMENT for a malformed organization_id.
     * </pre>
     */
    public com.sessionpolicy.v1.GetOrganizationSessionPolicyResponse getOrganizationSessionPolicy(com.sessionpolicy.v1.GetOrganizationSessionPolicyRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetOrganizationSessionPolicyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sets an organization to CUSTOM values or reverts it to APPLICATION (discarding the custom values,
     * which stay in the audit history). Values are converted to minutes. Errors: INVALID_ARGUMENT with
     * every violated field; FAILED_PRECONDITION (reason FEATURE_DISABLED) for CUSTOM while the
     * organization's session_policy feature is off; ABORTED (reason ETAG_MISMATCH) when etag is set and
     * no longer current.
     * </pre>
     */
    public com.sessionpolicy.v1.UpdateOrganizationSessionPolicyResponse updateOrganizationSessionPolicy(com.sessionpolicy.v1.UpdateOrganizationSessionPolicyRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateOrganizationSessionPolicyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the application session policy (the defaults every organization starts from).
     * </pre>
     */
    public com.sessionpolicy.v1.GetApplicationSessionPolicyResponse getApplicationSessionPolicy(com.sessionpolicy.v1.GetApplicationSessionPolicyRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetApplicationSessionPolicyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Replaces the application session policy. Organizations are not rewritten: their stored values are
     * clamped to the new application values at resolution time. Errors: INVALID_ARGUMENT with every
     * violated field; ABORTED (reason ETAG_MISMATCH) when etag is set and no longer current.
     * </pre>
     */
    public com.sessionpolicy.v1.UpdateApplicationSessionPolicyResponse updateApplicationSessionPolicy(com.sessionpolicy.v1.UpdateApplicationSessionPolicyRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateApplicationSessionPolicyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns an organization's feature switches; every known feature is listed, off unless turned on.
     * </pre>
     */
    public com.sessionpolicy.v1.GetOrganizationSettingsResponse getOrganizationSettings(com.sessionpolicy.v1.GetOrganizationSettingsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetOrganizationSettingsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Turns the listed features on or off; features not listed keep their state. Turning session_policy
     * off keeps a stored CUSTOM policy but makes it inactive until it is turned on again. Errors:
     * INVALID_ARGUMENT for unknown or repeated feature names; ABORTED (reason ETAG_MISMATCH) for a stale
     * etag.
     * </pre>
     */
    public com.sessionpolicy.v1.UpdateOrganizationSettingsResponse updateOrganizationSettings(com.sessionpolicy.v1.UpdateOrganizationSettingsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateOrganizationSettingsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists recorded changes, newest first, optionally for one organization. A page_size above the
     * maximum is read as the maximum (AIP-158). Errors: INVALID_ARGUMENT for a negative page_size or a
     * page_token not issued for the same filter.
     * </pre>
     */
    public com.sessionpolicy.v1.ListPolicyChangesResponse listPolicyChanges(com.sessionpolicy.v1.ListPolicyChangesRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListPolicyChangesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Mints a token for the org-admin widget: bound to one organization and subject, valid for ttl (at
     * most 15 minutes), signed so that every instance of this deployment accepts it. The token works only
     * on the HTTP face, only for that organization's org-admin methods; the audit actor is
     * "widget:&lt;subject&gt;". Requires the policy:admin scope. Errors: INVALID_ARGUMENT for a malformed
     * organization_id or subject, or a ttl that is missing, not positive or over 15 minutes;
     * FAILED_PRECONDITION (reason WIDGET_TOKENS_DISABLED) when no widget token secret is configured.
     * </pre>
     */
    public com.sessionpolicy.v1.CreateWidgetSessionResponse createWidgetSession(com.sessionpolicy.v1.CreateWidgetSessionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getCreateWidgetSessionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the session rules and compliance profiles of one scope: the application (empty
     * organization_id; platform readers and admins) or one organization (readers, or that organization's
     * own admin). A scope never written reads as an empty rule set. Errors: INVALID_ARGUMENT for a
     * malformed organization_id; PERMISSION_DENIED for another organization's rules.
     * </pre>
     */
    public com.sessionpolicy.v1.GetSessionRulesResponse getSessionRules(com.sessionpolicy.v1.GetSessionRulesRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetSessionRulesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Replaces the session rules and compliance profiles of one scope, recording an audit record with
     * the rule set before and after. The application scope needs policy:admin; an organization's scope
     * its own admin or policy:admin. Organization rules apply while its session_policy feature is on,
     * whether its policy is APPLICATION or CUSTOM; they may be written while it is off. Errors:
     * INVALID_ARGUMENT listing every violation (more than 50 rules, a malformed or repeated rule_id, a
     * rule without a limit, a limit not a positive whole number of minutes or above the application
     * bound, a condition list over 20 entries, more than 10 attributes or one over 64 characters, an
     * unknown or repeated enum value); ABORTED (reason ETAG_MISMATCH) when etag is set and no longer
     * current.
     * </pre>
     */
    public com.sessionpolicy.v1.UpdateSessionRulesResponse updateSessionRules(com.sessionpolicy.v1.UpdateSessionRulesRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getUpdateSessionRulesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Records that sessions must end: one session_id, every session of a subject, or every session of an
     * organization started at or before now (docs/design.md §2.7). Every enforcer sees it through
     * EvaluateSession (reason REVOKED) and WatchEffectivePolicies within a second. An organization's
     * admin revokes only within that organization; policy:admin anywhere, and globally (empty
     * organization_id); a policy:read token never. Errors: PERMISSION_DENIED for another organization
     * (before anything is looked up, so it never tells whether a session exists); INVALID_ARGUMENT with
     * every violated field (no target, reason unspecified, malformed ids, entire_organization without an
     * organization); RESOURCE_EXHAUSTED, nothing recorded, with ErrorInfo reason REVOCATION_LIMIT_REACHED
     * when the organization (or the global scope) already keeps as many revocations of this kind as it
     * may (metadata `instead` names the broader target that still has room: `subject`, then
     * `entire_organization`; `kept` and `limit` the count; room comes back as revocations lapse) or
     * RATE_LIMITED when this caller made more calls per second than one principal may on the instance it
     * called (metadata `retryAfterMs` and the same wait in google.rpc.RetryInfo; global revocations by
     * policy:admin are not rate-limited); ABORTED after too many concurrent changes (nothing recorded,
     * retry with the same request_id).
     * </pre>
     */
    public com.sessionpolicy.v1.RevokeSessionsResponse revokeSessions(com.sessionpolicy.v1.RevokeSessionsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRevokeSessionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the revocations of one organization (or the global ones) still kept, oldest first. The same
     * authorization as RevokeSessions. Errors: INVALID_ARGUMENT for a negative page_size or a
     * page_token not issued for the same organization_id.
     * </pre>
     */
    public com.sessionpolicy.v1.ListRevocationsResponse listRevocations(com.sessionpolicy.v1.ListRevocationsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getListRevocationsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service SessionPolicyAdminService.
   * <pre>
   * SessionPolicyAdminService changes and reads stored session policies: the application defaults, each
   * organization's policy and feature switches, and the audit history of every change.
   * Errors common to every RPC, each with a google.rpc.ErrorInfo (reason, domain
   * "sessionpolicy.example.com") and, for INVALID_ARGUMENT, a google.rpc.BadRequest listing every
   * violated field:
   * UNAUTHENTICATED (no or bad credentials), PERMISSION_DENIED (checked before any existence check),
   * INVALID_ARGUMENT (nothing changed), UNAVAILABLE (the store is unreachable; nothing changed).
   * </pre>
   */
  public static final class SessionPolicyAdminServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<SessionPolicyAdminServiceBlockingStub> {
    private SessionPolicyAdminServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SessionPolicyAdminServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SessionPolicyAdminServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns an organization's stored session policy. An organization never written reads as
     * APPLICATION with every value unset. Errors: INVALID_ARGUMENT for a malformed organization_id.
     * </pre>
     */
    public com.sessionpolicy.v1.GetOrganizationSessionPolicyResponse getOrganizationSessionPolicy(com.sessionpolicy.v1.GetOrganizationSessionPolicyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetOrganizationSessionPolicyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Sets an organization to CUSTOM values or reverts it to APPLICATION (discarding the custom values,
     * which stay in the audit history). Values are converted to minutes. Errors: INVALID_ARGUMENT with
     * every violated field; FAILED_PRECONDITION (reason FEATURE_DISABLED) for CUSTOM while the
     * organization's session_policy feature is off; ABORTED (reason ETAG_MISMATCH) when etag is set and
     * no longer current.
     * </pre>
     */
    public com.sessionpolicy.v1.UpdateOrganizationSessionPolicyResponse updateOrganizationSessionPolicy(com.sessionpolicy.v1.UpdateOrganizationSessionPolicyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateOrganizationSessionPolicyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the application session policy (the defaults every organization starts from).
     * </pre>
     */
    public com.sessionpolicy.v1.GetApplicationSessionPolicyResponse getApplicationSessionPolicy(com.sessionpolicy.v1.GetApplicationSessionPolicyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetApplicationSessionPolicyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Replaces the application session policy. Organizations are not rewritten: their stored values are
     * clamped to the new application values at resolution time. Errors: INVALID_ARGUMENT with every
     * violated field; ABORTED (reason ETAG_MISMATCH) when etag is set and no longer current.
     * </pre>
     */
    public com.sessionpolicy.v1.UpdateApplicationSessionPolicyResponse updateApplicationSessionPolicy(com.sessionpolicy.v1.UpdateApplicationSessionPolicyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateApplicationSessionPolicyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns an organization's feature switches; every known feature is listed, off unless turned on.
     * </pre>
     */
    public com.sessionpolicy.v1.GetOrganizationSettingsResponse getOrganizationSettings(com.sessionpolicy.v1.GetOrganizationSettingsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetOrganizationSettingsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Turns the listed features on or off; features not listed keep their state. Turning session_policy
     * off keeps a stored CUSTOM policy but makes it inactive until it is turned on again. Errors:
     * INVALID_ARGUMENT for unknown or repeated feature names; ABORTED (reason ETAG_MISMATCH) for a stale
     * etag.
     * </pre>
     */
    public com.sessionpolicy.v1.UpdateOrganizationSettingsResponse updateOrganizationSettings(com.sessionpolicy.v1.UpdateOrganizationSettingsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateOrganizationSettingsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists recorded changes, newest first, optionally for one organization. A page_size above the
     * maximum is read as the maximum (AIP-158). Errors: INVALID_ARGUMENT for a negative page_size or a
     * page_token not issued for the same filter.
     * </pre>
     */
    public com.sessionpolicy.v1.ListPolicyChangesResponse listPolicyChanges(com.sessionpolicy.v1.ListPolicyChangesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListPolicyChangesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Mints a token for the org-admin widget: bound to one organization and subject, valid for ttl (at
     * most 15 minutes), signed so that every instance of this deployment accepts it. The token works only
     * on the HTTP face, only for that organization's org-admin methods; the audit actor is
     * "widget:&lt;subject&gt;". Requires the policy:admin scope. Errors: INVALID_ARGUMENT for a malformed
     * organization_id or subject, or a ttl that is missing, not positive or over 15 minutes;
     * FAILED_PRECONDITION (reason WIDGET_TOKENS_DISABLED) when no widget token secret is configured.
     * </pre>
     */
    public com.sessionpolicy.v1.CreateWidgetSessionResponse createWidgetSession(com.sessionpolicy.v1.CreateWidgetSessionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getCreateWidgetSessionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Returns the session rules and compliance profiles of one scope: the application (empty
     * organization_id; platform readers and admins) or one organization (readers, or that organization's
     * own admin). A scope never written reads as an empty rule set. Errors: INVALID_ARGUMENT for a
     * malformed organization_id; PERMISSION_DENIED for another organization's rules.
     * </pre>
     */
    public com.sessionpolicy.v1.GetSessionRulesResponse getSessionRules(com.sessionpolicy.v1.GetSessionRulesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetSessionRulesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Replaces the session rules and compliance profiles of one scope, recording an audit record with
     * the rule set before and after. The application scope needs policy:admin; an organization's scope
     * its own admin or policy:admin. Organization rules apply while its session_policy feature is on,
     * whether its policy is APPLICATION or CUSTOM; they may be written while it is off. Errors:
     * INVALID_ARGUMENT listing every violation (more than 50 rules, a malformed or repeated rule_id, a
     * rule without a limit, a limit not a positive whole number of minutes or above the application
     * bound, a condition list over 20 entries, more than 10 attributes or one over 64 characters, an
     * unknown or repeated enum value); ABORTED (reason ETAG_MISMATCH) when etag is set and no longer
     * current.
     * </pre>
     */
    public com.sessionpolicy.v1.UpdateSessionRulesResponse updateSessionRules(com.sessionpolicy.v1.UpdateSessionRulesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUpdateSessionRulesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Records that sessions must end: one session_id, every session of a subject, or every session of an
     * organization started at or before now (docs/design.md §2.7). Every enforcer sees it through
     * EvaluateSession (reason REVOKED) and WatchEffectivePolicies within a second. An organization's
     * admin revokes only within that organization; policy:admin anywhere, and globally (empty
     * organization_id); a policy:read token never. Errors: PERMISSION_DENIED for another organization
     * (before anything is looked up, so it never tells whether a session exists); INVALID_ARGUMENT with
     * every violated field (no target, reason unspecified, malformed ids, entire_organization without an
     * organization); RESOURCE_EXHAUSTED, nothing recorded, with ErrorInfo reason REVOCATION_LIMIT_REACHED
     * when the organization (or the global scope) already keeps as many revocations of this kind as it
     * may (metadata `instead` names the broader target that still has room: `subject`, then
     * `entire_organization`; `kept` and `limit` the count; room comes back as revocations lapse) or
     * RATE_LIMITED when this caller made more calls per second than one principal may on the instance it
     * called (metadata `retryAfterMs` and the same wait in google.rpc.RetryInfo; global revocations by
     * policy:admin are not rate-limited); ABORTED after too many concurrent changes (nothing recorded,
     * retry with the same request_id).
     * </pre>
     */
    public com.sessionpolicy.v1.RevokeSessionsResponse revokeSessions(com.sessionpolicy.v1.RevokeSessionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRevokeSessionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Lists the revocations of one organization (or the global ones) still kept, oldest first. The same
     * authorization as RevokeSessions. Errors: INVALID_ARGUMENT for a negative page_size or a
     * page_token not issued for the same organization_id.
     * </pre>
     */
    public com.sessionpolicy.v1.ListRevocationsResponse listRevocations(com.sessionpolicy.v1.ListRevocationsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListRevocationsMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service SessionPolicyAdminService.
   * <pre>
   * SessionPolicyAdminService changes and reads stored session policies: the application defaults, each
   * organization's policy and feature switches, and the audit history of every change.
   * Errors common to every RPC, each with a google.rpc.ErrorInfo (reason, domain
   * "sessionpolicy.example.com") and, for INVALID_ARGUMENT, a google.rpc.BadRequest listing every
   * violated field:
   * UNAUTHENTICATED (no or bad credentials), PERMISSION_DENIED (checked before any existence check),
   * INVALID_ARGUMENT (nothing changed), UNAVAILABLE (the store is unreachable; nothing changed).
   * </pre>
   */
  public static final class SessionPolicyAdminServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<SessionPolicyAdminServiceFutureStub> {
    private SessionPolicyAdminServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SessionPolicyAdminServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SessionPolicyAdminServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Returns an organization's stored session policy. An organization never written reads as
     * APPLICATION with every value unset. Errors: INVALID_ARGUMENT for a malformed organization_id.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.sessionpolicy.v1.GetOrganizationSessionPolicyResponse> getOrganizationSessionPolicy(
        com.sessionpolicy.v1.GetOrganizationSessionPolicyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetOrganizationSessionPolicyMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Sets an organization to CUSTOM values or reverts it to APPLICATION (discarding the custom values,
     * which stay in the audit history). Values are converted to minutes. Errors: INVALID_ARGUMENT with
     * every violated field; FAILED_PRECONDITION (reason FEATURE_DISABLED) for CUSTOM while the
     * organization's session_policy feature is off; ABORTED (reason ETAG_MISMATCH) when etag is set and
     * no longer current.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.sessionpolicy.v1.UpdateOrganizationSessionPolicyResponse> updateOrganizationSessionPolicy(
        com.sessionpolicy.v1.UpdateOrganizationSessionPolicyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateOrganizationSessionPolicyMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns the application session policy (the defaults every organization starts from).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.sessionpolicy.v1.GetApplicationSessionPolicyResponse> getApplicationSessionPolicy(
        com.sessionpolicy.v1.GetApplicationSessionPolicyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetApplicationSessionPolicyMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Replaces the application session policy. Organizations are not rewritten: their stored values are
     * clamped to the new application values at resolution time. Errors: INVALID_ARGUMENT with every
     * violated field; ABORTED (reason ETAG_MISMATCH) when etag is set and no longer current.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.sessionpolicy.v1.UpdateApplicationSessionPolicyResponse> updateApplicationSessionPolicy(
        com.sessionpolicy.v1.UpdateApplicationSessionPolicyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateApplicationSessionPolicyMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns an organization's feature switches; every known feature is listed, off unless turned on.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.sessionpolicy.v1.GetOrganizationSettingsResponse> getOrganizationSettings(
        com.sessionpolicy.v1.GetOrganizationSettingsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetOrganizationSettingsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Turns the listed features on or off; features not listed keep their state. Turning session_policy
     * off keeps a stored CUSTOM policy but makes it inactive until it is turned on again. Errors:
     * INVALID_ARGUMENT for unknown or repeated feature names; ABORTED (reason ETAG_MISMATCH) for a stale
     * etag.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.sessionpolicy.v1.UpdateOrganizationSettingsResponse> updateOrganizationSettings(
        com.sessionpolicy.v1.UpdateOrganizationSettingsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateOrganizationSettingsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists recorded changes, newest first, optionally for one organization. A page_size above the
     * maximum is read as the maximum (AIP-158). Errors: INVALID_ARGUMENT for a negative page_size or a
     * page_token not issued for the same filter.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.sessionpolicy.v1.ListPolicyChangesResponse> listPolicyChanges(
        com.sessionpolicy.v1.ListPolicyChangesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListPolicyChangesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Mints a token for the org-admin widget: bound to one organization and subject, valid for ttl (at
     * most 15 minutes), signed so that every instance of this deployment accepts it. The token works only
     * on the HTTP face, only for that organization's org-admin methods; the audit actor is
     * "widget:&lt;subject&gt;". Requires the policy:admin scope. Errors: INVALID_ARGUMENT for a malformed
     * organization_id or subject, or a ttl that is missing, not positive or over 15 minutes;
     * FAILED_PRECONDITION (reason WIDGET_TOKENS_DISABLED) when no widget token secret is configured.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.sessionpolicy.v1.CreateWidgetSessionResponse> createWidgetSession(
        com.sessionpolicy.v1.CreateWidgetSessionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getCreateWidgetSessionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Returns the session rules and compliance profiles of one scope: the application (empty
     * organization_id; platform readers and admins) or one organization (readers, or that organization's
     * own admin). A scope never written reads as an empty rule set. Errors: INVALID_ARGUMENT for a
     * malformed organization_id; PERMISSION_DENIED for another organization's rules.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.sessionpolicy.v1.GetSessionRulesResponse> getSessionRules(
        com.sessionpolicy.v1.GetSessionRulesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetSessionRulesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Replaces the session rules and compliance profiles of one scope, recording an audit record with
     * the rule set before and after. The application scope needs policy:admin; an organization's scope
     * its own admin or policy:admin. Organization rules apply while its session_policy feature is on,
     * whether its policy is APPLICATION or CUSTOM; they may be written while it is off. Errors:
     * INVALID_ARGUMENT listing every violation (more than 50 rules, a malformed or repeated rule_id, a
     * rule without a limit, a limit not a positive whole number of minutes or above the application
     * bound, a condition list over 20 entries, more than 10 attributes or one over 64 characters, an
     * unknown or repeated enum value); ABORTED (reason ETAG_MISMATCH) when etag is set and no longer
     * current.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.sessionpolicy.v1.UpdateSessionRulesResponse> updateSessionRules(
        com.sessionpolicy.v1.UpdateSessionRulesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUpdateSessionRulesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Records that sessions must end: one session_id, every session of a subject, or every session of an
     * organization started at or before now (docs/design.md §2.7). Every enforcer sees it through
     * EvaluateSession (reason REVOKED) and WatchEffectivePolicies within a second. An organization's
     * admin revokes only within that organization; policy:admin anywhere, and globally (empty
     * organization_id); a policy:read token never. Errors: PERMISSION_DENIED for another organization
     * (before anything is looked up, so it never tells whether a session exists); INVALID_ARGUMENT with
     * every violated field (no target, reason unspecified, malformed ids, entire_organization without an
     * organization); RESOURCE_EXHAUSTED, nothing recorded, with ErrorInfo reason REVOCATION_LIMIT_REACHED
     * when the organization (or the global scope) already keeps as many revocations of this kind as it
     * may (metadata `instead` names the broader target that still has room: `subject`, then
     * `entire_organization`; `kept` and `limit` the count; room comes back as revocations lapse) or
     * RATE_LIMITED when this caller made more calls per second than one principal may on the instance it
     * called (metadata `retryAfterMs` and the same wait in google.rpc.RetryInfo; global revocations by
     * policy:admin are not rate-limited); ABORTED after too many concurrent changes (nothing recorded,
     * retry with the same request_id).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.sessionpolicy.v1.RevokeSessionsResponse> revokeSessions(
        com.sessionpolicy.v1.RevokeSessionsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRevokeSessionsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Lists the revocations of one organization (or the global ones) still kept, oldest first. The same
     * authorization as RevokeSessions. Errors: INVALID_ARGUMENT for a negative page_size or a
     * page_token not issued for the same organization_id.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.sessionpolicy.v1.ListRevocationsResponse> listRevocations(
        com.sessionpolicy.v1.ListRevocationsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListRevocationsMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_GET_ORGANIZATION_SESSION_POLICY = 0;
  private static final int METHODID_UPDATE_ORGANIZATION_SESSION_POLICY = 1;
  private static final int METHODID_GET_APPLICATION_SESSION_POLICY = 2;
  private static final int METHODID_UPDATE_APPLICATION_SESSION_POLICY = 3;
  private static final int METHODID_GET_ORGANIZATION_SETTINGS = 4;
  private static final int METHODID_UPDATE_ORGANIZATION_SETTINGS = 5;
  private static final int METHODID_LIST_POLICY_CHANGES = 6;
  private static final int METHODID_CREATE_WIDGET_SESSION = 7;
  private static final int METHODID_GET_SESSION_RULES = 8;
  private static final int METHODID_UPDATE_SESSION_RULES = 9;
  private static final int METHODID_REVOKE_SESSIONS = 10;
  private static final int METHODID_LIST_REVOCATIONS = 11;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AsyncService serviceImpl;
    private final int methodId;

    MethodHandlers(AsyncService serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_GET_ORGANIZATION_SESSION_POLICY:
          serviceImpl.getOrganizationSessionPolicy((com.sessionpolicy.v1.GetOrganizationSessionPolicyRequest) request,
              (io.grpc.stub.StreamObserver<com.sessionpolicy.v1.GetOrganizationSessionPolicyResponse>) responseObserver);
          break;
        case METHODID_UPDATE_ORGANIZATION_SESSION_POLICY:
          serviceImpl.updateOrganizationSessionPolicy((com.sessionpolicy.v1.UpdateOrganizationSessionPolicyRequest) request,
              (io.grpc.stub.StreamObserver<com.sessionpolicy.v1.UpdateOrganizationSessionPolicyResponse>) responseObserver);
          break;
        case METHODID_GET_APPLICATION_SESSION_POLICY:
          serviceImpl.getApplicationSessionPolicy((com.sessionpolicy.v1.GetApplicationSessionPolicyRequest) request,
              (io.grpc.stub.StreamObserver<com.sessionpolicy.v1.GetApplicationSessionPolicyResponse>) responseObserver);
          break;
        case METHODID_UPDATE_APPLICATION_SESSION_POLICY:
          serviceImpl.updateApplicationSessionPolicy((com.sessionpolicy.v1.UpdateApplicationSessionPolicyRequest) request,
              (io.grpc.stub.StreamObserver<com.sessionpolicy.v1.UpdateApplicationSessionPolicyResponse>) responseObserver);
          break;
        case METHODID_GET_ORGANIZATION_SETTINGS:
          serviceImpl.getOrganizationSettings((com.sessionpolicy.v1.GetOrganizationSettingsRequest) request,
              (io.grpc.stub.StreamObserver<com.sessionpolicy.v1.GetOrganizationSettingsResponse>) responseObserver);
          break;
        case METHODID_UPDATE_ORGANIZATION_SETTINGS:
          serviceImpl.updateOrganizationSettings((com.sessionpolicy.v1.UpdateOrganizationSettingsRequest) request,
              (io.grpc.stub.StreamObserver<com.sessionpolicy.v1.UpdateOrganizationSettingsResponse>) responseObserver);
          break;
        case METHODID_LIST_POLICY_CHANGES:
          serviceImpl.listPolicyChanges((com.sessionpolicy.v1.ListPolicyChangesRequest) request,
              (io.grpc.stub.StreamObserver<com.sessionpolicy.v1.ListPolicyChangesResponse>) responseObserver);
          break;
        case METHODID_CREATE_WIDGET_SESSION:
          serviceImpl.createWidgetSession((com.sessionpolicy.v1.CreateWidgetSessionRequest) request,
              (io.grpc.stub.StreamObserver<com.sessionpolicy.v1.CreateWidgetSessionResponse>) responseObserver);
          break;
        case METHODID_GET_SESSION_RULES:
          serviceImpl.getSessionRules((com.sessionpolicy.v1.GetSessionRulesRequest) request,
              (io.grpc.stub.StreamObserver<com.sessionpolicy.v1.GetSessionRulesResponse>) responseObserver);
          break;
        case METHODID_UPDATE_SESSION_RULES:
          serviceImpl.updateSessionRules((com.sessionpolicy.v1.UpdateSessionRulesRequest) request,
              (io.grpc.stub.StreamObserver<com.sessionpolicy.v1.UpdateSessionRulesResponse>) responseObserver);
          break;
        case METHODID_REVOKE_SESSIONS:
          serviceImpl.revokeSessions((com.sessionpolicy.v1.RevokeSessionsRequest) request,
              (io.grpc.stub.StreamObserver<com.sessionpolicy.v1.RevokeSessionsResponse>) responseObserver);
          break;
        case METHODID_LIST_REVOCATIONS:
          serviceImpl.listRevocations((com.sessionpolicy.v1.ListRevocationsRequest) request,
              (io.grpc.stub.StreamObserver<com.sessionpolicy.v1.ListRevocationsResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getGetOrganizationSessionPolicyMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              com.sessionpolicy.v1.GetOrganizationSessionPolicyRequest,
              com.sessionpolicy.v1.GetOrganizationSessionPolicyResponse>(
                service, METHODID_GET_ORGANIZATION_SESSION_POLICY)))
        .addMethod(
          getUpdateOrganizationSessionPolicyMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              com.sessionpolicy.v1.UpdateOrganizationSessionPolicyRequest,
              com.sessionpolicy.v1.UpdateOrganizationSessionPolicyResponse>(
                service, METHODID_UPDATE_ORGANIZATION_SESSION_POLICY)))
        .addMethod(
          getGetApplicationSessionPolicyMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              com.sessionpolicy.v1.GetApplicationSessionPolicyRequest,
              com.sessionpolicy.v1.GetApplicationSessionPolicyResponse>(
                service, METHODID_GET_APPLICATION_SESSION_POLICY)))
        .addMethod(
          getUpdateApplicationSessionPolicyMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              com.sessionpolicy.v1.UpdateApplicationSessionPolicyRequest,
              com.sessionpolicy.v1.UpdateApplicationSessionPolicyResponse>(
                service, METHODID_UPDATE_APPLICATION_SESSION_POLICY)))
        .addMethod(
          getGetOrganizationSettingsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              com.sessionpolicy.v1.GetOrganizationSettingsRequest,
              com.sessionpolicy.v1.GetOrganizationSettingsResponse>(
                service, METHODID_GET_ORGANIZATION_SETTINGS)))
        .addMethod(
          getUpdateOrganizationSettingsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              com.sessionpolicy.v1.UpdateOrganizationSettingsRequest,
              com.sessionpolicy.v1.UpdateOrganizationSettingsResponse>(
                service, METHODID_UPDATE_ORGANIZATION_SETTINGS)))
        .addMethod(
          getListPolicyChangesMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              com.sessionpolicy.v1.ListPolicyChangesRequest,
              com.sessionpolicy.v1.ListPolicyChangesResponse>(
                service, METHODID_LIST_POLICY_CHANGES)))
        .addMethod(
          getCreateWidgetSessionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              com.sessionpolicy.v1.CreateWidgetSessionRequest,
              com.sessionpolicy.v1.CreateWidgetSessionResponse>(
                service, METHODID_CREATE_WIDGET_SESSION)))
        .addMethod(
          getGetSessionRulesMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              com.sessionpolicy.v1.GetSessionRulesRequest,
              com.sessionpolicy.v1.GetSessionRulesResponse>(
                service, METHODID_GET_SESSION_RULES)))
        .addMethod(
          getUpdateSessionRulesMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              com.sessionpolicy.v1.UpdateSessionRulesRequest,
              com.sessionpolicy.v1.UpdateSessionRulesResponse>(
                service, METHODID_UPDATE_SESSION_RULES)))
        .addMethod(
          getRevokeSessionsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              com.sessionpolicy.v1.RevokeSessionsRequest,
              com.sessionpolicy.v1.RevokeSessionsResponse>(
                service, METHODID_REVOKE_SESSIONS)))
        .addMethod(
          getListRevocationsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              com.sessionpolicy.v1.ListRevocationsRequest,
              com.sessionpolicy.v1.ListRevocationsResponse>(
                service, METHODID_LIST_REVOCATIONS)))
        .build();
  }

  private static abstract class SessionPolicyAdminServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    SessionPolicyAdminServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return com.sessionpolicy.v1.AdminServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("SessionPolicyAdminService");
    }
  }

  private static final class SessionPolicyAdminServiceFileDescriptorSupplier
      extends SessionPolicyAdminServiceBaseDescriptorSupplier {
    SessionPolicyAdminServiceFileDescriptorSupplier() {}
  }

  private static final class SessionPolicyAdminServiceMethodDescriptorSupplier
      extends SessionPolicyAdminServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    SessionPolicyAdminServiceMethodDescriptorSupplier(java.lang.String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (SessionPolicyAdminServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new SessionPolicyAdminServiceFileDescriptorSupplier())
              .addMethod(getGetOrganizationSessionPolicyMethod())
              .addMethod(getUpdateOrganizationSessionPolicyMethod())
              .addMethod(getGetApplicationSessionPolicyMethod())
              .addMethod(getUpdateApplicationSessionPolicyMethod())
              .addMethod(getGetOrganizationSettingsMethod())
              .addMethod(getUpdateOrganizationSettingsMethod())
              .addMethod(getListPolicyChangesMethod())
              .addMethod(getCreateWidgetSessionMethod())
              .addMethod(getGetSessionRulesMethod())
              .addMethod(getUpdateSessionRulesMethod())
              .addMethod(getRevokeSessionsMethod())
              .addMethod(getListRevocationsMethod())
              .build();
        }
      }
    }
    return result;
  }
}
