// Package enforcerhooks implements an identity orchestrator's two session-enforcement hooks on top of
// the Session Policy Service:
//
//	EvalMaxLifetime(sessionStart time.Time) bool  // checked first
//	EvalIdleTimeout(lastActivity time.Time) bool  // checked when max lifetime has not ended the session
//
// (the orchestrator's own signatures also pass its API handle, the response writer and the request;
// a hook adapter reads the session's SessionHooks from its session state and calls these).
//
// Both are backed by SessionPolicyResolverService.EvaluateSession. One call returns the decision and
// both deadlines (max lifetime and idle) of the session under its organizations' effective policy;
// the decision is cached until the earliest of them (next_deadline), so the hot path calls the
// service about once per deadline per session rather than on every request:
//
//   - a "not expired" decision holds until next_deadline, also for a later last activity (activity
//     only moves the idle deadline later);
//   - an expired decision is final for the same inputs;
//   - the max-lifetime deadline does not depend on activity, so EvalMaxLifetime answers from the last
//     evaluation until that deadline and leaves the refresh at next_deadline to EvalIdleTimeout, which
//     re-evaluates with the request's actual last activity (one call refreshes both deadlines).
//
// A SessionHooks belongs to one session (keep it with the session's state). Policy changes reach a
// session at its next refresh; WithMaxDecisionAge bounds how long a decision is trusted.
package enforcerhooks

import (
	"context"
	"errors"
	"sync"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	sessionpolicyv1 "github.com/sessionpolicy/session-policy-service/gen/go/sessionpolicy/v1"
)

// Clock returns the current time; inject a fake one in tests.
type Clock func() time.Time

// Decision is the Session Policy Service's answer for one session at one instant.
type Decision struct {
	// Expired says whether the session has ended at the evaluated instant.
	Expired bool
	// Reason is SESSION_EXPIRY_REASON_MAX_LIFETIME (checked first) or
	// SESSION_EXPIRY_REASON_IDLE_TIMEOUT when expired, SESSION_EXPIRY_REASON_UNSPECIFIED otherwise.
	Reason sessionpolicyv1.SessionExpiryReason
	// MaxLifetimeDeadline is the session start plus the absolute timeout.
	MaxLifetimeDeadline time.Time
	// IdleDeadline is LastActivity plus the idle timeout; zero when idle is disabled.
	IdleDeadline time.Time
	// NextDeadline is the earlier deadline: a "not expired" decision holds until then.
	NextDeadline time.Time
	// EvaluatedAt is the instant the service evaluated (the clock's time of the call).
	EvaluatedAt time.Time
	// LastActivity is the last activity the service evaluated. A cached decision may have been made
	// with an earlier one than asked about: still valid, as activity only moves the idle deadline later.
	LastActivity time.Time
	// Cached is true when the decision came from the cache, without a call.
	Cached bool
}

// Option configures a SessionHooks.
type Option func(*SessionHooks)

// WithCallTimeout bounds each EvaluateSession call made by a hook (default 2s).
func WithCallTimeout(d time.Duration) Option { return func(h *SessionHooks) { h.callTimeout = d } }

// WithMaxDecisionAge re-evaluates a cached decision older than d even before its deadline, so that
// policy changes reach long-lived sessions within d (default 0: trust a decision until its deadline).
func WithMaxDecisionAge(d time.Duration) Option { return func(h *SessionHooks) { h.maxAge = d } }

// WithFailOpen keeps sessions alive when the service cannot be asked and no cached decision applies.
// The default is to fail closed: the hook reports the session expired.
func WithFailOpen() Option { return func(h *SessionHooks) { h.failOpen = true } }

// WithSessionContext describes the session (roles, application, risk, authentication level,
// attributes) to the service's session rules and compliance profiles, so that e.g. an admin session
// gets the shorter idle timeout an "admin" rule sets. Build it from the request's verified token with
// SessionContextFromClaims. A session whose context changes (a step-up to AAL3, a new risk level)
// needs new hooks: decisions are cached per session.
func WithSessionContext(c *sessionpolicyv1.SessionContext) Option {
	return func(h *SessionHooks) { h.sessionContext = c }
}

// WithErrorHandler is told about every failed evaluation (e.g. to log it); the hook then fails open
// or closed.
func WithErrorHandler(f func(error)) Option { return func(h *SessionHooks) { h.onError = f } }

