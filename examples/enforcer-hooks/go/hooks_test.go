package enforcerhooks_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/sessionpolicy/session-policy-service/clients/go/liveserver"
	enforcerhooks "github.com/sessionpolicy/session-policy-service/examples/enforcer-hooks/go"
	sessionpolicyv1 "github.com/sessionpolicy/session-policy-service/gen/go/sessionpolicy/v1"
)

// The hooks against a live service (scripts/serve-for-tests.sh), for one organization with a CUSTOM
// policy: absolute 8 h and idle 30 min (tighter than the application's 24 h / 60 min).

var (
	resolver sessionpolicyv1.SessionPolicyResolverServiceClient
	admin    sessionpolicyv1.SessionPolicyAdminServiceClient // revocations_test.go: a logout elsewhere
	calls    atomic.Int64                                    // EvaluateSession calls made through resolver
	org      = "go-hooks." + strconv.FormatInt(time.Now().UnixMilli(), 36)
	live     *liveserver.Server // for tests that dial their own connection
)

var t0 = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

const (
	absolute = 8 * time.Hour
	idle     = 30 * time.Minute
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	srv, err := liveserver.Start(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer srv.Stop() // always, whatever happens below
	live = srv
	countEvaluations := func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		if method == sessionpolicyv1.SessionPolicyResolverService_EvaluateSession_FullMethodName {
			calls.Add(1)
		}
		return invoker(ctx, method, req, reply, cc, opts...)
	}
	conn, err := srv.Dial(grpc.WithPerRPCCredentials(liveserver.BearerToken(srv.Token)), grpc.WithUnaryInterceptor(countEvaluations))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer conn.Close()
	admin = sessionpolicyv1.NewSessionPolicyAdminServiceClient(conn)
	if err := setUp(admin); err != nil {
		fmt.Fprintln(os.Stderr, "setting up the policies:", err)
		return 1
	}
	resolver = sessionpolicyv1.NewSessionPolicyResolverServiceClient(conn)
	admin = sessionpolicyv1.NewSessionPolicyAdminServiceClient(conn)
	return m.Run()
}

func setUp(admin sessionpolicyv1.SessionPolicyAdminServiceClient) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := admin.UpdateApplicationSessionPolicy(ctx, &sessionpolicyv1.UpdateApplicationSessionPolicyRequest{
		Policy: &sessionpolicyv1.ApplicationSessionPolicySettings{
			AbsoluteSessionTimeout: 24 * 60, IdleSessionTimeoutEnabled: true, IdleSessionTimeout: 60, AccessTokenExpiry: 15,
		},
	}); err != nil {
		return err
	}
	if _, err := admin.UpdateOrganizationSettings(ctx, &sessionpolicyv1.UpdateOrganizationSettingsRequest{
		OrganizationId: org,
		Settings:       &sessionpolicyv1.OrganizationSettings{Features: []*sessionpolicyv1.OrganizationSettingsFeature{{Name: "session_policy", Enabled: true}}},
	}); err != nil {
		return err
	}
	_, err := admin.UpdateOrganizationSessionPolicy(ctx, &sessionpolicyv1.UpdateOrganizationSessionPolicyRequest{
		OrganizationId:            org,
		PolicySource:              sessionpolicyv1.SessionPolicyType_CUSTOM,
		AbsoluteSessionTimeout:    wrapperspb.Int32(int32(absolute / time.Minute)),
		IdleSessionTimeoutEnabled: wrapperspb.Bool(true),
		IdleSessionTimeout:        wrapperspb.Int32(int32(idle / time.Minute)),
	})
	return err
}

// fakeClock is the injected clock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *fakeClock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.now = t }

func newHooks(t *testing.T, now time.Time, opts ...enforcerhooks.Option) (*enforcerhooks.SessionHooks, *fakeClock) {
	t.Helper()
	clock := &fakeClock{now: now}
	return enforcerhooks.New(resolver, []string{org}, clock.Now, opts...), clock
}

// request runs the two hooks in the orchestrator's order and returns what ended the session ("max",
// "idle" or "").
func request(h *enforcerhooks.SessionHooks, start, lastActivity time.Time) string {
	if h.EvalMaxLifetime(start) {
		return "max"
	}
	if h.EvalIdleTimeout(lastActivity) {
		return "idle"
	}
	return ""
}

// expectCalls checks how many EvaluateSession calls were made since the mark.
func expectCalls(t *testing.T, mark int64, want int64, when string) {
	t.Helper()
	if got := calls.Load() - mark; got != want {
		t.Errorf("%s: %d EvaluateSession calls, want %d", when, got, want)
	}
}

