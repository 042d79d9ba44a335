package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/sessionpolicy/session-policy-service/clients/go/liveserver"
	sessionpolicyv1 "github.com/sessionpolicy/session-policy-service/gen/go/sessionpolicy/v1"
)

// The shared vectors (test/vectors/*.json), replayed exactly as test/vectors/README.md says.

type vectorCase struct {
	Name        string `json:"name"`
	Category    string `json:"category"`
	Description string `json:"description"`
	Given       struct {
		Application      json.RawMessage     `json:"application"`
		Organizations    []givenOrganization `json:"organizations"`
		LaterApplication json.RawMessage     `json:"laterApplication"`
		SessionRules     json.RawMessage     `json:"sessionRules"`
		Revocations      []givenRevocation   `json:"revocations"`
	} `json:"given"`
	When map[string]json.RawMessage `json:"when"`
	Then struct {
		Response json.RawMessage `json:"response"`
		Error    *expectedError  `json:"error"`
	} `json:"then"`
}

type givenOrganization struct {
	OrganizationID       string          `json:"organizationId"`
	SessionPolicyEnabled bool            `json:"sessionPolicyEnabled"`
	Policy               json.RawMessage `json:"policy"`
	SessionRules         json.RawMessage `json:"sessionRules"`
}

// givenRevocation is the one revocation of a revocation.json case: its organization (empty: global),
// exactly one target, and the instant the case's other times are written against.
type givenRevocation struct {
	OrganizationID     string    `json:"organizationId"`
	SessionID          *string   `json:"sessionId"`
	Subject            *string   `json:"subject"`
	EntireOrganization *bool     `json:"entireOrganization"`
	RevokeTime         time.Time `json:"revokeTime"` // RFC 3339, kept to the nanosecond
}

type expectedError struct {
	Code            string      `json:"code"`
	Reason          string      `json:"reason"`
	FieldViolations []violation `json:"fieldViolations"`
}

// loadedCase is a case as written (raw, so that it can be re-read with an id prefix) and its source.
type loadedCase struct {
	file string
	raw  json.RawMessage
	vectorCase
}

var vectorStats struct{ total, replayed, passed int }

func loadVectors(t testing.TB) []loadedCase {
	t.Helper()
	root, err := liveserver.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(root, "test", "vectors", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	var out []loadedCase
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var raws []json.RawMessage
		if err := json.Unmarshal(data, &raws); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for i, raw := range raws {
			c, err := parseCase(raw)
			if err != nil {
				t.Fatalf("%s case %d: %v", filepath.Base(file), i, err)
			}
			out = append(out, loadedCase{file: filepath.Base(file), raw: raw, vectorCase: c})
		}
	}
	return out
}

// parseCase reads a case strictly: unknown keys, a `when` that is not exactly one call and a `then`
// that is not exactly one of response/error are vector bugs.
func parseCase(raw []byte) (vectorCase, error) {
	var c vectorCase
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, err
	}
	if c.Name == "" {
		return c, fmt.Errorf("case without a name")
	}
	if len(c.When) != 1 {
		return c, fmt.Errorf("%s: `when` must hold exactly one call, has %d", c.Name, len(c.When))
	}
	if (c.Then.Response == nil) == (c.Then.Error == nil) {
		return c, fmt.Errorf("%s: `then` must hold exactly one of response and error", c.Name)
	}
	if c.Given.Application == nil {
		return c, fmt.Errorf("%s: `given.application` is required", c.Name)
	}
	if c.Given.Revocations != nil {
		if err := checkRevocationCase(c); err != nil {
			return c, fmt.Errorf("%s: %v", c.Name, err)
		}
	}
	return c, nil
}

