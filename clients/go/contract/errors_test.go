package contract

import (
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/wrapperspb"

	sessionpolicyv1 "github.com/sessionpolicy/session-policy-service/gen/go/sessionpolicy/v1"
)

// How a Go caller reads the service's errors: the code from google.golang.org/grpc/status, then
// google.rpc.ErrorInfo and google.rpc.BadRequest from genproto's errdetails.

var errorRun = strconv.FormatInt(time.Now().UnixMilli(), 36)

// orgID is an organization id unique to this run and test.
func orgID(t *testing.T) string {
	return "go-errors." + errorRun + "." + t.Name()[len("TestErrorDetails"):]
}

func baselineApplication(t *testing.T) *sessionpolicyv1.ApplicationSessionPolicySettings {
	t.Helper()
	app := &sessionpolicyv1.ApplicationSessionPolicySettings{
		AbsoluteSessionTimeout: 1440, IdleSessionTimeoutEnabled: true, IdleSessionTimeout: 60, AccessTokenExpiry: 15,
	}
	if _, err := admin.UpdateApplicationSessionPolicy(asAdmin(t), &sessionpolicyv1.UpdateApplicationSessionPolicyRequest{Policy: app}); err != nil {
		t.Fatalf("setting the application policy: %v", describe(err))
	}
	return app
}

func setSessionPolicyFeature(t *testing.T, organizationID string, enabled bool) {
	t.Helper()
	_, err := admin.UpdateOrganizationSettings(asAdmin(t), &sessionpolicyv1.UpdateOrganizationSettingsRequest{
		OrganizationId: organizationID,
		Settings:       &sessionpolicyv1.OrganizationSettings{Features: []*sessionpolicyv1.OrganizationSettingsFeature{{Name: "session_policy", Enabled: enabled}}},
	})
	if err != nil {
		t.Fatalf("setting session_policy=%v on %s: %v", enabled, organizationID, describe(err))
	}
}

func custom(organizationID string, absoluteMinutes, idleMinutes int32, etag string) *sessionpolicyv1.UpdateOrganizationSessionPolicyRequest {
	return &sessionpolicyv1.UpdateOrganizationSessionPolicyRequest{
		OrganizationId:            organizationID,
		PolicySource:              sessionpolicyv1.SessionPolicyType_CUSTOM,
		AbsoluteSessionTimeout:    wrapperspb.Int32(absoluteMinutes),
		IdleSessionTimeoutEnabled: wrapperspb.Bool(true),
		IdleSessionTimeout:        wrapperspb.Int32(idleMinutes),
		Etag:                      etag,
	}
}

// expectError checks the code and the ErrorInfo (reason, domain "sessionpolicy") of err.
func expectError(t *testing.T, err error, wantCode codes.Code, wantReason string) rpcError {
	t.Helper()
	if err == nil {
		t.Fatalf("want %v %s, the call succeeded", wantCode, wantReason)
	}
	if got := status.Code(err); got != wantCode {
		t.Fatalf("code %v, want %v (%v)", got, wantCode, describe(err))
	}
	decoded := decodeError(t, err)
	if decoded.Info == nil {
		t.Fatalf("no google.rpc.ErrorInfo in %v", describe(err))
	}
	if decoded.Info.GetReason() != wantReason || decoded.Info.GetDomain() != errorDomain {
		t.Errorf("ErrorInfo reason %q domain %q, want %q %q", decoded.Info.GetReason(), decoded.Info.GetDomain(), wantReason, errorDomain)
	}
	return decoded
}

