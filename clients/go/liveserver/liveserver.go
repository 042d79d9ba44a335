// Package liveserver runs a throwaway Session Policy Service for Go test suites: it starts
// scripts/serve-for-tests.sh from the repository root (dev mode, embedded FerretDB in a temp dir, a
// free port on 127.0.0.1), waits for its `READY <port> <admin-token>` line and stops it with SIGTERM.
//
// Typical use, in TestMain:
//
//	srv, err := liveserver.Start(context.Background())
//	if err != nil { fmt.Fprintln(os.Stderr, err); os.Exit(1) }
//	code := m.Run()
//	srv.Stop()
//	os.Exit(code)
//
// On Linux the service is also stopped if the test binary dies without calling Stop (a panic, a
// `go test -timeout`), through the parent-death signal.
package liveserver

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
)

const (
	// ServeScript is the launcher, relative to the repository root.
	ServeScript = "scripts/serve-for-tests.sh"
	// StartTimeout bounds the wait for READY (the script compiles the server with tsc first).
	StartTimeout = 5 * time.Minute
	// StopTimeout bounds the graceful stop before the process group is killed.
	StopTimeout = 30 * time.Second
)

// Server is a running throwaway service.
type Server struct {
	// Addr is host:port of the plaintext gRPC listener.
	Addr string
	// Token is a bearer token with every scope (platform admin).
	Token string

	cmd      *exec.Cmd
	exited   chan struct{} // closed when the script has exited
	waitErr  error
	release  chan struct{} // lets the goroutine that started the process end
	stopOnce sync.Once
}

// RepoRoot finds the repository root: $SESSION_POLICY_REPO_ROOT, or the nearest directory above the
// working directory that holds scripts/serve-for-tests.sh.
func RepoRoot() (string, error) {
	if root := os.Getenv("SESSION_POLICY_REPO_ROOT"); root != "" {
		return root, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, ServeScript)); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("liveserver: no " + ServeScript + " above the working directory; set SESSION_POLICY_REPO_ROOT")
		}
		dir = parent
	}
}

// Start runs `bash scripts/serve-for-tests.sh` from the repository root and returns once it has
// printed READY. The script's stderr (compiler output, and the service log if it fails to start) goes
// to this process's stderr.
func Start(ctx context.Context) (*Server, error) {
	root, err := RepoRoot()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("bash", ServeScript)
	cmd.Dir = root
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = sysProcAttr()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}

	s := &Server{cmd: cmd, exited: make(chan struct{}), release: make(chan struct{})}
	// The parent-death signal fires when the *thread* that forked the child ends, so fork from a
	// goroutine locked to its thread that lives until Stop.
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		s.waitErr = cmd.Wait()
		close(s.exited)
		<-s.release
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("liveserver: starting %s: %w", ServeScript, err)
	}

	ready := make(chan string, 1)
	go func() {
		r := bufio.NewReader(stdout)
		line, err := r.ReadString('\n')
		if err == nil {
			ready <- strings.TrimSpace(line)
		} else {
			close(ready)
		}
		// Nothing else is expected on stdout; pass it on rather than block the script.
		_, _ = io.Copy(os.Stderr, r)
	}()

	ctx, cancel := context.WithTimeout(ctx, StartTimeout)
	defer cancel()
	select {
	case line, ok := <-ready:
		fields := strings.Fields(line)
		if !ok || len(fields) != 3 || fields[0] != "READY" {
			s.Stop()
			return nil, fmt.Errorf("liveserver: %s did not print `READY <port> <token>` (got %q, exit: %v)", ServeScript, line, s.waitErr)
		}
		if _, err := strconv.Atoi(fields[1]); err != nil {
			s.Stop()
			return nil, fmt.Errorf("liveserver: bad port in %q", line)
		}
		s.Addr = net.JoinHostPort("127.0.0.1", fields[1])
		s.Token = fields[2]
		return s, nil
	case <-ctx.Done():
		s.Stop()
		return nil, fmt.Errorf("liveserver: %s not ready: %w", ServeScript, ctx.Err())
	}
}

// Stop sends SIGTERM to the script (which stops the service and removes its data) and waits for it;
// after StopTimeout it kills the script's process group. Safe to call more than once.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		defer close(s.release)
		if s.cmd.Process == nil {
			return
		}
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(StopTimeout):
			fmt.Fprintf(os.Stderr, "liveserver: %s ignored SIGTERM for %s; killing its process group\n", ServeScript, StopTimeout)
			killGroup(s.cmd.Process.Pid)
			<-s.exited
		}
	})
	return s.waitErr
}

// Dial opens a plaintext connection to the server (grpc.NewClient; connects lazily).
func (s *Server) Dial(opts ...grpc.DialOption) (*grpc.ClientConn, error) {
	return grpc.NewClient(s.Addr, append([]grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}, opts...)...)
}

// BearerToken sends `authorization: Bearer <token>` on every call. It allows plaintext connections,
// which only a test or dev server should accept.
func BearerToken(token string) credentials.PerRPCCredentials {
	return bearer(token)
}

type bearer string

func (b bearer) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(b)}, nil
}

func (bearer) RequireTransportSecurity() bool { return false }
