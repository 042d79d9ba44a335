// Checks rendered Kubernetes manifests (helm template output on stdin) against the Kubernetes API
// types themselves: each document is decoded strictly into its k8s.io/api type, so an unknown,
// misspelt or mistyped field fails, as the API server's strict field validation would. Then the
// properties the chart promises are checked on the typed objects: gRPC health probes, a preStop
// hook, a non-root read-only container, a PodDisruptionBudget and a headless Service.
// No cluster and no schema download: the types are the schema.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"
)

type typeMeta struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "-compose" {
		checkCompose(os.Args[2])
		return
	}
	input, err := io.ReadAll(bufio.NewReader(os.Stdin))
	if err != nil {
		fail("reading stdin: %v", err)
	}
	var problems []string
	counts := map[string]int{}
	var deployments []appsv1.Deployment
	var services []corev1.Service
	for i, doc := range documents(input) {
		var meta typeMeta
		if err := yaml.Unmarshal(doc, &meta); err != nil {
			problems = append(problems, fmt.Sprintf("document %d: not YAML: %v", i, err))
			continue
		}
		key := meta.APIVersion + " " + meta.Kind
		counts[key]++
		var target any
		switch key {
		case "apps/v1 Deployment":
			target = &appsv1.Deployment{}
		case "v1 Service":
			target = &corev1.Service{}
		case "v1 Secret":
			target = &corev1.Secret{}
		case "v1 ConfigMap":
			target = &corev1.ConfigMap{}
		case "policy/v1 PodDisruptionBudget":
			target = &policyv1.PodDisruptionBudget{}
		default:
			problems = append(problems, fmt.Sprintf("document %d: %s is not a kind this check knows", i, key))
			continue
		}
		if err := yaml.UnmarshalStrict(doc, target); err != nil {
			problems = append(problems, fmt.Sprintf("document %d (%s): %v", i, key, err))
			continue
		}
		switch object := target.(type) {
		case *appsv1.Deployment:
			deployments = append(deployments, *object)
		case *corev1.Service:
			services = append(services, *object)
		}
	}
	problems = append(problems, checkDeployments(deployments)...)
	problems = append(problems, checkServices(services)...)
	if counts["policy/v1 PodDisruptionBudget"] == 0 {
		problems = append(problems, "no PodDisruptionBudget")
	}
	for key, n := range counts {
		fmt.Printf("manifest-check: %d × %s decoded strictly\n", n, key)
	}
	if len(problems) > 0 {
		fail("%s", strings.Join(problems, "\n"))
	}
	fmt.Println("manifest-check: OK")
}

func checkDeployments(deployments []appsv1.Deployment) []string {
	if len(deployments) != 1 {
		return []string{fmt.Sprintf("expected one Deployment, found %d", len(deployments))}
	}
	var problems []string
	spec := deployments[0].Spec.Template.Spec
	if spec.SecurityContext == nil || spec.SecurityContext.RunAsNonRoot == nil || !*spec.SecurityContext.RunAsNonRoot {
		problems = append(problems, "pod securityContext.runAsNonRoot is not true")
	}
	for _, c := range spec.Containers {
		tls, mutual := hasEnv(c, "TLS_CERT_FILE"), hasEnv(c, "TLS_CLIENT_CA_FILE")
		for name, probe := range map[string]*corev1.Probe{"readiness": c.ReadinessProbe, "startup": c.StartupProbe} {
			switch {
			case probe == nil:
				problems = append(problems, c.Name+": no "+name+" probe")
			case mutual:
				// The kubelet has no client certificate: a gRPC probe could never pass under mTLS.
				if probe.GRPC != nil {
					problems = append(problems, c.Name+": a gRPC "+name+" probe cannot pass under mTLS")
				}
			case probe.GRPC == nil:
				problems = append(problems, c.Name+": the "+name+" probe must be a native gRPC probe (grpc.health.v1)")
			case tls && (probe.GRPC.Mode == nil || *probe.GRPC.Mode != corev1.GRPCProbeModeTLS):
				problems = append(problems, c.Name+": the gRPC port speaks TLS, so the "+name+" probe needs mode TLS")
			case !tls && probe.GRPC.Mode != nil && *probe.GRPC.Mode == corev1.GRPCProbeModeTLS:
				problems = append(problems, c.Name+": the "+name+" probe uses TLS on a plaintext port")
			}
		}
		if c.LivenessProbe == nil {
			problems = append(problems, c.Name+": no liveness probe")
		}
		if c.Lifecycle == nil || c.Lifecycle.PreStop == nil {
			problems = append(problems, c.Name+": no preStop hook")
		}
		if c.SecurityContext == nil || c.SecurityContext.ReadOnlyRootFilesystem == nil || !*c.SecurityContext.ReadOnlyRootFilesystem {
			problems = append(problems, c.Name+": readOnlyRootFilesystem is not true")
		}
		if c.Resources.Requests.Cpu().IsZero() || c.Resources.Limits.Memory().IsZero() {
			problems = append(problems, c.Name+": no CPU request or memory limit")
		}
	}
	return problems
}