// WithRevocations makes the hooks reject a session that revocations (followed from the Watch stream)
// covers, without calling the service; sessionID and subject identify the session (either may be
// empty) and are also sent with every EvaluateSession, which then answers REVOKED for a revocation not
// received yet. A revoked session is reported by EvalMaxLifetime (the first hook), with reason
// SESSION_EXPIRY_REASON_REVOKED from Decide.
func WithRevocations(revocations *Revocations, sessionID, subject string) Option {
	return func(h *SessionHooks) { h.revocations, h.sessionID, h.subject = revocations, sessionID, subject }
}

// SessionHooks enforces one session's policy. Safe for concurrent use.
type SessionHooks struct {
	client          sessionpolicyv1.SessionPolicyResolverServiceClient
	organizationIDs []string
	clock           Clock
	callTimeout     time.Duration
	maxAge          time.Duration
	failOpen        bool
	onError         func(error)
	sessionContext  *sessionpolicyv1.SessionContext
	revocations     *Revocations
	sessionID       string
	subject         string

	mu           sync.Mutex
	start        time.Time // from EvalMaxLifetime
	haveStart    bool
	lastActivity time.Time // the latest seen by EvalIdleTimeout
	haveActivity bool
	cached       *evaluation
}

// evaluation is one EvaluateSession answer and the inputs it was given.
type evaluation struct {
	start, lastActivity time.Time
	decision            Decision
}

// New returns the hooks of one session whose user belongs to organizationIDs (empty: the application
// policy alone). client's connection carries the credentials (a token with the policy:read scope);
// clock nil means time.Now.
func New(client sessionpolicyv1.SessionPolicyResolverServiceClient, organizationIDs []string, clock Clock, opts ...Option) *SessionHooks {
	if clock == nil {
		clock = time.Now
	}
	h := &SessionHooks{
		client:          client,
		organizationIDs: append([]string(nil), organizationIDs...),
		clock:           clock,
		callTimeout:     2 * time.Second,
	}
	for _, opt := range opts {
		opt(h)
	}
	return h
}

// EvalMaxLifetime reports whether the session has reached its maximum lifetime. The orchestrator
// checks it first, on every request.
func (h *SessionHooks) EvalMaxLifetime(sessionStart time.Time) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.haveStart || !h.start.Equal(sessionStart) {
		// A new session in this slot: nothing known about it still applies.
		h.start, h.haveStart = sessionStart, true
		h.haveActivity = false
		h.cached = nil
	}
	if h.revokedLocked(sessionStart) {
		return true
	}
	now := h.clock()
	if c := h.usable(now, sessionStart); c != nil {
		if now.Before(c.decision.MaxLifetimeDeadline) {
			return false
		}
		if c.decision.Expired && c.decision.Reason == sessionpolicyv1.SessionExpiryReason_SESSION_EXPIRY_REASON_MAX_LIFETIME {
			return true
		}
	}
	// The request's last activity comes with the next hook; evaluate with the latest one seen (the
	// max-lifetime deadline does not depend on it).
	last := sessionStart
	if h.haveActivity && h.lastActivity.After(last) {
		last = h.lastActivity
	}
	d, err := h.evaluate(context.Background(), now, sessionStart, last)
	if err != nil {
		return h.fail(err)
	}
	return d.Expired && d.Reason == sessionpolicyv1.SessionExpiryReason_SESSION_EXPIRY_REASON_MAX_LIFETIME
}

// EvalIdleTimeout reports whether the session has expired given its last activity. The orchestrator
// checks it after EvalMaxLifetime returned false. It reports true for any expiry (idle, or max
// lifetime when called on its own), since such a session must end either way.
func (h *SessionHooks) EvalIdleTimeout(lastActivity time.Time) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	start := h.start
	if !h.haveStart {
		// Called without EvalMaxLifetime: the idle rule alone, evaluated from the last activity (a
		// policy's idle timeout is always below its absolute timeout).
		start = lastActivity
	}
	d, err := h.decideLocked(context.Background(), start, lastActivity)
	if err != nil {
		return h.fail(err)
	}
	return d.Expired
}

