package contract

import (
	"sort"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/code"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// errorDomain is google.rpc.ErrorInfo.domain of every error the service answers with.
const errorDomain = "sessionpolicy.example.com"

// violation is one google.rpc.BadRequest.FieldViolation as the vectors write it: the field (a proto
// JSON path) and the constraint (the violation's reason).
type violation struct {
	Field      string `json:"field"`
	Constraint string `json:"constraint"`
}

// rpcError is a gRPC error decoded with google.golang.org/grpc/status and genproto's errdetails.
type rpcError struct {
	Code       string // canonical name, e.g. INVALID_ARGUMENT
	Info       *errdetails.ErrorInfo
	BadRequest *errdetails.BadRequest
	Message    string
}

// Reason is ErrorInfo.reason, "" without an ErrorInfo.
func (e rpcError) Reason() string { return e.Info.GetReason() }

// Violations are the BadRequest field violations as (field, constraint) pairs, sorted.
func (e rpcError) Violations() []violation {
	var out []violation
	for _, v := range e.BadRequest.GetFieldViolations() {
		out = append(out, violation{Field: v.GetField(), Constraint: v.GetReason()})
	}
	sortViolations(out)
	return out
}

func sortViolations(vs []violation) {
	sort.Slice(vs, func(i, j int) bool {
		if vs[i].Field != vs[j].Field {
			return vs[i].Field < vs[j].Field
		}
		return vs[i].Constraint < vs[j].Constraint
	})
}

// decodeError turns a call's error into its status code and google.rpc details. It fails the test when
// err is not a gRPC status or carries a detail that cannot be decoded or appears twice.
func decodeError(t testing.TB, err error) rpcError {
	t.Helper()
	st, ok := status.FromError(err)
	if !ok {
		t.Fatalf("not a gRPC status error: %v", err)
	}
	out := rpcError{Code: code.Code(st.Code()).String(), Message: st.Message()}
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.ErrorInfo:
			if out.Info != nil {
				t.Fatalf("two ErrorInfo details in %v", st.Proto())
			}
			out.Info = d
		case *errdetails.BadRequest:
			if out.BadRequest != nil {
				t.Fatalf("two BadRequest details in %v", st.Proto())
			}
			out.BadRequest = d
		case error:
			t.Fatalf("undecodable error detail: %v", d)
		}
	}
	return out
}

// toJSON renders a message for failure output.
func toJSON(m proto.Message) string {
	return protojson.MarshalOptions{Multiline: true}.Format(m)
}