func TestErrorDetails_InvalidArgumentListsEveryViolation(t *testing.T) {
	before := baselineApplication(t)
	// Every link of the absolute > idle > access-token chain broken at once.
	_, err := admin.UpdateApplicationSessionPolicy(asAdmin(t), &sessionpolicyv1.UpdateApplicationSessionPolicyRequest{
		Policy: &sessionpolicyv1.ApplicationSessionPolicySettings{
			AbsoluteSessionTimeout: 10, IdleSessionTimeoutEnabled: true, IdleSessionTimeout: 20, AccessTokenExpiry: 30,
		},
	})
	decoded := expectError(t, err, codes.InvalidArgument, "INVALID_ARGUMENT")
	if decoded.BadRequest == nil {
		t.Fatalf("no google.rpc.BadRequest in %v", describe(err))
	}
	want := []violation{
		{"policy.absolute_session_timeout", "ABSOLUTE_NOT_ABOVE_ACCESS_TOKEN"},
		{"policy.idle_session_timeout", "IDLE_NOT_ABOVE_ACCESS_TOKEN"},
		{"policy.idle_session_timeout", "IDLE_NOT_BELOW_ABSOLUTE"},
	}
	if diff := cmp.Diff(want, decoded.Violations()); diff != "" {
		t.Errorf("field violations (-want +got):\n%s", diff)
	}
	for _, v := range decoded.BadRequest.GetFieldViolations() {
		if v.GetDescription() == "" {
			t.Errorf("violation %s/%s has no description", v.GetField(), v.GetReason())
		}
	}

	// Nothing changed.
	got, err := admin.GetApplicationSessionPolicy(asAdmin(t), &sessionpolicyv1.GetApplicationSessionPolicyRequest{})
	if err != nil {
		t.Fatal(describe(err))
	}
	before.AbsoluteSessionTimeoutUnit = sessionpolicyv1.TimeUnit_MINUTES.Enum()
	before.IdleSessionTimeoutUnit = sessionpolicyv1.TimeUnit_MINUTES.Enum()
	if diff := cmp.Diff(before, got.GetPolicy(), protocmp.Transform()); diff != "" {
		t.Errorf("application policy changed by a rejected update (-before +after):\n%s", diff)
	}
}

func TestErrorDetails_InvalidArgumentOnAnOrganization(t *testing.T) {
	baselineApplication(t)
	// A malformed id, and CUSTOM idle on without a duration nor an absolute timeout.
	_, err := admin.UpdateOrganizationSessionPolicy(asAdmin(t), &sessionpolicyv1.UpdateOrganizationSessionPolicyRequest{
		OrganizationId:            "not a valid id",
		PolicySource:              sessionpolicyv1.SessionPolicyType_CUSTOM,
		IdleSessionTimeoutEnabled: wrapperspb.Bool(true),
	})
	decoded := expectError(t, err, codes.InvalidArgument, "INVALID_ARGUMENT")
	want := []violation{
		{"absolute_session_timeout", "ABSOLUTE_REQUIRED"},
		{"idle_session_timeout", "IDLE_REQUIRED"},
		{"organization_id", "ORGANIZATION_ID_PATTERN_MISMATCH"},
	}
	if diff := cmp.Diff(want, decoded.Violations()); diff != "" {
		t.Errorf("field violations (-want +got):\n%s", diff)
	}
}

func TestErrorDetails_FeatureDisabled(t *testing.T) {
	baselineApplication(t)
	org := orgID(t)
	setSessionPolicyFeature(t, org, false)
	_, err := admin.UpdateOrganizationSessionPolicy(asAdmin(t), custom(org, 480, 30, ""))
	decoded := expectError(t, err, codes.FailedPrecondition, "FEATURE_DISABLED")
	if decoded.BadRequest != nil {
		t.Errorf("unexpected BadRequest on FAILED_PRECONDITION: %v", decoded.BadRequest)
	}
	got, err := admin.GetOrganizationSessionPolicy(asAdmin(t), &sessionpolicyv1.GetOrganizationSessionPolicyRequest{OrganizationId: org})
	if err != nil {
		t.Fatal(describe(err))
	}
	want := &sessionpolicyv1.OrganizationSessionPolicySettings{PolicySource: sessionpolicyv1.SessionPolicyType_APPLICATION}
	if diff := cmp.Diff(want, got.GetPolicy(), protocmp.Transform()); diff != "" {
		t.Errorf("organization changed by a refused update (-want +got):\n%s", diff)
	}
}

