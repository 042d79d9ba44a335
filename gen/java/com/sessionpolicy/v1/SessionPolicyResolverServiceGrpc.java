package com.sessionpolicy.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * SessionPolicyResolverService answers the enforcers on the hot path: which session policy applies to
 * a user of these organizations, and whether this session has expired. Answers come from the
 * complete replica every instance holds, kept current by following the store's change log
 * (docs/design.md §3).
 * Effective policy of organizations O1..On (n &gt;= 0) under application policy A, counting only
 * organizations that are CUSTOM with their session_policy feature on:
 * absolute = min(A, every Oi); idle enabled = A or any Oi; idle duration = min over the enabled sides;
 * access-token lifetime = A. Organization values looser than A never loosen the result.
 * Session rules and compliance profiles (session_rules.proto) of the application and of every
 * organization whose session_policy feature is on then limit these values further for the sessions
 * they match: each value is the minimum over every matching rule and profile, and a matching idle
 * limit enables idle. A request without a SessionContext is resolved as an empty context: only rules
 * with an empty condition match, PCI_DSS_4 applies, and NIST_800_63B_4 applies its strictest limits.
 * Errors, each with a google.rpc.ErrorInfo: UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT
 * (with a google.rpc.BadRequest), UNAVAILABLE when the store is unreachable and no last-known-good
 * value is held (or it is older than the configured maximum stale age).
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class SessionPolicyResolverServiceGrpc {

  private SessionPolicyResolverServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "sessionpolicy.v1.SessionPolicyResolverService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<com.sessionpolicy.v1.ResolveEffectivePolicyRequest,
      com.sessionpolicy.v1.ResolveEffectivePolicyResponse> getResolveEffectivePolicyMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ResolveEffectivePolicy",
      requestType = com.sessionpolicy.v1.ResolveEffectivePolicyRequest.class,
      responseType = com.sessionpolicy.v1.ResolveEffectivePolicyResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.sessionpolicy.v1.ResolveEffectivePolicyRequest,
      com.sessionpolicy.v1.ResolveEffectivePolicyResponse> getResolveEffectivePolicyMethod() {
    io.grpc.MethodDescriptor<com.sessionpolicy.v1.ResolveEffectivePolicyRequest, com.sessionpolicy.v1.ResolveEffectivePolicyResponse> getResolveEffectivePolicyMethod;
    if ((getResolveEffectivePolicyMethod = SessionPolicyResolverServiceGrpc.getResolveEffectivePolicyMethod) == null) {
      synchronized (SessionPolicyResolverServiceGrpc.class) {
        if ((getResolveEffectivePolicyMethod = SessionPolicyResolverServiceGrpc.getResolveEffectivePolicyMethod) == null) {
          SessionPolicyResolverServiceGrpc.getResolveEffectivePolicyMethod = getResolveEffectivePolicyMethod =
              io.grpc.MethodDescriptor.<com.sessionpolicy.v1.ResolveEffectivePolicyRequest, com.sessionpolicy.v1.ResolveEffectivePolicyResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ResolveEffectivePolicy"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.ResolveEffectivePolicyRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.ResolveEffectivePolicyResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionPolicyResolverServiceMethodDescriptorSupplier("ResolveEffectivePolicy"))
              .build();
        }
      }
    }
    return getResolveEffectivePolicyMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.sessionpolicy.v1.EvaluateSessionRequest,
      com.sessionpolicy.v1.EvaluateSessionResponse> getEvaluateSessionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "EvaluateSession",
      requestType = com.sessionpolicy.v1.EvaluateSessionRequest.class,
      responseType = com.sessionpolicy.v1.EvaluateSessionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.sessionpolicy.v1.EvaluateSessionRequest,
      com.sessionpolicy.v1.EvaluateSessionResponse> getEvaluateSessionMethod() {
    io.grpc.MethodDescriptor<com.sessionpolicy.v1.EvaluateSessionRequest, com.sessionpolicy.v1.EvaluateSessionResponse> getEvaluateSessionMethod;
    if ((getEvaluateSessionMethod = SessionPolicyResolverServiceGrpc.getEvaluateSessionMethod) == null) {
      synchronized (SessionPolicyResolverServiceGrpc.class) {
        if ((getEvaluateSessionMethod = SessionPolicyResolverServiceGrpc.getEvaluateSessionMethod) == null) {
          SessionPolicyResolverServiceGrpc.getEvaluateSessionMethod = getEvaluateSessionMethod =
              io.grpc.MethodDescriptor.<com.sessionpolicy.v1.EvaluateSessionRequest, com.sessionpolicy.v1.EvaluateSessionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "EvaluateSession"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.EvaluateSessionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.EvaluateSessionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionPolicyResolverServiceMethodDescriptorSupplier("EvaluateSession"))
              .build();
        }
      }
    }
    return getEvaluateSessionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.sessionpolicy.v1.WatchEffectivePoliciesRequest,
      com.sessionpolicy.v1.WatchEffectivePoliciesResponse> getWatchEffectivePoliciesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "WatchEffectivePolicies",
      requestType = com.sessionpolicy.v1.WatchEffectivePoliciesRequest.class,
      responseType = com.sessionpolicy.v1.WatchEffectivePoliciesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<com.sessionpolicy.v1.WatchEffectivePoliciesRequest,
      com.sessionpolicy.v1.WatchEffectivePoliciesResponse> getWatchEffectivePoliciesMethod() {
    io.grpc.MethodDescriptor<com.sessionpolicy.v1.WatchEffectivePoliciesRequest, com.sessionpolicy.v1.WatchEffectivePoliciesResponse> getWatchEffectivePoliciesMethod;
    if ((getWatchEffectivePoliciesMethod = SessionPolicyResolverServiceGrpc.getWatchEffectivePoliciesMethod) == null) {
      synchronized (SessionPolicyResolverServiceGrpc.class) {
        if ((getWatchEffectivePoliciesMethod = SessionPolicyResolverServiceGrpc.getWatchEffectivePoliciesMethod) == null) {
          SessionPolicyResolverServiceGrpc.getWatchEffectivePoliciesMethod = getWatchEffectivePoliciesMethod =
              io.grpc.MethodDescriptor.<com.sessionpolicy.v1.WatchEffectivePoliciesRequest, com.sessionpolicy.v1.WatchEffectivePoliciesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "WatchEffectivePolicies"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.WatchEffectivePoliciesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.sessionpolicy.v1.WatchEffectivePoliciesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new SessionPolicyResolverServiceMethodDescriptorSupplier("WatchEffectivePolicies"))
              .build();
        }
      }
    }
    return getWatchEffectivePoliciesMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static SessionPolicyResolverServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SessionPolicyResolverServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SessionPolicyResolverServiceStub>() {
        @java.lang.Override
        public SessionPolicyResolverServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SessionPolicyResolverServiceStub(channel, callOptions);
        }
      };
    return SessionPolicyResolverServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static SessionPolicyResolverServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SessionPolicyResolverServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SessionPolicyResolverServiceBlockingV2Stub>() {
        @java.lang.Override
        public SessionPolicyResolverServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SessionPolicyResolverServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return SessionPolicyResolverServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static SessionPolicyResolverServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SessionPolicyResolverServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SessionPolicyResolverServiceBlockingStub>() {
        @java.lang.Override
        public SessionPolicyResolverServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SessionPolicyResolverServiceBlockingStub(channel, callOptions);
        }
      };
    return SessionPolicyResolverServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static SessionPolicyResolverServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<SessionPolicyResolverServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<SessionPolicyResolverServiceFutureStub>() {
        @java.lang.Override
        public SessionPolicyResolverServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new SessionPolicyResolverServiceFutureStub(channel, callOptions);
        }
      };
    return SessionPolicyResolverServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * SessionPolicyResolverService answers the enforcers on the hot path: which session policy applies to
   * a user of these organizations, and whether this session has expired. Answers come from the
   * complete replica every instance holds, kept current by following the store's change log
   * (docs/design.md §3).
   * Effective policy of organizations O1..On (n &gt;= 0) under application policy A, counting only
   * organizations that are CUSTOM with their session_policy feature on:
   * absolute = min(A, every Oi); idle enabled = A or any Oi; idle duration = min over the enabled sides;
   * access-token lifetime = A. Organization values looser than A never loosen the result.
   * Session rules and compliance profiles (session_rules.proto) of the application and of every
   * organization whose session_policy feature is on then limit these values further for the sessions
   * they match: each value is the minimum over every matching rule and profile, and a matching idle
   * limit enables idle. A request without a SessionContext is resolved as an empty context: only rules
   * with an empty condition match, PCI_DSS_4 applies, and NIST_800_63B_4 applies its strictest limits.
   * Errors, each with a google.rpc.ErrorInfo: UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT
   * (with a google.rpc.BadRequest), UNAVAILABLE when the store is unreachable and no last-known-good
   * value is held (or it is older than the configured maximum stale age).
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * Resolves the effective policy of a user belonging to the given organizations. Every value names
     * the layer that decided it. Organizations never written resolve to the application policy.
     * Errors: INVALID_ARGUMENT for a malformed, repeated or too many organization ids, or a context
     * beyond its bounds or with an unknown enum value.
     * </pre>
     */
    default void resolveEffectivePolicy(com.sessionpolicy.v1.ResolveEffectivePolicyRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.ResolveEffectivePolicyResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getResolveEffectivePolicyMethod(), responseObserver);
    }

    /**
     * <pre>
     * Decides whether a session has expired: max lifetime first (now - start &gt;= absolute), then idle
     * (now - last activity &gt;= idle, when idle is enabled). Always returns both deadlines and the
     * earliest, so callers can cache the decision until then. Errors: INVALID_ARGUMENT when a time is
     * missing, last activity is before the session start, or a time is later than the evaluation time
     * plus the configured clock skew, or the context is invalid as in ResolveEffectivePolicy.
     * </pre>
     */
    default void evaluateSession(com.sessionpolicy.v1.EvaluateSessionRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.EvaluateSessionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getEvaluateSessionMethod(), responseObserver);
    }

    /**
     * <pre>
     * Streams the effective policies of the given organizations (or of every organization with a stored
     * policy when none is given): first a snapshot, then every change in revision order. A client that
     * reconnects with resume_after_revision receives exactly the changes after that revision. Events
     * carry the rule sets that apply to each watched organization, so an enforcer can evaluate a
     * SessionContext locally exactly as ResolveEffectivePolicy would.
     * Errors: as ResolveEffectivePolicy; OUT_OF_RANGE when resume_after_revision is older than the
     * retained change log (the client must take a fresh snapshot).
     * </pre>
     */
    default void watchEffectivePolicies(com.sessionpolicy.v1.WatchEffectivePoliciesRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.WatchEffectivePoliciesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getWatchEffectivePoliciesMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service SessionPolicyResolverService.
   * <pre>
   * SessionPolicyResolverService answers the enforcers on the hot path: which session policy applies to
   * a user of these organizations, and whether this session has expired. Answers come from the
   * complete replica every instance holds, kept current by following the store's change log
   * (docs/design.md §3).
   * Effective policy of organizations O1..On (n &gt;= 0) under application policy A, counting only
   * organizations that are CUSTOM with their session_policy feature on:
   * absolute = min(A, every Oi); idle enabled = A or any Oi; idle duration = min over the enabled sides;
   * access-token lifetime = A. Organization values looser than A never loosen the result.
   * Session rules and compliance profiles (session_rules.proto) of the application and of every
   * organization whose session_policy feature is on then limit these values further for the sessions
   * they match: each value is the minimum over every matching rule and profile, and a matching idle
   * limit enables idle. A request without a SessionContext is resolved as an empty context: only rules
   * with an empty condition match, PCI_DSS_4 applies, and NIST_800_63B_4 applies its strictest limits.
   * Errors, each with a google.rpc.ErrorInfo: UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT
   * (with a google.rpc.BadRequest), UNAVAILABLE when the store is unreachable and no last-known-good
   * value is held (or it is older than the configured maximum stale age).
   * </pre>
   */
  public static abstract class SessionPolicyResolverServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return SessionPolicyResolverServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service SessionPolicyResolverService.
   * <pre>
   * SessionPolicyResolverService answers the enforcers on the hot path: which session policy applies to
   * a user of these organizations, and whether this session has expired. Answers come from the
   * complete replica every instance holds, kept current by following the store's change log
   * (docs/design.md §3).
   * Effective policy of organizations O1..On (n &gt;= 0) under application policy A, counting only
   * organizations that are CUSTOM with their session_policy feature on:
   * absolute = min(A, every Oi); idle enabled = A or any Oi; idle duration = min over the enabled sides;
   * access-token lifetime = A. Organization values looser than A never loosen the result.
   * Session rules and compliance profiles (session_rules.proto) of the application and of every
   * organization whose session_policy feature is on then limit these values further for the sessions
   * they match: each value is the minimum over every matching rule and profile, and a matching idle
   * limit enables idle. A request without a SessionContext is resolved as an empty context: only rules
   * with an empty condition match, PCI_DSS_4 applies, and NIST_800_63B_4 applies its strictest limits.
   * Errors, each with a google.rpc.ErrorInfo: UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT
   * (with a google.rpc.BadRequest), UNAVAILABLE when the store is unreachable and no last-known-good
   * value is held (or it is older than the configured maximum stale age).
   * </pre>
   */
  public static final class SessionPolicyResolverServiceStub
      extends io.grpc.stub.AbstractAsyncStub<SessionPolicyResolverServiceStub> {
    private SessionPolicyResolverServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SessionPolicyResolverServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SessionPolicyResolverServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Resolves the effective policy of a user belonging to the given organizations. Every value names
     * the layer that decided it. Organizations never written resolve to the application policy.
     * Errors: INVALID_ARGUMENT for a malformed, repeated or too many organization ids, or a context
     * beyond its bounds or with an unknown enum value.
     * </pre>
     */
    public void resolveEffectivePolicy(com.sessionpolicy.v1.ResolveEffectivePolicyRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.ResolveEffectivePolicyResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getResolveEffectivePolicyMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Decides whether a session has expired: max lifetime first (now - start &gt;= absolute), then idle
     * (now - last activity &gt;= idle, when idle is enabled). Always returns both deadlines and the
     * earliest, so callers can cache the decision until then. Errors: INVALID_ARGUMENT when a time is
     * missing, last activity is before the session start, or a time is later than the evaluation time
     * plus the configured clock skew, or the context is invalid as in ResolveEffectivePolicy.
     * </pre>
     */
    public void evaluateSession(com.sessionpolicy.v1.EvaluateSessionRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.EvaluateSessionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getEvaluateSessionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Streams the effective policies of the given organizations (or of every organization with a stored
     * policy when none is given): first a snapshot, then every change in revision order. A client that
     * reconnects with resume_after_revision receives exactly the changes after that revision. Events
     * carry the rule sets that apply to each watched organization, so an enforcer can evaluate a
     * SessionContext locally exactly as ResolveEffectivePolicy would.
     * Errors: as ResolveEffectivePolicy; OUT_OF_RANGE when resume_after_revision is older than the
     * retained change log (the client must take a fresh snapshot).
     * </pre>
     */
    public void watchEffectivePolicies(com.sessionpolicy.v1.WatchEffectivePoliciesRequest request,
        io.grpc.stub.StreamObserver<com.sessionpolicy.v1.WatchEffectivePoliciesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getWatchEffectivePoliciesMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service SessionPolicyResolverService.
   * <pre>
   * SessionPolicyResolverService answers the enforcers on the hot path: which session policy applies to
   * a user of these organizations, and whether this session has expired. Answers come from the
   * complete replica every instance holds, kept current by following the store's change log
   * (docs/design.md §3).
   * Effective policy of organizations O1..On (n &gt;= 0) under application policy A, counting only
   * organizations that are CUSTOM with their session_policy feature on:
   * absolute = min(A, every Oi); idle enabled = A or any Oi; idle duration = min over the enabled sides;
   * access-token lifetime = A. Organization values looser than A never loosen the result.
   * Session rules and compliance profiles (session_rules.proto) of the application and of every
   * organization whose session_policy feature is on then limit these values further for the sessions
   * they match: each value is the minimum over every matching rule and profile, and a matching idle
   * limit enables idle. A request without a SessionContext is resolved as an empty context: only rules
   * with an empty condition match, PCI_DSS_4 applies, and NIST_800_63B_4 applies its strictest limits.
   * Errors, each with a google.rpc.ErrorInfo: UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT
   * (with a google.rpc.BadRequest), UNAVAILABLE when the store is unreachable and no last-known-good
   * value is held (or it is older than the configured maximum stale age).
   * </pre>
   */
  public static final class SessionPolicyResolverServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<SessionPolicyResolverServiceBlockingV2Stub> {
    private SessionPolicyResolverServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SessionPolicyResolverServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SessionPolicyResolverServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * Resolves the effective policy of a user belonging to the given organizations. Every value names
     * the layer that decided it. Organizations never written resolve to the application policy.
     * Errors: INVALID_ARGUMENT for a malformed, repeated or too many organization ids, or a context
     * beyond its bounds or with an unknown enum value.
     * </pre>
     */
    public com.sessionpolicy.v1.ResolveEffectivePolicyResponse resolveEffectivePolicy(com.sessionpolicy.v1.ResolveEffectivePolicyRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getResolveEffectivePolicyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Decides whether a session has expired: max lifetime first (now - start &gt;= absolute), then idle
     * (now - last activity &gt;= idle, when idle is enabled). Always returns both deadlines and the
     * earliest, so callers can cache the decision until then. Errors: INVALID_ARGUMENT when a time is
     * missing, last activity is before the session start, or a time is later than the evaluation time
     * plus the configured clock skew, or the context is invalid as in ResolveEffectivePolicy.
     * </pre>
     */
    public com.sessionpolicy.v1.EvaluateSessionResponse evaluateSession(com.sessionpolicy.v1.EvaluateSessionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getEvaluateSessionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams the effective policies of the given organizations (or of every organization with a stored
     * policy when none is given): first a snapshot, then every change in revision order. A client that
     * reconnects with resume_after_revision receives exactly the changes after that revision. Events
     * carry the rule sets that apply to each watched organization, so an enforcer can evaluate a
     * SessionContext locally exactly as ResolveEffectivePolicy would.
     * Errors: as ResolveEffectivePolicy; OUT_OF_RANGE when resume_after_revision is older than the
     * retained change log (the client must take a fresh snapshot).
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, com.sessionpolicy.v1.WatchEffectivePoliciesResponse>
        watchEffectivePolicies(com.sessionpolicy.v1.WatchEffectivePoliciesRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getWatchEffectivePoliciesMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service SessionPolicyResolverService.
   * <pre>
   * SessionPolicyResolverService answers the enforcers on the hot path: which session policy applies to
   * a user of these organizations, and whether this session has expired. Answers come from the
   * complete replica every instance holds, kept current by following the store's change log
   * (docs/design.md §3).
   * Effective policy of organizations O1..On (n &gt;= 0) under application policy A, counting only
   * organizations that are CUSTOM with their session_policy feature on:
   * absolute = min(A, every Oi); idle enabled = A or any Oi; idle duration = min over the enabled sides;
   * access-token lifetime = A. Organization values looser than A never loosen the result.
   * Session rules and compliance profiles (session_rules.proto) of the application and of every
   * organization whose session_policy feature is on then limit these values further for the sessions
   * they match: each value is the minimum over every matching rule and profile, and a matching idle
   * limit enables idle. A request without a SessionContext is resolved as an empty context: only rules
   * with an empty condition match, PCI_DSS_4 applies, and NIST_800_63B_4 applies its strictest limits.
   * Errors, each with a google.rpc.ErrorInfo: UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT
   * (with a google.rpc.BadRequest), UNAVAILABLE when the store is unreachable and no last-known-good
   * value is held (or it is older than the configured maximum stale age).
   * </pre>
   */
  public static final class SessionPolicyResolverServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<SessionPolicyResolverServiceBlockingStub> {
    private SessionPolicyResolverServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SessionPolicyResolverServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SessionPolicyResolverServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Resolves the effective policy of a user belonging to the given organizations. Every value names
     * the layer that decided it. Organizations never written resolve to the application policy.
     * Errors: INVALID_ARGUMENT for a malformed, repeated or too many organization ids, or a context
     * beyond its bounds or with an unknown enum value.
     * </pre>
     */
    public com.sessionpolicy.v1.ResolveEffectivePolicyResponse resolveEffectivePolicy(com.sessionpolicy.v1.ResolveEffectivePolicyRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getResolveEffectivePolicyMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Decides whether a session has expired: max lifetime first (now - start &gt;= absolute), then idle
     * (now - last activity &gt;= idle, when idle is enabled). Always returns both deadlines and the
     * earliest, so callers can cache the decision until then. Errors: INVALID_ARGUMENT when a time is
     * missing, last activity is before the session start, or a time is later than the evaluation time
     * plus the configured clock skew, or the context is invalid as in ResolveEffectivePolicy.
     * </pre>
     */
    public com.sessionpolicy.v1.EvaluateSessionResponse evaluateSession(com.sessionpolicy.v1.EvaluateSessionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getEvaluateSessionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Streams the effective policies of the given organizations (or of every organization with a stored
     * policy when none is given): first a snapshot, then every change in revision order. A client that
     * reconnects with resume_after_revision receives exactly the changes after that revision. Events
     * carry the rule sets that apply to each watched organization, so an enforcer can evaluate a
     * SessionContext locally exactly as ResolveEffectivePolicy would.
     * Errors: as ResolveEffectivePolicy; OUT_OF_RANGE when resume_after_revision is older than the
     * retained change log (the client must take a fresh snapshot).
     * </pre>
     */
    public java.util.Iterator<com.sessionpolicy.v1.WatchEffectivePoliciesResponse> watchEffectivePolicies(
        com.sessionpolicy.v1.WatchEffectivePoliciesRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getWatchEffectivePoliciesMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service SessionPolicyResolverService.
   * <pre>
   * SessionPolicyResolverService answers the enforcers on the hot path: which session policy applies to
   * a user of these organizations, and whether this session has expired. Answers come from the
   * complete replica every instance holds, kept current by following the store's change log
   * (docs/design.md §3).
   * Effective policy of organizations O1..On (n &gt;= 0) under application policy A, counting only
   * organizations that are CUSTOM with their session_policy feature on:
   * absolute = min(A, every Oi); idle enabled = A or any Oi; idle duration = min over the enabled sides;
   * access-token lifetime = A. Organization values looser than A never loosen the result.
   * Session rules and compliance profiles (session_rules.proto) of the application and of every
   * organization whose session_policy feature is on then limit these values further for the sessions
   * they match: each value is the minimum over every matching rule and profile, and a matching idle
   * limit enables idle. A request without a SessionContext is resolved as an empty context: only rules
   * with an empty condition match, PCI_DSS_4 applies, and NIST_800_63B_4 applies its strictest limits.
   * Errors, each with a google.rpc.ErrorInfo: UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT
   * (with a google.rpc.BadRequest), UNAVAILABLE when the store is unreachable and no last-known-good
   * value is held (or it is older than the configured maximum stale age).
   * </pre>
   */
  public static final class SessionPolicyResolverServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<SessionPolicyResolverServiceFutureStub> {
    private SessionPolicyResolverServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected SessionPolicyResolverServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new SessionPolicyResolverServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Resolves the effective policy of a user belonging to the given organizations. Every value names
     * the layer that decided it. Organizations never written resolve to the application policy.
     * Errors: INVALID_ARGUMENT for a malformed, repeated or too many organization ids, or a context
     * beyond its bounds or with an unknown enum value.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.sessionpolicy.v1.ResolveEffectivePolicyResponse> resolveEffectivePolicy(
        com.sessionpolicy.v1.ResolveEffectivePolicyRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getResolveEffectivePolicyMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Decides whether a session has expired: max lifetime first (now - start &gt;= absolute), then idle
     * (now - last activity &gt;= idle, when idle is enabled). Always returns both deadlines and the
     * earliest, so callers can cache the decision until then. Errors: INVALID_ARGUMENT when a time is
     * missing, last activity is before the session start, or a time is later than the evaluation time
     * plus the configured clock skew, or the context is invalid as in ResolveEffectivePolicy.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.sessionpolicy.v1.EvaluateSessionResponse> evaluateSession(
        com.sessionpolicy.v1.EvaluateSessionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getEvaluateSessionMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_RESOLVE_EFFECTIVE_POLICY = 0;
  private static final int METHODID_EVALUATE_SESSION = 1;
  private static final int METHODID_WATCH_EFFECTIVE_POLICIES = 2;

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
        case METHODID_RESOLVE_EFFECTIVE_POLICY:
          serviceImpl.resolveEffectivePolicy((com.sessionpolicy.v1.ResolveEffectivePolicyRequest) request,
              (io.grpc.stub.StreamObserver<com.sessionpolicy.v1.ResolveEffectivePolicyResponse>) responseObserver);
          break;
        case METHODID_EVALUATE_SESSION:
          serviceImpl.evaluateSession((com.sessionpolicy.v1.EvaluateSessionRequest) request,
              (io.grpc.stub.StreamObserver<com.sessionpolicy.v1.EvaluateSessionResponse>) responseObserver);
          break;
        case METHODID_WATCH_EFFECTIVE_POLICIES:
          serviceImpl.watchEffectivePolicies((com.sessionpolicy.v1.WatchEffectivePoliciesRequest) request,
              (io.grpc.stub.StreamObserver<com.sessionpolicy.v1.WatchEffectivePoliciesResponse>) responseObserver);
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
          getResolveEffectivePolicyMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              com.sessionpolicy.v1.ResolveEffectivePolicyRequest,
              com.sessionpolicy.v1.ResolveEffectivePolicyResponse>(
                service, METHODID_RESOLVE_EFFECTIVE_POLICY)))
        .addMethod(
          getEvaluateSessionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              com.sessionpolicy.v1.EvaluateSessionRequest,
              com.sessionpolicy.v1.EvaluateSessionResponse>(
                service, METHODID_EVALUATE_SESSION)))
        .addMethod(
          getWatchEffectivePoliciesMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              com.sessionpolicy.v1.WatchEffectivePoliciesRequest,
              com.sessionpolicy.v1.WatchEffectivePoliciesResponse>(
                service, METHODID_WATCH_EFFECTIVE_POLICIES)))
        .build();
  }

  private static abstract class SessionPolicyResolverServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    SessionPolicyResolverServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return com.sessionpolicy.v1.ResolverServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("SessionPolicyResolverService");
    }
  }

  private static final class SessionPolicyResolverServiceFileDescriptorSupplier
      extends SessionPolicyResolverServiceBaseDescriptorSupplier {
    SessionPolicyResolverServiceFileDescriptorSupplier() {}
  }

  private static final class SessionPolicyResolverServiceMethodDescriptorSupplier
      extends SessionPolicyResolverServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    SessionPolicyResolverServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (SessionPolicyResolverServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new SessionPolicyResolverServiceFileDescriptorSupplier())
              .addMethod(getResolveEffectivePolicyMethod())
              .addMethod(getEvaluateSessionMethod())
              .addMethod(getWatchEffectivePoliciesMethod())
              .build();
        }
      }
    }
    return result;
  }
}
