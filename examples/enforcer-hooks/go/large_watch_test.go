package enforcerhooks_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/sessionpolicy/session-policy-service/clients/go/liveserver"
	enforcerhooks "github.com/sessionpolicy/session-policy-service/examples/enforcer-hooks/go"
	sessionpolicyv1 "github.com/sessionpolicy/session-policy-service/gen/go/sessionpolicy/v1"
)

const (
	largeOrgs        = 10
	largeRevocations = 100_000
)

// An enforcer with gRPC's default limits (4 MiB per received message) follows a Watch whose snapshot
// holds 10^5 revocations (about 8 MB encoded): it arrives in parts of at most 1 MiB, the enforcer is
// Ready once the last part is applied, and every revoked session is rejected without a call.
func TestAWatchOver100000RevocationsIsFollowedWithDefaultLimits(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	orgs := make([]string, largeOrgs)
	for i := range orgs {
		orgs[i] = fmt.Sprintf("%s.large-%d", org, i)
	}
	sessionOf := func(i int) string { return fmt.Sprintf("sess-large-%06d", i) }

	started := time.Now()
	var next atomic.Int64
	var failed atomic.Pointer[error]
	var wg sync.WaitGroup
	for w := 0; w < 64; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= largeRevocations || failed.Load() != nil {
					return
				}
				_, err := admin.RevokeSessions(ctx, &sessionpolicyv1.RevokeSessionsRequest{
					OrganizationId: orgs[i%largeOrgs],
					Target:         &sessionpolicyv1.RevokeSessionsRequest_SessionId{SessionId: sessionOf(i)},
					Reason:         sessionpolicyv1.RevocationReason_REVOCATION_REASON_LOGOUT,
				})
				if err != nil {
					err = fmt.Errorf("RevokeSessions %d: %w", i, err)
					failed.CompareAndSwap(nil, &err)
				}
			}
		}()
	}
	wg.Wait()
	if err := failed.Load(); err != nil {
		t.Fatal(*err)
	}
	t.Logf("%d revocations over %d organizations recorded in %v", largeRevocations, largeOrgs, time.Since(started).Round(time.Millisecond))

	// What a message of the stream weighs, seen as the client receives it (default call options).
	var largest atomic.Int64
	var messages atomic.Int64
	measure := func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
		s, err := streamer(ctx, desc, cc, method, opts...)
		return sizedStream{ClientStream: s, largest: &largest, messages: &messages}, err
	}
	conn, err := live.Dial(grpc.WithPerRPCCredentials(liveserver.BearerToken(live.Token)), grpc.WithStreamInterceptor(measure))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	var streamErrors []error
	var mu sync.Mutex
	watchStarted := time.Now()
	followed := enforcerhooks.WatchRevocations(ctx, sessionpolicyv1.NewSessionPolicyResolverServiceClient(conn), orgs, nil, func(err error) {
		mu.Lock()
		streamErrors = append(streamErrors, err)
		mu.Unlock()
	})
	select {
	case <-followed.Ready():
	case <-time.After(60 * time.Second):
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("no whole snapshot within 60 s; stream errors: %v", streamErrors)
	}
	t.Logf("snapshot of %d revocations followed in %v: %d messages, largest %d bytes", largeRevocations, time.Since(watchStarted).Round(time.Millisecond), messages.Load(), largest.Load())
	if largest.Load() > 1<<20 {
		t.Errorf("a Watch message of %d bytes; parts must be at most 1 MiB", largest.Load())
	}
	if messages.Load() < 2 {
		t.Errorf("the snapshot came as %d message(s); ~8 MB must come in parts", messages.Load())
	}
	start := time.Now().Add(-time.Minute)
	missing := 0
	for i := 0; i < largeRevocations; i++ {
		if !followed.Revoked([]string{orgs[i%largeOrgs]}, sessionOf(i), "", start) {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d revoked sessions are not rejected by the follower", missing, largeRevocations)
	}
	if followed.Revoked([]string{orgs[0]}, "sess-never-revoked", "", start) {
		t.Error("a session never revoked is rejected")
	}
}

type sizedStream struct {
	grpc.ClientStream
	largest, messages *atomic.Int64
}

func (s sizedStream) RecvMsg(m any) error {
	err := s.ClientStream.RecvMsg(m)
	if err == nil {
		if msg, ok := m.(proto.Message); ok {
			n := int64(proto.Size(msg))
			for {
				old := s.largest.Load()
				if n <= old || s.largest.CompareAndSwap(old, n) {
					break
				}
			}
			s.messages.Add(1)
		}
	}
	return err
}