func decide(t *testing.T, h *enforcerhooks.SessionHooks, start, last time.Time) enforcerhooks.Decision {
	t.Helper()
	d, err := h.Decide(context.Background(), start, last)
	if err != nil {
		t.Fatalf("Decide: %v", err)
	}
	return d
}

func TestMaxLifetimeIsReportedBeforeIdle(t *testing.T) {
	// Both limits passed: max lifetime at t0+8h, idle at t0+1h30m.
	start, last := t0, t0.Add(time.Hour)
	h, _ := newHooks(t, t0.Add(9*time.Hour))
	if got := request(h, start, last); got != "max" {
		t.Fatalf("ended by %q, want max lifetime first", got)
	}
	if d := decide(t, h, start, last); !d.Expired || d.Reason != sessionpolicyv1.SessionExpiryReason_SESSION_EXPIRY_REASON_MAX_LIFETIME || !d.Cached {
		t.Errorf("decision %+v, want the cached MAX_LIFETIME expiry", d)
	}
	// A fresh evaluation with both times: still MAX_LIFETIME, though idle has passed too.
	fresh, _ := newHooks(t, t0.Add(9*time.Hour))
	d := decide(t, fresh, start, last)
	if !d.Expired || d.Reason != sessionpolicyv1.SessionExpiryReason_SESSION_EXPIRY_REASON_MAX_LIFETIME || d.Cached {
		t.Errorf("decision %+v, want expired by MAX_LIFETIME", d)
	}
	if !d.MaxLifetimeDeadline.Equal(start.Add(absolute)) || !d.IdleDeadline.Equal(last.Add(idle)) {
		t.Errorf("deadlines max %v idle %v, want %v and %v", d.MaxLifetimeDeadline, d.IdleDeadline, start.Add(absolute), last.Add(idle))
	}
}

func TestIdleExpiryWhenOnlyIdlePassed(t *testing.T) {
	start, last := t0, t0.Add(time.Hour)
	h, _ := newHooks(t, t0.Add(2*time.Hour))
	if h.EvalMaxLifetime(start) {
		t.Fatal("EvalMaxLifetime: expired, want not (8 h not reached)")
	}
	if !h.EvalIdleTimeout(last) {
		t.Fatal("EvalIdleTimeout: not expired, want expired (idle 30 min passed)")
	}
	d := decide(t, h, start, last)
	if !d.Expired || d.Reason != sessionpolicyv1.SessionExpiryReason_SESSION_EXPIRY_REASON_IDLE_TIMEOUT || !d.Cached {
		t.Errorf("decision %+v, want the cached IDLE_TIMEOUT expiry", d)
	}
}

func TestNotExpiredBeforeBothDeadlines(t *testing.T) {
	start, last := t0, t0.Add(time.Hour)
	h, _ := newHooks(t, t0.Add(70*time.Minute))
	if got := request(h, start, last); got != "" {
		t.Fatalf("ended by %q, want an active session", got)
	}
	d := decide(t, h, start, last)
	want := enforcerhooks.Decision{
		MaxLifetimeDeadline: start.Add(absolute),
		IdleDeadline:        last.Add(idle),
		NextDeadline:        last.Add(idle),
	}
	if d.Expired || d.Reason != sessionpolicyv1.SessionExpiryReason_SESSION_EXPIRY_REASON_UNSPECIFIED ||
		!d.MaxLifetimeDeadline.Equal(want.MaxLifetimeDeadline) || !d.IdleDeadline.Equal(want.IdleDeadline) || !d.NextDeadline.Equal(want.NextDeadline) {
		t.Errorf("decision %+v, want not expired with deadlines max %v idle/next %v", d, want.MaxLifetimeDeadline, want.IdleDeadline)
	}
}

func TestCachedDecisionFlipsExactlyAtTheIdleDeadline(t *testing.T) {
	start := t0
	h, clock := newHooks(t, t0.Add(10*time.Minute))
	mark := calls.Load()

	if got := request(h, start, start); got != "" {
		t.Fatalf("at +10m: ended by %q", got)
	}
	expectCalls(t, mark, 1, "first request")

	deadline := start.Add(idle)
	for _, at := range []time.Time{t0.Add(20 * time.Minute), deadline.Add(-time.Millisecond)} {
		clock.Set(at)
		if got := request(h, start, start); got != "" {
			t.Fatalf("at %v: ended by %q, want the cached 'not expired'", at, got)
		}
	}
	expectCalls(t, mark, 1, "requests before the deadline (cached)")

	clock.Set(deadline)
	if got := request(h, start, start); got != "idle" {
		t.Fatalf("exactly at the idle deadline: ended by %q, want idle", got)
	}
	expectCalls(t, mark, 2, "at the deadline (re-evaluated once)")
	if got := request(h, start, start); got != "idle" {
		t.Fatalf("after expiry: ended by %q, want idle", got)
	}
	expectCalls(t, mark, 2, "after expiry (final, cached)")
}