func TestErrorDetails_EtagMismatch(t *testing.T) {
	baselineApplication(t)
	org := orgID(t)
	setSessionPolicyFeature(t, org, true)

	first, err := admin.UpdateOrganizationSessionPolicy(asAdmin(t), custom(org, 480, 30, ""))
	if err != nil {
		t.Fatal(describe(err))
	}
	read, err := admin.GetOrganizationSessionPolicy(asAdmin(t), &sessionpolicyv1.GetOrganizationSessionPolicyRequest{OrganizationId: org})
	if err != nil {
		t.Fatal(describe(err))
	}
	if read.GetEtag() == "" || read.GetEtag() != first.GetEtag() {
		t.Fatalf("read etag %q, update etag %q: want the same non-empty etag", read.GetEtag(), first.GetEtag())
	}
	second, err := admin.UpdateOrganizationSessionPolicy(asAdmin(t), custom(org, 240, 20, read.GetEtag()))
	if err != nil {
		t.Fatalf("update with the current etag: %v", describe(err))
	}
	if second.GetEtag() == "" || second.GetEtag() == read.GetEtag() {
		t.Fatalf("etag after an update %q, before %q: want a new one", second.GetEtag(), read.GetEtag())
	}

	// The first etag is stale now.
	_, err = admin.UpdateOrganizationSessionPolicy(asAdmin(t), custom(org, 120, 20, read.GetEtag()))
	expectError(t, err, codes.Aborted, "ETAG_MISMATCH")

	after, err := admin.GetOrganizationSessionPolicy(asAdmin(t), &sessionpolicyv1.GetOrganizationSessionPolicyRequest{OrganizationId: org})
	if err != nil {
		t.Fatal(describe(err))
	}
	if diff := cmp.Diff(second.GetPolicy(), after.GetPolicy(), protocmp.Transform()); diff != "" {
		t.Errorf("organization changed by an update with a stale etag (-want +got):\n%s", diff)
	}
	if after.GetEtag() != second.GetEtag() {
		t.Errorf("etag %q after a refused update, want %q", after.GetEtag(), second.GetEtag())
	}

	// The application policy too.
	app, err := admin.GetApplicationSessionPolicy(asAdmin(t), &sessionpolicyv1.GetApplicationSessionPolicyRequest{})
	if err != nil {
		t.Fatal(describe(err))
	}
	baselineApplication(t) // a concurrent writer
	_, err = admin.UpdateApplicationSessionPolicy(asAdmin(t), &sessionpolicyv1.UpdateApplicationSessionPolicyRequest{Policy: app.GetPolicy(), Etag: app.GetEtag()})
	expectError(t, err, codes.Aborted, "ETAG_MISMATCH")
}

func TestErrorDetails_Unauthenticated(t *testing.T) {
	t.Run("no token", func(t *testing.T) {
		_, err := resolver.ResolveEffectivePolicy(anonymous(t), &sessionpolicyv1.ResolveEffectivePolicyRequest{})
		expectError(t, err, codes.Unauthenticated, "MISSING_CREDENTIALS")
		_, err = admin.GetApplicationSessionPolicy(anonymous(t), &sessionpolicyv1.GetApplicationSessionPolicyRequest{})
		expectError(t, err, codes.Unauthenticated, "MISSING_CREDENTIALS")
	})
	t.Run("unknown token", func(t *testing.T) {
		ctx := metadata.AppendToOutgoingContext(anonymous(t), "authorization", "Bearer not-a-known-token")
		_, err := resolver.ResolveEffectivePolicy(ctx, &sessionpolicyv1.ResolveEffectivePolicyRequest{})
		expectError(t, err, codes.Unauthenticated, "INVALID_CREDENTIALS")
	})
}
