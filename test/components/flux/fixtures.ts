import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";

/**
 * Host keys generated with `ssh-keygen` for these tests, with the fingerprints `ssh-keygen -lf` printed for them
 * (computed by OpenSSH, not by drover). GitHub's keys and fingerprints are the ones GitHub publishes.
 */
export const HOST_KEYS = {
    ecdsa256: {
        key: "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBAoW84r7aTLdfxFJtk+g74j6dFrw1KJA7SjMsjcnMNYXYWiA6HGioNSAPIsjFFCoTNsoiCYRe/dmUG6ObLwdlLA=",
        fingerprint: "SHA256:1b0tbiQ6OmndO6s3rmhBPBOflzrAsAtTre0JoYEcw10",
    },
    ecdsa384: {
        key: "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBMjktLtX71wUIhU1n4Uf7IjISKixENkBw5ZW7KF6PE4HbIOQZpsw6d52za86wJQWUlXAO6jyLqZlEDi2iUxMxrvhsQfiQHIGoM+8AhB8KLQrXyYhLsXGCLrdutPtRHjLXw==",
        fingerprint: "SHA256:stvS7l5sYJ2ctDP+fa0XmgfNpip720Et4fc4uvKKb0A",
    },
    ed25519: {
        key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH/DRhLS1YdCFn5cz9p7uo35q+TaNQW9N2DnjE4Bp4Ge",
        fingerprint: "SHA256:wsajGFme8XanHS7z2aeyav/BbmHS8PWl1ebqIGS5KhA",
    },
    rsa: {
        key: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC0aEfLq3w6H5tJUW44sUUuwbW7s3DDDnM/d2BzhuTC1vDV5aBw0C0pB+n7LULg8s2AMTuVa0McwJmuIaer0FTBc/RjE5bOh61OSBY4AA9AgQrUKihPlOjfpJI1pdXbuCRHQ82wqQKJrYewHCDc+C7xS46T4KeJhBN3Kg9bScwRYZKgdnwsQANbVfpYR9cubTXKI590zojc77Bt+uSKCIC9jIf6+YQqfVcOytylnb9kMGKpc1xmpK4W4sWF63Lvab0oQGavBvHDdCjIA+fD+KSzUQA8u3OoQVpsAA/dMNI/JYPXkkMUkoczTzCGHWQcihCXV+wAzt0pnih8y/EBbtjL",
        fingerprint: "SHA256:dfU0ye6i+65GmHko0ysb5/9Ht8DN7xRgXVMgrdnw2zQ",
    },
    githubEd25519: {
        key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
        fingerprint: "SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU",
    },
    githubEcdsa: {
        key: "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opKgwFB9nkt5YRrYMjNuG5N87uRgg6CLrbo5wAdT/y6v0mKV0U2w0WZ2YB/++Tpockg=",
        fingerprint: "SHA256:p2QAMXNIC1TJYWeIOttrVc98/R1BUFWu3/LiyKgUfQM",
    },
} as const;

/** `git.example.internal <ecdsa256>` hashed by `ssh-keygen -H`. */
export const HASHED_LINE = `|1|m34+WCxRtJj0kRuuYPvot1Yd+7w=|UV7vYgFARwV5sDtibrNjK8BYvCw= ${HOST_KEYS.ecdsa256.key}`;

export const GIT_HOST = "git.example.internal";
export const KNOWN_HOSTS = `${GIT_HOST} ${HOST_KEYS.ecdsa256.key}`;
export const SSH_URL = `ssh://git@${GIT_HOST}/platform/fleet.git`;
export const HTTPS_URL = `https://${GIT_HOST}/platform/fleet.git`;

function deployment(name: string, args: string[]): string {
    return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: flux-system
  labels:
    app.kubernetes.io/component: ${name}
    app.kubernetes.io/instance: flux-system
    app.kubernetes.io/part-of: flux
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: manager
          image: ghcr.io/fluxcd/${name}:v1.7.0
          args:
${args.map((a) => `            - ${a}`).join("\n")}
      serviceAccountName: ${name}
`;
}

function crd(plural: string, group: string, kind: string): string {
    return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.${group}
  labels:
    app.kubernetes.io/part-of: flux
spec:
  group: ${group}
  names: { kind: ${kind}, plural: ${plural} }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
status:
  acceptedNames: { kind: "", plural: "" }
`;
}

