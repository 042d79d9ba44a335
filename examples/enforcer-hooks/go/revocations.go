package enforcerhooks

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sessionpolicyv1 "github.com/sessionpolicy/session-policy-service/gen/go/sessionpolicy/v1"
)

// Revocations holds the session revocations of some organizations (and the global ones), followed
// from WatchEffectivePolicies: the snapshot, then every revocation in revision order, resuming after
// the last revision received when the stream drops. With it, an enforcer rejects a revoked session
// (a logout at another enforcer, an administrator's "sign out everywhere") without calling the
// service. Each revocation is kept until its expire_time, after which no session it covers can still
// be alive. Safe for concurrent use; one per enforcer process.
type Revocations struct {
	clock   Clock
	onError func(error)

	mu       sync.RWMutex
	revision int64
	// By organization ("" holds the global ones).
	byOrg map[string]*orgRevocations
	ready chan struct{}
	once  sync.Once
}

type orgRevocations struct {
	sessions map[string]kept // session id -> the newest revocation
	subjects map[string]kept // subject -> the newest revocation
	whole    *kept           // the newest organization-wide revocation
}

// SessionRevocationSkew is how far past its revoke_time a session-id revocation still reaches: the
// service's MAX_CLOCK_SKEW_MS (60 s unless it was configured otherwise; set this to match). The session
// logged out already existed, but its start was stamped by an enforcer's clock, which may run ahead of
// the server's; a later session that reuses the id is not revoked.
var SessionRevocationSkew = 60 * time.Second

type kept struct{ revokedAt, expireAt time.Time }

// WatchRevocations starts following the revocations of organizationIDs (empty: every organization,
// which needs a token that may watch them all) until ctx ends. onError (may be nil) is told about
// every stream failure; the watch reconnects after a second, resuming where it stopped.
func WatchRevocations(ctx context.Context, client sessionpolicyv1.SessionPolicyResolverServiceClient, organizationIDs []string, clock Clock, onError func(error)) *Revocations {
	if clock == nil {
		clock = time.Now
	}
	r := &Revocations{clock: clock, onError: onError, byOrg: map[string]*orgRevocations{}, ready: make(chan struct{})}
	go r.follow(ctx, client, append([]string(nil), organizationIDs...))
	return r
}

// Ready is closed once the first snapshot has been applied.
func (r *Revocations) Ready() <-chan struct{} { return r.ready }

// Revision is the last revision applied.
func (r *Revocations) Revision() int64 {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.revision
}

// Revoked reports whether a kept revocation covers the session: its session id, subject or
// organization revoked at or after sessionStart (less SessionRevocationSkew for a session id), in one of
// organizationIDs or globally. Empty sessionID or subject is not matched.
func (r *Revocations) Revoked(organizationIDs []string, sessionID, subject string, sessionStart time.Time) bool {
	now := r.clock()
	r.mu.RLock()
	defer r.mu.RUnlock()
	check := func(org string) bool {
		o := r.byOrg[org]
		if o == nil {
			return false
		}
		if sessionID != "" {
			if k, ok := o.sessions[sessionID]; ok && now.Before(k.expireAt) && !sessionStart.After(k.revokedAt.Add(SessionRevocationSkew)) {
				return true
			}
		}
		if subject != "" {
			if k, ok := o.subjects[subject]; ok && now.Before(k.expireAt) && !sessionStart.After(k.revokedAt) {
				return true
			}
		}
		return o.whole != nil && now.Before(o.whole.expireAt) && !sessionStart.After(o.whole.revokedAt)
	}
	for _, org := range organizationIDs {
		if check(org) {
			return true
		}
	}
	return check("")
}

