// Package contract is the Go contract suite of the Session Policy Service: it starts a live server
// (scripts/serve-for-tests.sh), replays every shared vector of test/vectors over gRPC with the
// generated Go stubs, and checks the google.rpc error details Go callers decode. Run it with
// `go test ./...` in clients/go (or scripts/test-go.sh from the repository root).
package contract
