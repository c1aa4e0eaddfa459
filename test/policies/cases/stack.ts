import { droverSettingsNoPlaintextSecrets } from "../../../policies/drover/Component/noPlaintextSecretsInSettings";
import { k8sNamespaceDefaultDeny } from "../../../policies/kubernetes/Namespace/requireDefaultDeny";
import { changed, StackResourceInput, testUrn } from "../support/harness";
import { fluxHttpsSettings, fluxSettings, rancherSettings, rke2Settings } from "../support/fixtures";
import { ResourceCase, StackCase } from "./types";

const NS = "kubernetes:core/v1:Namespace";
const NP = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const COMPONENT = "drover:index:FluxBootstrap";

/** A drover component that creates a namespace and its default-deny policy, as a stack would register them. */
function stack(): StackResourceInput[] {
    return [
        { type: COMPONENT, name: "flux", props: { settings: fluxSettings() } },
        { type: NS, name: "flux-ns", parent: "flux", props: { metadata: { name: "apps" } } },
        {
            type: NP,
            name: "flux-deny",
            parent: "flux",
            props: {
                metadata: { name: "default-deny", namespace: "apps" },
                spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
            },
        },
    ];
}

/** The stack with one field of one resource changed. */
function stackWith(index: number, path: Array<string | number>, value: unknown): StackResourceInput[] {
    const resources = stack();
    resources[index] = { ...resources[index], props: changed(resources[index].props, path, value) };
    return resources;
}

const NS_URN = testUrn(NS, "flux-ns");

export const stackCases: StackCase[] = [
    {
        policy: k8sNamespaceDefaultDeny,
        name: "passes a namespace with a default deny",
        resources: stack(),
        violations: [],
    },
    {
        policy: k8sNamespaceDefaultDeny,
        name: "flags a namespace without any NetworkPolicy",
        resources: stack().slice(0, 2),
        violations: [
            {
                message:
                    'Namespace "apps" has no default-deny NetworkPolicy for ingress and egress; add one with podSelector {}, policyTypes ["Ingress", "Egress"] and no rules',
                urn: NS_URN,
            },
        ],
    },
    {
        policy: k8sNamespaceDefaultDeny,
        name: "flags a deny that covers ingress only",
        resources: stackWith(2, ["spec", "policyTypes"], ["Ingress"]),
        violations: [
            {
                message:
                    'Namespace "apps" has no default-deny NetworkPolicy for egress; add one with podSelector {}, policyTypes ["Ingress", "Egress"] and no rules',
                urn: NS_URN,
            },
        ],
    },
    {
        policy: k8sNamespaceDefaultDeny,
        name: "passes an ingress-only deny when egress is not required",
        resources: stackWith(2, ["spec", "policyTypes"], ["Ingress"]),
        config: { requireEgress: false },
        violations: [],
    },
    {
        policy: k8sNamespaceDefaultDeny,
        name: "flags a policy that selects only some pods",
        resources: stackWith(2, ["spec", "podSelector"], { matchLabels: { app: "web" } }),
        violations: [
            {
                message:
                    'Namespace "apps" has no default-deny NetworkPolicy for ingress and egress; add one with podSelector {}, policyTypes ["Ingress", "Egress"] and no rules',
                urn: NS_URN,
            },
        ],
    },
    {
        policy: k8sNamespaceDefaultDeny,
        name: "flags a policy that allows ingress",
        resources: stackWith(2, ["spec", "ingress"], [{ from: [{ podSelector: {} }] }]),
        violations: [
            {
                message:
                    'Namespace "apps" has no default-deny NetworkPolicy for ingress; add one with podSelector {}, policyTypes ["Ingress", "Egress"] and no rules',
                urn: NS_URN,
            },
        ],
    },
    {
        policy: k8sNamespaceDefaultDeny,
        name: "flags a deny in another namespace",
        resources: stackWith(2, ["metadata", "namespace"], "other"),
        violations: [
            {
                message:
                    'Namespace "apps" has no default-deny NetworkPolicy for ingress and egress; add one with podSelector {}, policyTypes ["Ingress", "Egress"] and no rules',
                urn: NS_URN,
            },
        ],
    },
    {
        policy: k8sNamespaceDefaultDeny,
        name: "skips namespaces drover did not create",
        resources: [{ type: NS, name: "user-ns", props: { metadata: { name: "team-a" } } }],
        violations: [],
    },
    {
        policy: k8sNamespaceDefaultDeny,
        name: "checks every namespace when onlyDroverNamespaces is false",
        resources: [{ type: NS, name: "user-ns", props: { metadata: { name: "team-a" } } }],
        config: { onlyDroverNamespaces: false },
        violations: [
            {
                message:
                    'Namespace "team-a" has no default-deny NetworkPolicy for ingress and egress; add one with podSelector {}, policyTypes ["Ingress", "Egress"] and no rules',
                urn: testUrn(NS, "user-ns"),
            },
        ],
    },
    {
        policy: k8sNamespaceDefaultDeny,
        name: "skips exempt namespaces",
        resources: stackWith(1, ["metadata", "name"], "kube-system").slice(0, 2),
        violations: [],
    },
];

const PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";

export const settingsCases: ResourceCase[] = [
    {
        policy: droverSettingsNoPlaintextSecrets,
        name: "passes an RKE2 cluster's settings",
        type: "drover:index:Rke2Cluster",
        props: { settings: rke2Settings() },
        violations: [],
    },
    {
        policy: droverSettingsNoPlaintextSecrets,
        name: "passes Flux settings whose field names only describe credentials",
        type: COMPONENT,
        props: { settings: fluxHttpsSettings() },
        violations: [],
    },
    {
        policy: droverSettingsNoPlaintextSecrets,
        name: "passes Rancher settings",
        type: "drover:index:RancherRegistration",
        props: { settings: rancherSettings() },
        violations: [],
    },
    {
        policy: droverSettingsNoPlaintextSecrets,
        name: "flags an S3 secret key in settings",
        type: "drover:index:Rke2Cluster",
        props: { settings: changed(rke2Settings(), ["etcdSnapshot", "s3", "secretKey"], "wJalrXUtnFEMI") },
        violations: [
            "settings.etcdSnapshot.s3.secretKey holds a value under a secret-looking name; component settings are stored in plaintext, keep credentials out of them",
        ],
    },
    {
        policy: droverSettingsNoPlaintextSecrets,
        name: "flags a Git URL with credentials",
        type: COMPONENT,
        props: {
            settings: { ...fluxHttpsSettings(), gitUrl: "https://flux:ghp_token@git.example.internal/fleet.git" },
        },
        violations: [
            "settings.gitUrl holds a URL with a password in it; component settings are stored in plaintext, keep credentials out of them",
        ],
    },
    {
        policy: droverSettingsNoPlaintextSecrets,
        name: "flags a private key in a list",
        type: "drover:index:HarvesterKeyPair",
        props: { settings: { keys: ["ssh-ed25519 AAAA user@host", PEM] } },
        violations: [
            "settings.keys[1] holds a PEM private key; component settings are stored in plaintext, keep credentials out of them",
        ],
    },
    {
        policy: droverSettingsNoPlaintextSecrets,
        name: "flags an RKE2 join token",
        type: "drover:index:Rke2NodePool",
        props: { settings: { ...rke2Settings(), registrationAddress: `K10${"c".repeat(64)}::server:abc` } },
        violations: [
            "settings.registrationAddress holds an RKE2 join token; component settings are stored in plaintext, keep credentials out of them",
        ],
    },
    {
        policy: droverSettingsNoPlaintextSecrets,
        name: "ignores resources that are not drover components",
        type: "kubernetes:core/v1:ConfigMap",
        props: { settings: { password: "x" } },
        violations: [],
    },
];