func (r *Revocations) follow(ctx context.Context, client sessionpolicyv1.SessionPolicyResolverServiceClient, organizationIDs []string) {
	for ctx.Err() == nil {
		err := r.stream(ctx, client, organizationIDs)
		if ctx.Err() != nil {
			return
		}
		if status.Code(err) == codes.OutOfRange {
			// Too far behind to resume: start again from a snapshot.
			r.mu.Lock()
			r.revision = 0
			r.mu.Unlock()
		}
		if r.onError != nil && err != nil {
			r.onError(err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func (r *Revocations) stream(ctx context.Context, client sessionpolicyv1.SessionPolicyResolverServiceClient, organizationIDs []string) error {
	stream, err := client.WatchEffectivePolicies(ctx, &sessionpolicyv1.WatchEffectivePoliciesRequest{OrganizationIds: organizationIDs, ResumeAfterRevision: r.Revision()})
	if err != nil {
		return err
	}
	// A large event comes in parts (more_parts on all but the last, each at most 1 MiB, so gRPC's
	// default 4 MiB receive limit is enough). A snapshot is built aside and swapped in at its last part,
	// so Revoked answers from the previous state, not from half a snapshot; a change's parts apply as
	// they come (each only adds), and the revision moves only once the whole event is applied.
	var pending map[string]*orgRevocations
	for {
		event, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		pending = r.apply(event, pending)
	}
}

// apply adds one message's revocations; pending is the snapshot being built (nil outside one).
func (r *Revocations) apply(event *sessionpolicyv1.WatchEffectivePoliciesResponse, pending map[string]*orgRevocations) map[string]*orgRevocations {
	snapshot := event.GetType() == sessionpolicyv1.WatchEventType_WATCH_EVENT_TYPE_SNAPSHOT
	if snapshot {
		if pending == nil {
			pending = map[string]*orgRevocations{}
		}
		for _, rev := range event.GetRevocations() {
			add(pending, rev)
		}
		if event.GetMoreParts() {
			return pending
		}
	}
	now := r.clock()
	r.mu.Lock()
	if snapshot {
		r.byOrg = pending
	} else {
		for _, rev := range event.GetRevocations() {
			add(r.byOrg, rev)
		}
	}
	if !event.GetMoreParts() {
		r.revision = event.GetRevision()
		r.purge(now)
	}
	r.mu.Unlock()
	if snapshot {
		r.once.Do(func() { close(r.ready) })
	}
	return nil
}

func add(byOrg map[string]*orgRevocations, rev *sessionpolicyv1.SessionRevocation) {
	o := byOrg[rev.GetOrganizationId()]
	if o == nil {
		o = &orgRevocations{sessions: map[string]kept{}, subjects: map[string]kept{}}
		byOrg[rev.GetOrganizationId()] = o
	}
	k := kept{revokedAt: rev.GetRevokeTime().AsTime(), expireAt: rev.GetExpireTime().AsTime()}
	switch t := rev.GetTarget().(type) {
	case *sessionpolicyv1.SessionRevocation_SessionId:
		// The newest covers every session an older one of the same id does (sessions started up to it).
		if old, ok := o.sessions[t.SessionId]; !ok || old.revokedAt.Before(k.revokedAt) {
			o.sessions[t.SessionId] = k
		}
	case *sessionpolicyv1.SessionRevocation_Subject:
		if old, ok := o.subjects[t.Subject]; !ok || old.revokedAt.Before(k.revokedAt) {
			o.subjects[t.Subject] = k
		}
	case *sessionpolicyv1.SessionRevocation_EntireOrganization:
		if o.whole == nil || o.whole.revokedAt.Before(k.revokedAt) {
			o.whole = &k
		}
	}
}

// purge drops what expired: no session it covers can still be alive.
func (r *Revocations) purge(now time.Time) {
	for org, o := range r.byOrg {
		for id, k := range o.sessions {
			if !now.Before(k.expireAt) {
				delete(o.sessions, id)
			}
		}
		for s, k := range o.subjects {
			if !now.Before(k.expireAt) {
				delete(o.subjects, s)
			}
		}
		if o.whole != nil && !now.Before(o.whole.expireAt) {
			o.whole = nil
		}
		if len(o.sessions) == 0 && len(o.subjects) == 0 && o.whole == nil {
			delete(r.byOrg, org)
		}
	}
}
