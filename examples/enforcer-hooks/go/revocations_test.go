package enforcerhooks_test

import (
	"context"
	"testing"
	"time"

	enforcerhooks "github.com/sessionpolicy/session-policy-service/examples/enforcer-hooks/go"
	sessionpolicyv1 "github.com/sessionpolicy/session-policy-service/gen/go/sessionpolicy/v1"
)

// Two enforcers follow the revocations of the organization from the Watch stream. A user logs out at
// the first; the second rejects the same session on its next request without calling the service,
// and keeps accepting the user's other sessions.
func TestLogoutAtOneEnforcerIsRejectedAtAnotherWithoutACall(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first := enforcerhooks.WatchRevocations(ctx, resolver, []string{org}, nil, func(err error) { t.Logf("watch: %v", err) })
	second := enforcerhooks.WatchRevocations(ctx, resolver, []string{org}, nil, func(err error) { t.Logf("watch: %v", err) })
	for _, r := range []*enforcerhooks.Revocations{first, second} {
		select {
		case <-r.Ready():
		case <-time.After(5 * time.Second):
			t.Fatal("no watch snapshot within 5 s")
		}
	}
	start := time.Now().Add(-time.Minute)
	sessionID := "sess-" + org
	atSecond := enforcerhooks.New(resolver, []string{org}, nil, enforcerhooks.WithRevocations(second, sessionID, "user-1"))
	if atSecond.EvalMaxLifetime(start) {
		t.Fatal("a fresh session was reported ended before any logout")
	}

	// The logout at the first enforcer: it records the revocation with the service.
	logout, err := admin.RevokeSessions(ctx, &sessionpolicyv1.RevokeSessionsRequest{
		OrganizationId: org,
		Target:         &sessionpolicyv1.RevokeSessionsRequest_SessionId{SessionId: sessionID},
		Reason:         sessionpolicyv1.RevocationReason_REVOCATION_REASON_LOGOUT,
	})
	if err != nil {
		t.Fatalf("RevokeSessions: %v", err)
	}
	revokedAt := time.Now()
	for !second.Revoked([]string{org}, sessionID, "", start) {
		if time.Since(revokedAt) > time.Second {
			t.Fatal("the second enforcer did not receive the logout within 1 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Logf("logout at revision %d reached the second enforcer after %v", logout.GetRevocation().GetRevision(), time.Since(revokedAt).Round(time.Millisecond))
	// Only the session logged out (started at or before revoke_time, up to the clock skew after it): a
	// new session that reuses the id is not revoked.
	serverRevokedAt := logout.GetRevocation().GetRevokeTime().AsTime()
	if !second.Revoked([]string{org}, sessionID, "", serverRevokedAt.Add(enforcerhooks.SessionRevocationSkew)) {
		t.Error("a session stamped within the clock skew after the logout is not revoked")
	}
	if second.Revoked([]string{org}, sessionID, "", serverRevokedAt.Add(enforcerhooks.SessionRevocationSkew+time.Millisecond)) {
		t.Error("a new session reusing the logged-out id is revoked")
	}

	mark := calls.Load()
	if !atSecond.EvalMaxLifetime(start) {
		t.Error("the second enforcer still accepts the logged-out session")
	}
	d, err := atSecond.Decide(ctx, start, time.Now())
	if err != nil || !d.Expired || d.Reason != sessionpolicyv1.SessionExpiryReason_SESSION_EXPIRY_REASON_REVOKED || !d.Cached {
		t.Errorf("Decide = %+v, %v; want expired, REVOKED, from the followed revocations", d, err)
	}
	expectCalls(t, mark, 0, "rejecting a revoked session")

	// Another session of the same user is untouched by a session-id logout.
	other := enforcerhooks.New(resolver, []string{org}, nil, enforcerhooks.WithRevocations(second, "sess-other-"+org, "user-1"))
	if other.EvalMaxLifetime(start) {
		t.Error("another session of the same user was ended by a session-id logout")
	}
	// The service answers REVOKED too, for an enforcer that does not follow the stream.
	plain := enforcerhooks.New(resolver, []string{org}, nil, enforcerhooks.WithRevocations(nil, sessionID, ""))
	if d := decide(t, plain, start, time.Now()); d.Reason != sessionpolicyv1.SessionExpiryReason_SESSION_EXPIRY_REASON_REVOKED || d.Cached {
		t.Errorf("EvaluateSession with the session id = %+v; want REVOKED from the service", d)
	}
}

func TestSubjectRevocationEndsOnlySessionsStartedBeforeIt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	followed := enforcerhooks.WatchRevocations(ctx, resolver, []string{org}, nil, nil)
	<-followed.Ready()
	before := time.Now().Add(-time.Minute)
	resp, err := admin.RevokeSessions(ctx, &sessionpolicyv1.RevokeSessionsRequest{
		OrganizationId: org,
		Target:         &sessionpolicyv1.RevokeSessionsRequest_Subject{Subject: "user-everywhere"},
		Reason:         sessionpolicyv1.RevocationReason_REVOCATION_REASON_ADMIN,
	})
	if err != nil {
		t.Fatalf("RevokeSessions: %v", err)
	}
	after := resp.GetRevocation().GetRevokeTime().AsTime().Add(time.Millisecond)
	for deadline := time.Now().Add(time.Second); !followed.Revoked([]string{org}, "", "user-everywhere", before); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("subject revocation not received within 1 s")
		}
	}
	if followed.Revoked([]string{org}, "", "user-everywhere", after) {
		t.Error("a session started after the revocation is reported revoked")
	}
	if followed.Revoked([]string{"another-org"}, "", "user-everywhere", before) {
		t.Error("the revocation of one organization covers another")
	}
}