func hasEnv(c corev1.Container, name string) bool {
	for _, e := range c.Env {
		if e.Name == name {
			return true
		}
	}
	return false
}

func checkServices(services []corev1.Service) []string {
	for _, s := range services {
		if s.Spec.ClusterIP == corev1.ClusterIPNone {
			return nil
		}
	}
	return []string{"no headless Service (clusterIP: None) for client-side balancing"}
}

// composeFile is the part of a compose file this check reads (merge keys resolved by the YAML decoder).
type composeFile struct {
	Services map[string]struct {
		Image       string            `json:"image"`
		Init        bool              `json:"init"`
		ReadOnly    bool              `json:"read_only"`
		User        string            `json:"user"`
		Command     []string          `json:"command"`
		Environment map[string]string `json:"environment"`
		Healthcheck *struct {
			Test []string `json:"test"`
		} `json:"healthcheck"`
	} `json:"services"`
}

// checkCompose: three replica-set members, one of them initiating the set in its healthcheck, and the
// service instances run read-only, as a non-root user, under the image's own tini, on the replica set.
func checkCompose(path string) {
	raw, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	var compose composeFile
	if err := yaml.Unmarshal(raw, &compose); err != nil {
		fail("%s: %v", path, err)
	}
	var problems []string
	members, instances := 0, 0
	for name, service := range compose.Services {
		switch {
		case strings.HasPrefix(service.Image, "mongo:"):
			members++
			if !strings.Contains(strings.Join(service.Command, " "), "--replSet") {
				problems = append(problems, name+": not started as a replica-set member (--replSet)")
			}
		case strings.HasPrefix(name, "session-policy"):
			instances++
			// No `init: true`: the image's entrypoint is tini, PID 1 already.
			if service.Init || !service.ReadOnly || service.User == "" || strings.HasPrefix(service.User, "0") {
				problems = append(problems, name+": must run read_only, as a non-root user, without a second init")
			}
			if !strings.Contains(service.Environment["MONGODB_URI"], "replicaSet=") {
				problems = append(problems, name+": MONGODB_URI does not name the replica set")
			}
		}
	}
	initiates := false
	for _, service := range compose.Services {
		if service.Healthcheck != nil && strings.Contains(strings.Join(service.Healthcheck.Test, " "), "rs.initiate") {
			initiates = true
		}
	}
	if members != 3 || instances < 2 || !initiates {
		problems = append(problems, fmt.Sprintf("expected 3 replica-set members (found %d), one initiating the set in its healthcheck (%v), and at least 2 service instances (found %d)", members, initiates, instances))
	}
	if len(problems) > 0 {
		fail("%s", strings.Join(problems, "\n"))
	}
	fmt.Printf("manifest-check: %s: %d replica-set members, %d service instances: OK\n", path, members, instances)
}

// documents splits a multi-document YAML stream, dropping empty documents.
func documents(input []byte) [][]byte {
	var out [][]byte
	for _, part := range bytes.Split(input, []byte("\n---")) {
		trimmed := bytes.TrimSpace(part)
		if len(trimmed) == 0 || isCommentOnly(trimmed) {
			continue
		}
		out = append(out, part)
	}
	return out
}

func isCommentOnly(doc []byte) bool {
	for _, line := range strings.Split(string(doc), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			return false
		}
	}
	return true
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "manifest-check: "+format+"\n", args...)
	os.Exit(1)
}
