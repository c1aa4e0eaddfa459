import fc from "fast-check";
import { fromApprovedRegistry, parseImage } from "../../policies/lib/images";
import { credentialKind, isSecretLookingKey } from "../../policies/lib/secrets";
import { parseDuration, parseFileMode, isQuantity } from "../../policies/lib/values";
import { workloadKind } from "../../policies/lib/podSpec";
import { TYPES } from "../../policies/lib/kinds";

describe("parseImage", () => {
    it.each([
        ["nginx", { registry: "docker.io", repository: "library/nginx" }],
        ["nginx:1.27", { registry: "docker.io", repository: "library/nginx", tag: "1.27" }],
        ["bitnami/redis:7", { registry: "docker.io", repository: "bitnami/redis", tag: "7" }],
        [
            "ghcr.io/fluxcd/source-controller:v1.6.0",
            { registry: "ghcr.io", repository: "fluxcd/source-controller", tag: "v1.6.0" },
        ],
        ["registry.internal:5000/app", { registry: "registry.internal:5000", repository: "app" }],
        ["localhost/app:dev", { registry: "localhost", repository: "app", tag: "dev" }],
        [
            `registry.internal:5000/team/app:1.2@sha256:${"f".repeat(64)}`,
            {
                registry: "registry.internal:5000",
                repository: "team/app",
                tag: "1.2",
                digest: `sha256:${"f".repeat(64)}`,
            },
        ],
    ])("splits %s", (ref, expected) => {
        expect(parseImage(ref)).toEqual(expected);
    });

    it("puts a tag and digest back together unchanged", () => {
        const part = fc.stringMatching(/^[a-z0-9]{1,8}$/);
        fc.assert(
            fc.property(part, part, part, fc.option(part, { nil: undefined }), (host, ns, name, tag) => {
                const ref = `${host}.internal:5000/${ns}/${name}${tag ? `:${tag}` : ""}`;
                const parsed = parseImage(ref);
                expect(`${parsed.registry}/${parsed.repository}${parsed.tag ? `:${parsed.tag}` : ""}`).toBe(ref);
            }),
        );
    });

    it.each([
        ["registry.internal:5000/platform/app:1", ["registry.internal:5000"], true],
        ["registry.internal:5000/platform/app:1", ["registry.internal:5000/platform"], true],
        ["registry.internal:5000/platformx/app:1", ["registry.internal:5000/platform"], false],
        ["registry.internal:5001/app:1", ["registry.internal:5000"], false],
        ["nginx:1", ["docker.io"], true],
        ["nginx:1", [], false],
    ] as const)("%s from %j approved: %s", (ref, approved, expected) => {
        expect(fromApprovedRegistry(parseImage(ref), approved)).toBe(expected);
    });
});

describe("secret heuristics", () => {
    it.each([
        ["password", true],
        ["DB_PASSWORD", true],
        ["dbPassword", true],
        ["apiKey", true],
        ["API_KEY", true],
        ["APIKey", true],
        ["tls.key", true],
        ["client-secret", true],
        ["token", true],
        ["secretAccessKey", true],
        ["passwordFile", false],
        ["tokenSource", false],
        ["tokenTTL", false],
        ["secretsEncryptionProvider", false],
        ["log-level", false],
        ["keys", false],
        ["ca.crt", false],
        ["registrationAddress", false],
    ])("%s looks secret: %s", (key, expected) => {
        expect(isSecretLookingKey(key)).toBe(expected);
    });

    it.each([
        ["-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----", "a PEM private key"],
        ["-----BEGIN PRIVATE KEY-----\nMIIE", "a PEM private key"],
        ["https://user:pass@git.example.internal/repo.git", "a URL with a password in it"],
        [`K10${"0".repeat(64)}::server:secret`, "an RKE2 join token"],
        ["-----BEGIN CERTIFICATE-----\nMIIB", undefined],
        ["https://git.example.internal/repo.git", undefined],
        ["ssh://git@git.example.internal/repo.git", undefined],
        ["ssh-ed25519 AAAAC3Nz user@host", undefined],
    ])("%s is %s", (value, kind) => {
        expect(credentialKind(value)).toBe(kind);
    });
});

describe("value parsers", () => {
    it.each([
        ["1m0s", 60_000],
        ["10m", 600_000],
        ["1h30m", 5_400_000],
        ["500ms", 500],
        ["1.5h", 5_400_000],
    ])("parses the Go duration %s", (s, ms) => {
        expect(parseDuration(s)).toBe(ms);
    });

    it.each(["", "1", "1 minute", "m", "1d"])("rejects %j as a Go duration", (s) => {
        expect(parseDuration(s)).toBeNaN();
    });

    it.each([
        ["0600", 0o600],
        ["600", 0o600],
        ["0644", 0o644],
    ])("parses the file mode %s", (s, mode) => {
        expect(parseFileMode(s)).toBe(mode);
    });

    it.each(["0800", "rw-------", "06000", ""])("rejects %j as a file mode", (s) => {
        expect(parseFileMode(s)).toBeNaN();
    });

    it.each([
        ["4Gi", true],
        ["500m", true],
        ["2", true],
        [4, true],
        ["4 GB", false],
        ["", false],
        [0, false],
    ])("%j is a quantity: %s", (v, expected) => {
        expect(isQuantity(v)).toBe(expected);
    });
});

describe("workloadKind", () => {
    it.each([
        ["kubernetes:core/v1:Pod", "Pod"],
        ["kubernetes:apps/v1:Deployment", "Deployment"],
        ["kubernetes:apps/v1beta2:StatefulSet", "StatefulSet"],
        ["kubernetes:batch/v1:CronJob", "CronJob"],
        ["kubernetes:batch/v1beta1:CronJob", "CronJob"],
        ["kubernetes:apps/v1:DeploymentPatch", undefined],
        ["kubernetes:apps/v1:DeploymentList", undefined],
        ["kubernetes:core/v1:PodTemplate", undefined],
        ["kubernetes:kubevirt.io/v1:VirtualMachine", undefined],
    ])("%s is %s", (type, kind) => {
        expect(workloadKind(type)).toBe(kind);
    });

    it("matches the type tokens of @pulumi/kubernetes", async () => {
        const k8s = await import("@pulumi/kubernetes");
        const classes = [
            k8s.core.v1.Pod,
            k8s.apps.v1.Deployment,
            k8s.apps.v1.StatefulSet,
            k8s.apps.v1.DaemonSet,
            k8s.apps.v1.ReplicaSet,
            k8s.batch.v1.Job,
            k8s.batch.v1.CronJob,
        ] as unknown as Array<{ __pulumiType: string }>;
        expect(classes.map((c) => workloadKind(c.__pulumiType))).toEqual([
            "Pod",
            "Deployment",
            "StatefulSet",
            "DaemonSet",
            "ReplicaSet",
            "Job",
            "CronJob",
        ]);
    });
});

describe("TYPES", () => {
    it("matches the type tokens of @pulumi/kubernetes", async () => {
        const k8s = await import("@pulumi/kubernetes");
        const token = (c: unknown) => (c as { __pulumiType: string }).__pulumiType;
        expect([
            TYPES.configMap,
            TYPES.namespace,
            TYPES.networkPolicy,
            TYPES.clusterRoleBinding,
            TYPES.roleBinding,
        ]).toEqual([
            token(k8s.core.v1.ConfigMap),
            token(k8s.core.v1.Namespace),
            token(k8s.networking.v1.NetworkPolicy),
            token(k8s.rbac.v1.ClusterRoleBinding),
            token(k8s.rbac.v1.RoleBinding),
        ]);
    });
});
