package enforcerhooks_test

import (
	"context"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"

	enforcerhooks "github.com/sessionpolicy/session-policy-service/examples/enforcer-hooks/go"
	sessionpolicyv1 "github.com/sessionpolicy/session-policy-service/gen/go/sessionpolicy/v1"
)

func TestSessionContextFromClaims(t *testing.T) {
	for _, tc := range []struct {
		name   string
		claims map[string]any
		want   *sessionpolicyv1.SessionContext
	}{
		{
			name:   "roles as a JSON array, NIST acr URI, risk and client application",
			claims: map[string]any{"roles": []any{"user", "admin"}, "acr": "http://idmanagement.gov/ns/assurance/aal/2", "risk_level": "HIGH", "azp": "billing"},
			want: &sessionpolicyv1.SessionContext{
				Roles: []string{"admin", "user"}, ApplicationId: "billing",
				RiskLevel: sessionpolicyv1.RiskLevel_RISK_LEVEL_HIGH, AuthenticationLevel: sessionpolicyv1.AuthenticationLevel_AUTHENTICATION_LEVEL_AAL2,
			},
		},
		{
			name:   "roles as a space-separated string and a short acr",
			claims: map[string]any{"roles": "owner admin", "acr": "aal3"},
			want:   &sessionpolicyv1.SessionContext{Roles: []string{"admin", "owner"}, AuthenticationLevel: sessionpolicyv1.AuthenticationLevel_AUTHENTICATION_LEVEL_AAL3},
		},
		{
			name:   "an acr that names no level and an unknown risk state nothing",
			claims: map[string]any{"acr": "urn:mace:incommon:iap:silver", "risk_level": "severe"},
			want:   &sessionpolicyv1.SessionContext{},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := enforcerhooks.SessionContextFromClaims(tc.claims); !proto.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// An organization with an "admin role: idle 10 minutes" rule: the same session times give an admin
// session a 10-minute idle deadline and a user session the application's 60 minutes.
func TestAdminSessionGetsTheRuleIdleTimeout(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rulesOrg := org + "-rules"
	if _, err := admin.UpdateOrganizationSettings(ctx, &sessionpolicyv1.UpdateOrganizationSettingsRequest{
		OrganizationId: rulesOrg,
		Settings: &sessionpolicyv1.OrganizationSettings{Features: []*sessionpolicyv1.OrganizationSettingsFeature{
			{Name: "session_policy", Enabled: true},
		}},
	}); err != nil {
		t.Fatalf("turning session_policy on: %v", err)
	}
	if _, err := admin.UpdateSessionRules(ctx, &sessionpolicyv1.UpdateSessionRulesRequest{
		OrganizationId: rulesOrg,
		RuleSet: &sessionpolicyv1.SessionRuleSet{Rules: []*sessionpolicyv1.SessionRule{{
			RuleId:                "admin-idle",
			Description:           "admin role: idle 10 minutes",
			Condition:             &sessionpolicyv1.SessionCondition{RolesAny: []string{"admin"}},
			MaxIdleSessionTimeout: durationpb.New(10 * time.Minute),
		}}},
	}); err != nil {
		t.Fatalf("storing the session rules: %v", err)
	}

	now := t0.Add(5 * time.Minute)
	clock := func() time.Time { return now }
	adminSession := enforcerhooks.New(resolver, []string{rulesOrg}, clock,
		enforcerhooks.WithSessionContext(enforcerhooks.SessionContextFromClaims(map[string]any{"roles": []any{"admin"}, "acr": "aal2"})))
	userSession := enforcerhooks.New(resolver, []string{rulesOrg}, clock,
		enforcerhooks.WithSessionContext(enforcerhooks.SessionContextFromClaims(map[string]any{"roles": []any{"user"}, "acr": "aal2"})))

	adminDecision := decide(t, adminSession, t0, t0)
	userDecision := decide(t, userSession, t0, t0)
	if want := t0.Add(10 * time.Minute); !adminDecision.IdleDeadline.Equal(want) {
		t.Errorf("admin idle deadline %v, want %v (the rule's 10 minutes)", adminDecision.IdleDeadline, want)
	}
	if want := t0.Add(60 * time.Minute); !userDecision.IdleDeadline.Equal(want) {
		t.Errorf("user idle deadline %v, want %v (the application's 60 minutes)", userDecision.IdleDeadline, want)
	}

	// Eleven minutes without activity end the admin session only.
	now = t0.Add(11 * time.Minute)
	if got := request(adminSession, t0, t0); got != "idle" {
		t.Errorf("admin session idle for 11 minutes ended by %q, want idle", got)
	}
	if got := request(userSession, t0, t0); got != "" {
		t.Errorf("user session idle for 11 minutes ended by %q, want not ended", got)
	}
}
