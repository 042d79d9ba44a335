package contract

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/sessionpolicy/session-policy-service/clients/go/liveserver"
	sessionpolicyv1 "github.com/sessionpolicy/session-policy-service/gen/go/sessionpolicy/v1"
)

// Shared by every test of the package: one live server for the whole run.
var (
	server   *liveserver.Server
	conn     *grpc.ClientConn
	admin    sessionpolicyv1.SessionPolicyAdminServiceClient
	resolver sessionpolicyv1.SessionPolicyResolverServiceClient
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	var err error
	server, err = liveserver.Start(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	// Always stop the server, whatever happens below.
	defer func() {
		if err := server.Stop(); err != nil {
			fmt.Fprintf(os.Stderr, "stopping the live server: %v\n", err)
		}
	}()
	conn, err = server.Dial()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer conn.Close()
	admin = sessionpolicyv1.NewSessionPolicyAdminServiceClient(conn)
	resolver = sessionpolicyv1.NewSessionPolicyResolverServiceClient(conn)

	code := m.Run()
	if vectorStats.total > 0 {
		fmt.Printf("vector cases: %d loaded, %d replayed, %d passed, %d failed\n",
			vectorStats.total, vectorStats.replayed, vectorStats.passed, vectorStats.replayed-vectorStats.passed)
	}
	return code
}

// asAdmin is a context carrying the live server's admin token as `authorization: Bearer <token>`.
func asAdmin(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+server.Token)
}

// anonymous is a context without credentials.
func anonymous(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}
