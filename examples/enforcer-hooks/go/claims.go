package enforcerhooks

import (
	"regexp"
	"sort"
	"strings"

	sessionpolicyv1 "github.com/sessionpolicy/session-policy-service/gen/go/sessionpolicy/v1"
)

// SessionContextFromClaims describes a session to the service's session rules from the claims of the
// request's already verified access token (or ID token):
//
//   - "roles": the user's roles, a JSON array of strings or one space-separated string;
//   - "acr": the authentication context class; a value ending in aal1/aal2/aal3 (e.g. "aal2",
//     "http://idmanagement.gov/ns/assurance/aal/2", "urn:example:aal3") states that NIST assurance
//     level, anything else states none (a NIST 800-63B-4 profile then applies its strictest limits);
//   - "risk_level": "low", "medium", "high" or "critical", when a risk engine in front of the
//     gateway adds it; anything else states none;
//   - "azp": the client application the token was issued to, as the session's application_id.
//
// Facts the claims do not state stay unset, and a rule that needs them does not match.
func SessionContextFromClaims(claims map[string]any) *sessionpolicyv1.SessionContext {
	c := &sessionpolicyv1.SessionContext{Roles: rolesOf(claims["roles"])}
	if azp, ok := claims["azp"].(string); ok {
		c.ApplicationId = azp
	}
	if acr, ok := claims["acr"].(string); ok {
		c.AuthenticationLevel = authenticationLevelOf(acr)
	}
	if risk, ok := claims["risk_level"].(string); ok {
		c.RiskLevel = riskLevels[strings.ToLower(risk)]
	}
	return c
}

func rolesOf(claim any) []string {
	var roles []string
	switch v := claim.(type) {
	case string:
		roles = strings.Fields(v)
	case []string:
		roles = append(roles, v...)
	case []any:
		for _, r := range v {
			if s, ok := r.(string); ok && s != "" {
				roles = append(roles, s)
			}
		}
	}
	sort.Strings(roles) // a stable request for the same roles, whatever the token's order
	return roles
}

var aal = regexp.MustCompile(`aal[/_:-]?([123])$`)

func authenticationLevelOf(acr string) sessionpolicyv1.AuthenticationLevel {
	m := aal.FindStringSubmatch(strings.ToLower(acr))
	if m == nil {
		return sessionpolicyv1.AuthenticationLevel_AUTHENTICATION_LEVEL_UNSPECIFIED
	}
	return map[string]sessionpolicyv1.AuthenticationLevel{
		"1": sessionpolicyv1.AuthenticationLevel_AUTHENTICATION_LEVEL_AAL1,
		"2": sessionpolicyv1.AuthenticationLevel_AUTHENTICATION_LEVEL_AAL2,
		"3": sessionpolicyv1.AuthenticationLevel_AUTHENTICATION_LEVEL_AAL3,
	}[m[1]]
}

var riskLevels = map[string]sessionpolicyv1.RiskLevel{
	"low":      sessionpolicyv1.RiskLevel_RISK_LEVEL_LOW,
	"medium":   sessionpolicyv1.RiskLevel_RISK_LEVEL_MEDIUM,
	"high":     sessionpolicyv1.RiskLevel_RISK_LEVEL_HIGH,
	"critical": sessionpolicyv1.RiskLevel_RISK_LEVEL_CRITICAL,
}