const EVENTS = "--events-addr=http://notification-controller.flux-system.svc.cluster.local./";

/** A cut-down Flux install.yaml with the kinds and shapes of the real one (fluxcd/flux2 release install.yaml). */
export const FLUX_INSTALL = [
    `apiVersion: v1
kind: Namespace
metadata:
  name: flux-system
  labels:
    app.kubernetes.io/part-of: flux
    pod-security.kubernetes.io/warn: restricted
`,
    crd("gitrepositories", "source.toolkit.fluxcd.io", "GitRepository"),
    crd("kustomizations", "kustomize.toolkit.fluxcd.io", "Kustomization"),
    `apiVersion: v1
kind: ResourceQuota
metadata: { name: critical-pods-flux-system, namespace: flux-system }
spec: { hard: { pods: "1000" } }
`,
    `apiVersion: v1
kind: ServiceAccount
metadata: { name: kustomize-controller, namespace: flux-system }
`,
    `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: cluster-reconciler-flux-system }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects:
  - { kind: ServiceAccount, name: kustomize-controller, namespace: flux-system }
`,
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-egress, namespace: flux-system }
spec: { podSelector: {}, policyTypes: [Ingress, Egress] }
`,
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: allow-scraping, namespace: flux-system }
spec: { podSelector: {}, policyTypes: [Ingress] }
`,
    `apiVersion: v1
kind: Service
metadata: { name: source-controller, namespace: flux-system }
spec: { ports: [{ port: 80, targetPort: http }], selector: { app: source-controller } }
`,
    deployment("source-controller", [EVENTS, "--watch-all-namespaces=true", "--log-level=info"]),
    deployment("kustomize-controller", [EVENTS, "--watch-all-namespaces=true", "--log-level=info"]),
    deployment("helm-controller", [EVENTS, "--watch-all-namespaces=true", "--log-level=info"]),
    deployment("notification-controller", ["--watch-all-namespaces=true", "--log-level=info"]),
].join("---\n");

/** A cut-down Flux Operator install.yaml (controlplaneio-fluxcd/flux-operator release install.yaml). */
export const OPERATOR_INSTALL = [
    `apiVersion: v1
kind: Namespace
metadata: { name: flux-system }
`,
    crd("fluxinstances", "fluxcd.controlplane.io", "FluxInstance"),
    `apiVersion: v1
kind: ServiceAccount
metadata: { name: flux-operator, namespace: flux-system }
`,
    `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: flux-operator }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects:
  - { kind: ServiceAccount, name: flux-operator, namespace: flux-system }
`,
    `apiVersion: apps/v1
kind: Deployment
metadata: { name: flux-operator, namespace: flux-system, labels: { app.kubernetes.io/name: flux-operator } }
spec:
  selector: { matchLabels: { app.kubernetes.io/name: flux-operator } }
  template:
    metadata: { labels: { app.kubernetes.io/name: flux-operator } }
    spec:
      serviceAccountName: flux-operator
      containers:
        - name: manager
          image: ghcr.io/controlplaneio-fluxcd/flux-operator:v0.58.1
`,
].join("---\n");

let tmpDir: string | undefined;

/** Writes a fixture into a temporary directory (removed at exit) and returns its path. */
export function writeFixture(file: string, content: string): string {
    tmpDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "drover-flux-"));
    const p = path.join(tmpDir, file);
    fs.writeFileSync(p, content);
    return p;
}

/** Removes the fixture directory. */
export function removeFixtures(): void {
    if (tmpDir !== undefined) {
        fs.rmSync(tmpDir, { recursive: true, force: true });
        tmpDir = undefined;
    }
}

/** A local HTTP server with fixed routes (path → [status, body, delay ms]); for manifest fetches without a network. */
export async function serve(
    routes: Record<string, { status?: number; body: string; delayMs?: number }>,
): Promise<{ url: string; hits: string[]; close: () => Promise<void> }> {
    const hits: string[] = [];
    const server = http.createServer((req, res) => {
        hits.push(req.url ?? "");
        const route = routes[req.url ?? ""];
        const reply = () => {
            res.writeHead(route?.status ?? (route ? 200 : 404), { "content-type": "text/yaml" });
            res.end(route?.body ?? "not found");
        };
        setTimeout(reply, route?.delayMs ?? 0);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        hits,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}