// Decide returns the decision for a session started at sessionStart with its last activity at
// lastActivity, from the cache when it still applies, else from one EvaluateSession call. Unlike the
// hooks it returns errors (a gRPC status with google.rpc details) instead of failing open or closed.
func (h *SessionHooks) Decide(ctx context.Context, sessionStart, lastActivity time.Time) (Decision, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.haveStart || !h.start.Equal(sessionStart) {
		h.start, h.haveStart = sessionStart, true
		h.haveActivity = false
		h.cached = nil
	}
	return h.decideLocked(ctx, sessionStart, lastActivity)
}

func (h *SessionHooks) decideLocked(ctx context.Context, start, last time.Time) (Decision, error) {
	if !h.haveActivity || last.After(h.lastActivity) {
		h.lastActivity, h.haveActivity = last, true
	}
	now := h.clock()
	if h.revokedLocked(start) {
		d := Decision{Expired: true, Reason: sessionpolicyv1.SessionExpiryReason_SESSION_EXPIRY_REASON_REVOKED, EvaluatedAt: now, LastActivity: last, Cached: true}
		if h.cached != nil {
			d.MaxLifetimeDeadline, d.IdleDeadline, d.NextDeadline = h.cached.decision.MaxLifetimeDeadline, h.cached.decision.IdleDeadline, h.cached.decision.NextDeadline
		}
		return d, nil
	}
	if c := h.usable(now, start); c != nil {
		d := c.decision
		d.Cached = true
		switch {
		case !d.Expired && now.Before(d.NextDeadline) && !last.Before(c.lastActivity):
			return d, nil
		case d.Expired && (d.Reason == sessionpolicyv1.SessionExpiryReason_SESSION_EXPIRY_REASON_MAX_LIFETIME || !last.After(c.lastActivity)):
			return d, nil
		}
	}
	return h.evaluate(ctx, now, start, last)
}

// usable returns the cached evaluation when it is about this session and may still be trusted at now.
func (h *SessionHooks) usable(now, start time.Time) *evaluation {
	c := h.cached
	if c == nil || !c.start.Equal(start) || now.Before(c.decision.EvaluatedAt) {
		return nil
	}
	if h.maxAge > 0 && now.Sub(c.decision.EvaluatedAt) >= h.maxAge {
		return nil
	}
	return c
}

var errIncompleteResponse = errors.New("enforcerhooks: EvaluateSession response without max_lifetime_deadline or next_deadline")

// revokedLocked reports whether the followed revocations cover this session (no call).
func (h *SessionHooks) revokedLocked(start time.Time) bool {
	return h.revocations != nil && h.revocations.Revoked(h.organizationIDs, h.sessionID, h.subject, start)
}

// evaluate asks the service at now (the injected clock's time, sent as evaluation_time) and caches
// the answer.
func (h *SessionHooks) evaluate(ctx context.Context, now, start, last time.Time) (Decision, error) {
	if h.callTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, h.callTimeout)
		defer cancel()
	}
	resp, err := h.client.EvaluateSession(ctx, &sessionpolicyv1.EvaluateSessionRequest{
		OrganizationIds:  h.organizationIDs,
		SessionStartTime: timestamppb.New(start),
		LastActivityTime: timestamppb.New(last),
		EvaluationTime:   timestamppb.New(now),
		Context:          h.sessionContext,
		SessionId:        h.sessionID,
		Subject:          h.subject,
	})
	if err != nil {
		return Decision{}, err
	}
	if resp.GetMaxLifetimeDeadline() == nil || resp.GetNextDeadline() == nil {
		return Decision{}, errIncompleteResponse
	}
	d := Decision{
		Expired:             resp.GetExpired(),
		Reason:              resp.GetReason(),
		MaxLifetimeDeadline: resp.GetMaxLifetimeDeadline().AsTime(),
		NextDeadline:        resp.GetNextDeadline().AsTime(),
		EvaluatedAt:         now,
		LastActivity:        last,
	}
	if resp.GetIdleDeadline() != nil {
		d.IdleDeadline = resp.GetIdleDeadline().AsTime()
	}
	h.cached = &evaluation{start: start, lastActivity: last, decision: d}
	return d, nil
}

func (h *SessionHooks) fail(err error) bool {
	if h.onError != nil {
		h.onError(err)
	}
	return !h.failOpen
}
