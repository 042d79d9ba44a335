package com.sessionpolicy.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.BoolValue;
import com.google.protobuf.Int32Value;
import com.google.rpc.BadRequest;
import com.sessionpolicy.v1.ApplicationSessionPolicySettings;
import com.sessionpolicy.v1.GetApplicationSessionPolicyRequest;
import com.sessionpolicy.v1.GetOrganizationSessionPolicyRequest;
import com.sessionpolicy.v1.GetOrganizationSessionPolicyResponse;
import com.sessionpolicy.v1.OrganizationSessionPolicySettings;
import com.sessionpolicy.v1.OrganizationSettings;
import com.sessionpolicy.v1.OrganizationSettingsFeature;
import com.sessionpolicy.v1.ResolveEffectivePolicyRequest;
import com.sessionpolicy.v1.SessionPolicyType;
import com.sessionpolicy.v1.TimeUnit;
import com.sessionpolicy.v1.UpdateApplicationSessionPolicyRequest;
import com.sessionpolicy.v1.UpdateOrganizationSessionPolicyRequest;
import com.sessionpolicy.v1.UpdateOrganizationSessionPolicyResponse;
import com.sessionpolicy.v1.UpdateOrganizationSettingsRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a Java caller sees when a call fails: the gRPC code plus google.rpc.Status details decoded
 * from grpc-status-details-bin with StatusProto.fromThrowable (ErrorInfo reason/domain, BadRequest
 * field violations whose reason is the violated constraint).
 */
@ExtendWith(LiveServerExtension.class)
class ErrorDetailsTest {
  private static final String DOMAIN = "sessionpolicy.example.com";
  private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
  private static final ApplicationSessionPolicySettings APPLICATION = ApplicationSessionPolicySettings.newBuilder()
      .setAbsoluteSessionTimeout(1440)
      .setIdleSessionTimeoutEnabled(true)
      .setIdleSessionTimeout(60)
      .setAccessTokenExpiry(15)
      .build();

  private static String organization(String name) {
    return "java" + RUN + "-errors." + name;
  }

  private static UpdateOrganizationSessionPolicyRequest.Builder custom(String organizationId, int absoluteMinutes) {
    return UpdateOrganizationSessionPolicyRequest.newBuilder()
        .setOrganizationId(organizationId)
        .setPolicySource(SessionPolicyType.CUSTOM)
        .setAbsoluteSessionTimeout(Int32Value.of(absoluteMinutes))
        .setIdleSessionTimeoutEnabled(BoolValue.of(false));
  }

  private static void setFeature(LiveServer server, String organizationId, boolean enabled) {
    server.admin().updateOrganizationSettings(UpdateOrganizationSettingsRequest.newBuilder()
        .setOrganizationId(organizationId)
        .setSettings(OrganizationSettings.newBuilder().addFeatures(
            OrganizationSettingsFeature.newBuilder().setName(VectorReplay.SESSION_POLICY_FEATURE).setEnabled(enabled)))
        .build());
  }

  @BeforeEach
  void knownApplicationPolicy(LiveServer server) {
    server.admin().updateApplicationSessionPolicy(UpdateApplicationSessionPolicyRequest.newBuilder().setPolicy(APPLICATION).build());
  }