// checkRevocationCase holds a case with `given.revocations` to what replay step 3 can shift: exactly
// one revocation with exactly one target and a revokeTime, and an EvaluateSession call (the only
// `when` whose times the step names).
func checkRevocationCase(c vectorCase) error {
	if len(c.Given.Revocations) != 1 {
		return fmt.Errorf("`given.revocations` must hold exactly one revocation, has %d", len(c.Given.Revocations))
	}
	r := c.Given.Revocations[0]
	targets := 0
	for _, set := range []bool{r.SessionID != nil, r.Subject != nil, r.EntireOrganization != nil} {
		if set {
			targets++
		}
	}
	if targets != 1 {
		return fmt.Errorf("the revocation must name exactly one of sessionId, subject and entireOrganization, names %d", targets)
	}
	if r.RevokeTime.IsZero() {
		return fmt.Errorf("the revocation has no revokeTime")
	}
	if _, ok := c.When["evaluateSession"]; !ok {
		return fmt.Errorf("a case with `given.revocations` must evaluate a session")
	}
	return nil
}

// withPrefix returns the case with every organization id (a non-empty `organizationId` value or an
// element of `organizationIds`, anywhere in the case) prefixed, unless the expected error names the
// field organization_id: such cases are sent verbatim. In a case with `given.revocations` the prefix
// is required and also goes in front of each sessionId and subject of the revocation and of
// `when.evaluateSession`: revocations outlive the case (a global one reaches every organization), so
// only a per-case, per-run prefix keeps them from covering the sessions of later cases and runs.
func withPrefix(c loadedCase, prefix string) (vectorCase, error) {
	revocations := c.Given.Revocations != nil
	if c.Then.Error != nil {
		for _, v := range c.Then.Error.FieldViolations {
			if v.Field == "organization_id" {
				if revocations {
					return vectorCase{}, fmt.Errorf("a revocation case must be prefixed, but its expected error names organization_id")
				}
				return c.vectorCase, nil
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(c.raw))
	dec.UseNumber() // keep numbers (e.g. 2147483647) exactly as written
	var generic any
	if err := dec.Decode(&generic); err != nil {
		return vectorCase{}, err
	}
	prefixIDs(generic, prefix)
	if revocations {
		prefixSessions(generic, prefix)
	}
	prefixed, err := json.Marshal(generic)
	if err != nil {
		return vectorCase{}, err
	}
	return parseCase(prefixed)
}

func prefixIDs(value any, prefix string) any {
	switch v := value.(type) {
	case []any:
		for i := range v {
			v[i] = prefixIDs(v[i], prefix)
		}
	case map[string]any:
		for k, e := range v {
			switch {
			case k == "organizationId":
				if id, ok := e.(string); ok && id != "" {
					v[k] = prefix + id
				}
			case k == "organizationIds":
				if ids, ok := e.([]any); ok {
					for i, id := range ids {
						if s, ok := id.(string); ok {
							ids[i] = prefix + s
						}
					}
				}
			default:
				v[k] = prefixIDs(e, prefix)
			}
		}
	}
	return value
}

// prefixSessions prefixes the non-empty sessionId and subject of `given.revocations` and
// `when.evaluateSession` of a case decoded as generic JSON (parseCase has checked its shape).
func prefixSessions(generic any, prefix string) {
	var targets []any
	if c, ok := generic.(map[string]any); ok {
		if given, ok := c["given"].(map[string]any); ok {
			if revocations, ok := given["revocations"].([]any); ok {
				targets = append(targets, revocations...)
			}
		}
		if when, ok := c["when"].(map[string]any); ok {
			targets = append(targets, when["evaluateSession"])
		}
	}
	for _, target := range targets {
		m, ok := target.(map[string]any)
		if !ok {
			continue
		}
		for _, k := range []string{"sessionId", "subject"} {
			if id, ok := m[k].(string); ok && id != "" {
				m[k] = prefix + id
			}
		}
	}
}

func TestVectorInventory(t *testing.T) {
	cases := loadVectors(t)
	if len(cases) < 60 {
		t.Errorf("%d vector cases, want at least 60", len(cases))
	}
	names := map[string]string{}
	categories := map[string]bool{}
	for _, c := range cases {
		if other, dup := names[c.Name]; dup {
			t.Errorf("case name %q in both %s and %s", c.Name, other, c.file)
		}
		names[c.Name] = c.file
		categories[c.Category] = true
		if want := strings.TrimSuffix(c.file, ".json"); c.Category != want {
			t.Errorf("case %s: category %q in %s", c.Name, c.Category, c.file)
		}
	}
	want := map[string]bool{
		"units": true, "update-application": true, "update-organization": true, "resolve": true, "evaluate": true,
		"rules": true, "update-session-rules": true, "revocation": true,
	}
	if diff := cmp.Diff(want, categories); diff != "" {
		t.Errorf("categories (-want +got):\n%s", diff)
	}
}

func TestVectors(t *testing.T) {
	cases := loadVectors(t)
	vectorStats.total = len(cases)
	// A per-run, per-case prefix keeps organizations (and, in revocation cases, session ids and
	// subjects) apart between cases and between runs against the same store (serve-for-tests.sh uses
	// $MONGODB_URI when set): the run id is the start time in milliseconds, modulo about 25 days, far
	// longer than the day a revocation is kept.
	run := strconv.FormatInt(time.Now().UnixMilli()%(36*36*36*36*36*36), 36)
	for i, c := range cases {
		ran := false
		ok := t.Run(c.Name, func(t *testing.T) {
			ran = true
			vectorStats.replayed++
			replayCase(t, c, fmt.Sprintf("go%s.%d.", run, i))
		})
		if ran && ok {
			vectorStats.passed++
		}
	}
}

// applicationRulesSet records that an earlier case may have left application session rules behind,
// so later cases reset them (test/vectors/README.md, replay step 1).
var applicationRulesSet bool

// updateSessionRules sends UpdateSessionRules with the request's proto JSON.
func updateSessionRules(t *testing.T, what string, raw json.RawMessage) (*sessionpolicyv1.UpdateSessionRulesResponse, error) {
	t.Helper()
	req := &sessionpolicyv1.UpdateSessionRulesRequest{}
	mustUnmarshal(t, what, raw, req)
	if req.OrganizationId == "" {
		applicationRulesSet = true
	}
	return admin.UpdateSessionRules(asAdmin(t), req)
}

func ruleSetRequest(t *testing.T, organizationID string, ruleSet json.RawMessage) json.RawMessage {
	t.Helper()
	if ruleSet == nil {
		ruleSet = json.RawMessage("{}")
	}
	raw, err := json.Marshal(map[string]any{"organizationId": organizationID, "ruleSet": ruleSet})
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func replayCase(t *testing.T, loaded loadedCase, prefix string) {
	c, err := withPrefix(loaded, prefix)
	if err != nil {
		t.Fatalf("prefixing ids: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("case %s (%s, %s): %s", c.Name, c.Category, loaded.file, c.Description)
		}
	})

	// 1-4: the given state; every step must succeed.
	setApplication := func(step string, raw json.RawMessage) {
		req := &sessionpolicyv1.UpdateApplicationSessionPolicyRequest{Policy: &sessionpolicyv1.ApplicationSessionPolicySettings{}}
		mustUnmarshal(t, step, raw, req.Policy)
		if _, err := admin.UpdateApplicationSessionPolicy(asAdmin(t), req); err != nil {
			t.Fatalf("given step %s failed: %v", step, describe(err))
		}
	}
	setFeature := func(step, organizationID string, enabled bool) {
		_, err := admin.UpdateOrganizationSettings(asAdmin(t), &sessionpolicyv1.UpdateOrganizationSettingsRequest{
			OrganizationId: organizationID,
			Settings: &sessionpolicyv1.OrganizationSettings{Features: []*sessionpolicyv1.OrganizationSettingsFeature{
				{Name: "session_policy", Enabled: enabled},
			}},
		})
		if err != nil {
			t.Fatalf("given step %s failed: %v", step, describe(err))
		}
	}
	setApplication("application", c.Given.Application)
	if c.Given.SessionRules != nil || applicationRulesSet {
		if _, err := updateSessionRules(t, "given.sessionRules", ruleSetRequest(t, "", c.Given.SessionRules)); err != nil {
			t.Fatalf("given step sessionRules failed: %v", describe(err))
		}
	}
	for i, org := range c.Given.Organizations {
		step := fmt.Sprintf("organizations[%d] (%s)", i, org.OrganizationID)
		setFeature(step+" feature on", org.OrganizationID, true)
		if org.Policy != nil {
			req := &sessionpolicyv1.UpdateOrganizationSessionPolicyRequest{}
			mustUnmarshal(t, step+" policy", org.Policy, req)
			req.OrganizationId = org.OrganizationID
			if _, err := admin.UpdateOrganizationSessionPolicy(asAdmin(t), req); err != nil {
				t.Fatalf("given step %s policy failed: %v", step, describe(err))
			}
		}
		if org.SessionRules != nil {
			if _, err := updateSessionRules(t, step+" sessionRules", ruleSetRequest(t, org.OrganizationID, org.SessionRules)); err != nil {
				t.Fatalf("given step %s sessionRules failed: %v", step, describe(err))
			}
		}
		setFeature(step+" feature "+strconv.FormatBool(org.SessionPolicyEnabled), org.OrganizationID, org.SessionPolicyEnabled)
	}
	// The offset from the vector's revokeTime to the server's: every Timestamp of `when` and of the
	// expected response moves by it, so the case's times keep their distance to the revocation.
	var offset time.Duration
	for _, r := range c.Given.Revocations {
		offset = revoke(t, r)
	}
	if c.Given.LaterApplication != nil {
		setApplication("laterApplication", c.Given.LaterApplication)
	}

	// 5: the call, then the comparison.
	got, want, callErr := perform(t, c, offset)
	if c.Then.Error != nil {
		if callErr == nil {
			t.Fatalf("want %s (%s), got a response:\n%s", c.Then.Error.Code, c.Then.Error.Reason, toJSON(got))
		}
		compareError(t, *c.Then.Error, callErr)
		return
	}
	if callErr != nil {
		t.Fatalf("want a response, got %v", describe(callErr))
	}
	mustUnmarshal(t, "then.response", c.Then.Response, want)
	shiftTimestamps(want.ProtoReflect(), offset)
	normalise(got.ProtoReflect(), true)
	normalise(want.ProtoReflect(), true)
	// protocmp compares Timestamps and Durations by their (seconds, nanos) values: instants and
	// durations, whatever digits the JSON used. Every other field, presence included, must match.
	if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
		t.Errorf("response differs (-want +got):\n%s\ngot:\n%s", diff, toJSON(got))
	}
}

// revoke records the case's revocation (replay step 3: reason LOGOUT, no request_id) and returns the
// offset R - revokeTime, R being the revoke_time the server set, exact to the nanosecond.
func revoke(t *testing.T, r givenRevocation) time.Duration {
	t.Helper()
	req := &sessionpolicyv1.RevokeSessionsRequest{
		OrganizationId: r.OrganizationID,
		Reason:         sessionpolicyv1.RevocationReason_REVOCATION_REASON_LOGOUT,
	}
	switch {
	case r.SessionID != nil:
		req.Target = &sessionpolicyv1.RevokeSessionsRequest_SessionId{SessionId: *r.SessionID}
	case r.Subject != nil:
		req.Target = &sessionpolicyv1.RevokeSessionsRequest_Subject{Subject: *r.Subject}
	default:
		req.Target = &sessionpolicyv1.RevokeSessionsRequest_EntireOrganization{EntireOrganization: *r.EntireOrganization}
	}
	resp, err := admin.RevokeSessions(asAdmin(t), req)
	if err != nil {
		t.Fatalf("given step revocations[0] failed: %v", describe(err))
	}
	// The server must have recorded the revocation asked for: the shift below trusts its revoke_time.
	got := resp.GetRevocation()
	type recorded struct {
		OrganizationID, SessionID, Subject string
		EntireOrganization                 bool
		Reason                             sessionpolicyv1.RevocationReason
	}
	w := recorded{req.GetOrganizationId(), req.GetSessionId(), req.GetSubject(), req.GetEntireOrganization(), req.GetReason()}
	g := recorded{got.GetOrganizationId(), got.GetSessionId(), got.GetSubject(), got.GetEntireOrganization(), got.GetReason()}
	if diff := cmp.Diff(w, g); diff != "" {
		t.Fatalf("given step revocations[0] recorded another revocation (-want +got):\n%s", diff)
	}
	if err := got.GetRevokeTime().CheckValid(); err != nil {
		t.Fatalf("given step revocations[0]: revoke_time: %v\n%s", err, toJSON(resp))
	}
	serverTime := got.GetRevokeTime().AsTime()
	offset := serverTime.Sub(r.RevokeTime)
	if !r.RevokeTime.Add(offset).Equal(serverTime) { // time.Duration saturates past about 292 years
		t.Fatalf("given step revocations[0]: revoke_time %v is too far from the vector's %v to shift by", serverTime, r.RevokeTime)
	}
	return offset
}

var timestampName = (&timestamppb.Timestamp{}).ProtoReflect().Descriptor().FullName()

// shiftTimestamps adds offset to every google.protobuf.Timestamp in m (replay step 3). It leaves
// everything else, durations included, as it is.
func shiftTimestamps(m protoreflect.Message, offset time.Duration) {
	if offset == 0 {
		return
	}
	if m.Descriptor().FullName() == timestampName {
		ts := m.Interface().(*timestamppb.Timestamp)
		shifted := ts.AsTime().Add(offset)
		ts.Seconds, ts.Nanos = shifted.Unix(), int32(shifted.Nanosecond())
		return
	}
	eachNestedMessage(m, func(nested protoreflect.Message) { shiftTimestamps(nested, offset) })
}

// perform makes the `when` call, with its Timestamps moved by offset (replay step 3; parseCase lets
// only EvaluateSession cases record a revocation). It returns the response (nil on error), an empty
// message of the response type for the expected value, and the call's error.
func perform(t *testing.T, c vectorCase, offset time.Duration) (got, want proto.Message, err error) {
	for kind, raw := range c.When {
		ctx := asAdmin(t)
		switch kind {
		case "resolveEffectivePolicy":
			req := &sessionpolicyv1.ResolveEffectivePolicyRequest{}
			mustUnmarshal(t, "when."+kind, raw, req)
			resp, err := resolver.ResolveEffectivePolicy(ctx, req)
			return nilIfError(resp, err), &sessionpolicyv1.ResolveEffectivePolicyResponse{}, err
		case "evaluateSession":
			req := &sessionpolicyv1.EvaluateSessionRequest{}
			mustUnmarshal(t, "when."+kind, raw, req)
			shiftTimestamps(req.ProtoReflect(), offset)
			resp, err := resolver.EvaluateSession(ctx, req)
			return nilIfError(resp, err), &sessionpolicyv1.EvaluateSessionResponse{}, err
		case "updateOrganizationSessionPolicy":
			req := &sessionpolicyv1.UpdateOrganizationSessionPolicyRequest{}
			mustUnmarshal(t, "when."+kind, raw, req)
			resp, err := admin.UpdateOrganizationSessionPolicy(ctx, req)
			return nilIfError(resp, err), &sessionpolicyv1.UpdateOrganizationSessionPolicyResponse{}, err
		case "updateApplicationSessionPolicy":
			req := &sessionpolicyv1.UpdateApplicationSessionPolicyRequest{}
			mustUnmarshal(t, "when."+kind, raw, req)
			resp, err := admin.UpdateApplicationSessionPolicy(ctx, req)
			return nilIfError(resp, err), &sessionpolicyv1.UpdateApplicationSessionPolicyResponse{}, err
		case "updateSessionRules":
			resp, err := updateSessionRules(t, "when."+kind, raw)
			return nilIfError(resp, err), &sessionpolicyv1.UpdateSessionRulesResponse{}, err
		default:
			t.Fatalf("unknown `when` %q", kind)
		}
	}
	t.Fatal("empty `when`")
	return nil, nil, nil
}

func nilIfError[M proto.Message](m M, err error) proto.Message {
	if err != nil {
		return nil
	}
	return m
}

// compareError compares by gRPC code, ErrorInfo.reason and the unordered (field, constraint) pairs.
func compareError(t *testing.T, want expectedError, err error) {
	t.Helper()
	got := decodeError(t, err)
	wantViolations := append([]violation(nil), want.FieldViolations...)
	sortViolations(wantViolations)
	type outcome struct {
		Code, Reason string
		Violations   []violation
	}
	w := outcome{want.Code, want.Reason, wantViolations}
	g := outcome{got.Code, got.Reason(), got.Violations()}
	if len(g.Violations) == 0 {
		g.Violations = nil
	}
	if len(w.Violations) == 0 {
		w.Violations = nil
	}
	if diff := cmp.Diff(w, g); diff != "" {
		t.Errorf("error differs (-want +got):\n%s\nstatus message: %s", diff, got.Message)
	}
}

// mustUnmarshal reads proto JSON (enum names or raw numbers, lowerCamel names) strictly.
func mustUnmarshal(t *testing.T, what string, raw json.RawMessage, m proto.Message) {
	t.Helper()
	if err := (protojson.UnmarshalOptions{}).Unmarshal(raw, m); err != nil {
		t.Fatalf("vector %s is not a valid %s: %v", what, m.ProtoReflect().Descriptor().FullName(), err)
	}
}

var effectivePolicyName = (&sessionpolicyv1.EffectivePolicy{}).ProtoReflect().Descriptor().FullName()

// normalise drops what the vectors do not pin: `etag` of the response itself, and `revision` and
// `stale` of every EffectivePolicy inside it.
func normalise(m protoreflect.Message, top bool) {
	fields := m.Descriptor().Fields()
	if top {
		if fd := fields.ByName("etag"); fd != nil {
			m.Clear(fd)
		}
	}
	if m.Descriptor().FullName() == effectivePolicyName {
		m.Clear(fields.ByName("revision"))
		m.Clear(fields.ByName("stale"))
	}
	eachNestedMessage(m, func(nested protoreflect.Message) { normalise(nested, false) })
}

// eachNestedMessage calls fn with every message set directly in m: message fields, and the elements
// of lists and values of maps of messages.
func eachNestedMessage(m protoreflect.Message, fn func(protoreflect.Message)) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList():
			if fd.Kind() == protoreflect.MessageKind || fd.Kind() == protoreflect.GroupKind {
				for i := 0; i < v.List().Len(); i++ {
					fn(v.List().Get(i).Message())
				}
			}
		case fd.IsMap():
			if fd.MapValue().Kind() == protoreflect.MessageKind {
				v.Map().Range(func(_ protoreflect.MapKey, mv protoreflect.Value) bool {
					fn(mv.Message())
					return true
				})
			}
		case fd.Kind() == protoreflect.MessageKind || fd.Kind() == protoreflect.GroupKind:
			fn(v.Message())
		}
		return true
	})
}

// describe renders a call error with its details for failure output.
func describe(err error) string {
	if st, ok := status.FromError(err); ok {
		return protojson.Format(st.Proto())
	}
	return err.Error()
}