func TestActivityMovesTheIdleDeadline(t *testing.T) {
	start := t0
	h, clock := newHooks(t, t0.Add(10*time.Minute))
	mark := calls.Load()
	activity := t0.Add(10 * time.Minute)

	request(h, start, activity)
	expectCalls(t, mark, 1, "first request")

	// The first evaluation saw no activity yet (deadline t0+30m); at t0+30m the idle hook re-evaluates
	// with the activity at t0+10m: not expired, new deadline t0+40m.
	clock.Set(t0.Add(30 * time.Minute))
	if got := request(h, start, activity); got != "" {
		t.Fatalf("at +30m with activity at +10m: ended by %q", got)
	}
	expectCalls(t, mark, 2, "at the first deadline")

	clock.Set(activity.Add(idle).Add(-time.Millisecond))
	if got := request(h, start, activity); got != "" {
		t.Fatalf("1 ms before the moved deadline: ended by %q", got)
	}
	expectCalls(t, mark, 2, "before the moved deadline (cached)")

	clock.Set(activity.Add(idle))
	if got := request(h, start, activity); got != "idle" {
		t.Fatalf("at the moved deadline: ended by %q, want idle", got)
	}
	expectCalls(t, mark, 3, "at the moved deadline")
}

func TestCachedDecisionFlipsExactlyAtTheMaxLifetimeDeadline(t *testing.T) {
	start := t0
	deadline := start.Add(absolute)
	activity := deadline.Add(-15 * time.Minute) // idle deadline t0+8h15m, after max lifetime
	h, clock := newHooks(t, activity)
	mark := calls.Load()

	// A hooks value created for an older session: the max-lifetime hook evaluates before it knows the
	// activity (idle-expired from the start), the idle hook then once more with it.
	if got := request(h, start, activity); got != "" {
		t.Fatalf("at 7h45m: ended by %q", got)
	}
	expectCalls(t, mark, 2, "first request of an old session")
	d := decide(t, h, start, activity)
	if d.Expired || !d.NextDeadline.Equal(deadline) || !d.Cached {
		t.Fatalf("decision %+v, want cached, not expired, next deadline %v", d, deadline)
	}

	clock.Set(deadline.Add(-time.Millisecond))
	if got := request(h, start, activity); got != "" {
		t.Fatalf("1 ms before max lifetime: ended by %q", got)
	}
	expectCalls(t, mark, 2, "before max lifetime (cached)")

	clock.Set(deadline)
	if got := request(h, start, activity); got != "max" {
		t.Fatalf("exactly at max lifetime: ended by %q, want max", got)
	}
	expectCalls(t, mark, 3, "at max lifetime")
}

func TestWithMaxDecisionAgeReevaluates(t *testing.T) {
	start := t0
	h, clock := newHooks(t, t0.Add(time.Minute), enforcerhooks.WithMaxDecisionAge(5*time.Minute))
	mark := calls.Load()
	request(h, start, start)
	clock.Set(t0.Add(6 * time.Minute))
	request(h, start, start)
	expectCalls(t, mark, 2, "a decision older than the maximum age")
}

// unavailable is a resolver client whose calls all fail.
type unavailable struct {
	sessionpolicyv1.SessionPolicyResolverServiceClient
}

func (unavailable) EvaluateSession(context.Context, *sessionpolicyv1.EvaluateSessionRequest, ...grpc.CallOption) (*sessionpolicyv1.EvaluateSessionResponse, error) {
	return nil, status.Error(codes.Unavailable, "down")
}

func TestFailsClosedUnlessFailOpen(t *testing.T) {
	var seen []error
	closed := enforcerhooks.New(unavailable{}, []string{org}, func() time.Time { return t0 }, enforcerhooks.WithErrorHandler(func(err error) { seen = append(seen, err) }))
	if !closed.EvalMaxLifetime(t0) || !closed.EvalIdleTimeout(t0) {
		t.Error("fail-closed hooks kept a session alive without a decision")
	}
	if len(seen) != 2 || status.Code(seen[0]) != codes.Unavailable {
		t.Errorf("error handler saw %v, want two UNAVAILABLE errors", seen)
	}
	open := enforcerhooks.New(unavailable{}, []string{org}, func() time.Time { return t0 }, enforcerhooks.WithFailOpen())
	if open.EvalMaxLifetime(t0) || open.EvalIdleTimeout(t0) {
		t.Error("fail-open hooks ended a session without a decision")
	}
	if _, err := open.Decide(context.Background(), t0, t0); status.Code(err) != codes.Unavailable {
		t.Errorf("Decide error %v, want UNAVAILABLE", err)
	}
}