  @Test
  void invalidArgumentListsEveryViolatedFieldWithItsConstraint(LiveServer server) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.admin().updateApplicationSessionPolicy(
        UpdateApplicationSessionPolicyRequest.newBuilder().setPolicy(ApplicationSessionPolicySettings.newBuilder()
            .setAbsoluteSessionTimeout(-5)
            .setIdleSessionTimeoutEnabled(true)
            .setIdleSessionTimeout(-1)).build()));

    ErrorDetails details = ErrorDetails.of(e);
    assertEquals(Status.Code.INVALID_ARGUMENT, details.code());
    assertEquals("INVALID_ARGUMENT", details.errorInfo().getReason());
    assertEquals(DOMAIN, details.errorInfo().getDomain());
    assertEquals(List.of(
        "policy.absolute_session_timeout VALUE_NOT_POSITIVE",
        "policy.access_token_expiry VALUE_NOT_POSITIVE",
        "policy.idle_session_timeout VALUE_NOT_POSITIVE"), details.violationPairs());
    for (BadRequest.FieldViolation violation : details.violations()) {
      assertFalse(violation.getDescription().isBlank(), () -> "no description: " + violation);
    }
    // Nothing changed.
    ApplicationSessionPolicySettings stored = server.admin()
        .getApplicationSessionPolicy(GetApplicationSessionPolicyRequest.getDefaultInstance()).getPolicy();
    assertEquals(1440, stored.getAbsoluteSessionTimeout());
    assertEquals(15, stored.getAccessTokenExpiry());
  }

  @Test
  void invalidArgumentReportsTheOrganizationIdTogetherWithPolicyViolations(LiveServer server) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.admin().updateOrganizationSessionPolicy(
        UpdateOrganizationSessionPolicyRequest.newBuilder()
            .setOrganizationId("bad id")
            .setPolicySource(SessionPolicyType.CUSTOM)
            .build()));

    ErrorDetails details = ErrorDetails.of(e);
    assertEquals(Status.Code.INVALID_ARGUMENT, details.code());
    assertEquals("INVALID_ARGUMENT", details.errorInfo().getReason());
    assertEquals(List.of(
        "absolute_session_timeout ABSOLUTE_REQUIRED",
        "organization_id ORGANIZATION_ID_PATTERN_MISMATCH"), details.violationPairs());
  }

  @Test
  void customPolicyWhileTheFeatureIsOffIsFailedPreconditionFeatureDisabled(LiveServer server) {
    String org = organization("feature-off");

    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> server.admin().updateOrganizationSessionPolicy(custom(org, 480).build()));

    ErrorDetails details = ErrorDetails.of(e);
    assertEquals(Status.Code.FAILED_PRECONDITION, details.code());
    assertEquals("FEATURE_DISABLED", details.errorInfo().getReason());
    assertEquals(DOMAIN, details.errorInfo().getDomain());
    assertEquals(List.of(), details.violations());
    // Nothing stored: the organization still inherits the application policy.
    OrganizationSessionPolicySettings stored = server.admin().getOrganizationSessionPolicy(
        GetOrganizationSessionPolicyRequest.newBuilder().setOrganizationId(org).build()).getPolicy();
    assertEquals(SessionPolicyType.APPLICATION, stored.getPolicySource());
    assertFalse(stored.hasAbsoluteSessionTimeout());
  }

  @Test
  void updateWithAStaleEtagIsAbortedEtagMismatchAndChangesNothing(LiveServer server) {
    String org = organization("etag");
    setFeature(server, org, true);
    UpdateOrganizationSessionPolicyResponse first = server.admin().updateOrganizationSessionPolicy(custom(org, 480).build());
    UpdateOrganizationSessionPolicyResponse second = server.admin().updateOrganizationSessionPolicy(
        custom(org, 4).setAbsoluteSessionTimeoutUnit(TimeUnit.HOURS).setEtag(first.getEtag()).build());
    assertFalse(first.getEtag().isEmpty());
    assertNotEquals(first.getEtag(), second.getEtag());
    assertEquals(240, second.getPolicy().getAbsoluteSessionTimeout().getValue());

    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.admin().updateOrganizationSessionPolicy(
        custom(org, 120).setEtag(first.getEtag()).build()));

    ErrorDetails details = ErrorDetails.of(e);
    assertEquals(Status.Code.ABORTED, details.code());
    assertEquals("ETAG_MISMATCH", details.errorInfo().getReason());
    assertEquals(DOMAIN, details.errorInfo().getDomain());
    assertEquals(List.of(), details.violations());
    GetOrganizationSessionPolicyResponse current = server.admin().getOrganizationSessionPolicy(
        GetOrganizationSessionPolicyRequest.newBuilder().setOrganizationId(org).build());
    assertEquals(second.getEtag(), current.getEtag());
    assertEquals(240, current.getPolicy().getAbsoluteSessionTimeout().getValue());
  }

  @Test
  void aCallWithoutATokenIsUnauthenticatedMissingCredentials(LiveServer server) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> server.anonymousResolver().resolveEffectivePolicy(ResolveEffectivePolicyRequest.getDefaultInstance()));

    ErrorDetails details = ErrorDetails.of(e);
    assertEquals(Status.Code.UNAUTHENTICATED, details.code());
    assertEquals("MISSING_CREDENTIALS", details.errorInfo().getReason());
    assertEquals(DOMAIN, details.errorInfo().getDomain());
  }

  @Test
  void aCallWithAnUnknownTokenIsUnauthenticatedInvalidCredentials(LiveServer server) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer not-a-token-of-this-service");
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.anonymousResolver()
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .resolveEffectivePolicy(ResolveEffectivePolicyRequest.getDefaultInstance()));

    ErrorDetails details = ErrorDetails.of(e);
    assertEquals(Status.Code.UNAUTHENTICATED, details.code());
    assertEquals("INVALID_CREDENTIALS", details.errorInfo().getReason());
    assertTrue(details.violations().isEmpty());
  }
}
