import { DroverInputError } from "../../components/common/errors";
import { FAKE_SECRETS, runStack, STACK_SECRETS } from "./support/runStack";
import { stackFile } from "./support/stackConfig";

// Each run composes whole stacks under mocks; the machine is shared, so allow for a slow one.
jest.setTimeout(60_000);

/**
 * Malformed environments, each through the whole stack program as `pulumi up` runs it: every one must fail with its
 * exact message (configuration path, value, fix) and register nothing but the root Stack resource.
 */

type Values = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Case {
    rule: string;
    stack?: "dev" | "staging" | "prod" | "local";
    /** Changes a deep copy of the stack file's values. */
    change: (v: Values) => void;
    /** Secret keys and values instead of the stack's usual ones. */
    secrets?: Record<string, string>;
    /** Config keys given in plain text in addition (as `pulumi config set` without --secret). */
    plain?: Record<string, string>;
    message: string;
}

const cluster = (v: Values) => v["drover:clusters"][0];
const rke2 = (v: Values) => cluster(v).rke2;
const flux = (v: Values) => v["drover:flux"];
const secretsOf = (stack: string, drop: string[] = []) =>
    Object.fromEntries(
        STACK_SECRETS[stack]
            .filter((k) => !drop.includes(k))
            .map((k) => [k, FAKE_SECRETS[k as keyof typeof FAKE_SECRETS]]),
    );

const cases: Case[] = [
    // The environment itself.
    {
        rule: "the environment is required",
        change: (v) => (v["drover:environment"] = ""),
        message: "environment is required",
    },
    {
        rule: "the environment is a DNS label",
        change: (v) => (v["drover:environment"] = "Dev"),
        message:
            'environment "Dev" is not a DNS label (lower-case letters, digits and "-", at most 63 characters); use e.g. "prod"',
    },
    {
        rule: "a misspelt top-level key is refused",
        change: (v) => (v["drover:clsuters"] = v["drover:clusters"]),
        message: "clsuters is not a known field; remove it or fix its spelling",
    },
    {
        rule: "at least one cluster",
        change: (v) => (v["drover:clusters"] = []),
        message: "clusters [] must list at least one cluster",
    },
    {
        rule: "clusters is a list",
        change: (v) => (v["drover:clusters"] = { "dev-a": {} }),
        message: 'clusters {"dev-a":{}} must be a list of clusters',
    },
    {
        rule: "a cluster is a map",
        change: (v) => (v["drover:clusters"] = ["dev-a"]),
        message: 'clusters[0] "dev-a" must be a map of cluster settings',
    },
    {
        rule: "a misspelt cluster key is refused",
        change: (v) => (cluster(v).namesapce = "fleet-dev"),
        message: "clusters[0].namesapce is not a known field; remove it or fix its spelling",
    },
    {
        rule: "a cluster needs a name",
        change: (v) => delete cluster(v).name,
        message: 'clusters[0].name is required, e.g. "prod-a"',
    },
    {
        rule: "a cluster name is a DNS label",
        change: (v) => (cluster(v).name = "Dev_A"),
        message:
            'clusters[0].name "Dev_A" is not a DNS label (lower-case letters, digits and "-", at most 63 characters); use e.g. "prod-a"',
    },
    {
        rule: "Rancher's own cluster name is refused",
        change: (v) => (cluster(v).name = "local"),
        message: 'clusters[0].name "local" is the name of Rancher\'s own cluster; use another name, e.g. "prod-a"',
    },
    {
        rule: "cluster names are unique",
        change: (v) => {
            const second = JSON.parse(JSON.stringify(cluster(v)));
            second.image.imageName = "ubuntu-2404-b";
            second.network.networkName = "dev-vlan111";
            second.rke2.registrationAddress = "10.110.0.11";
            v["drover:clusters"].push(second);
        },
        message: 'clusters[1].name "dev-a" is used twice (also by clusters[0]); give each cluster its own name',
    },
    {
        rule: "registration addresses are unique",
        change: (v) => {
            const second = JSON.parse(JSON.stringify(cluster(v)));
            second.name = "dev-b";
            second.image.imageName = "ubuntu-2404-b";
            second.network.networkName = "dev-vlan111";
            v["drover:clusters"].push(second);
        },
        message:
            'clusters[1].rke2.registrationAddress "10.110.0.10" is used twice (also by clusters[0]); give each cluster its own registration address',
    },
    {
        rule: "two clusters never sync the same Flux path",
        change: (v) => {
            const second = JSON.parse(JSON.stringify(cluster(v)));
            Object.assign(second, { name: "dev-b", flux: { path: "clusters/dev/dev-a" } });
            second.image.imageName = "ubuntu-2404-b";
            second.network.networkName = "dev-vlan111";
            second.rke2.registrationAddress = "10.110.0.11";
            v["drover:clusters"].push(second);
        },
        message:
            'clusters[1].flux.path "clusters/dev/dev-a" is synced by clusters[0] too (same repository and branch); give each cluster its own path',
    },
    {
        rule: "a namespace is required",
        change: (v) => delete cluster(v).namespace,
        message: 'clusters[0].namespace is required: the Harvester namespace of the VMs, e.g. "fleet-prod"',
    },
    {
        rule: "image and imageRef exclude each other",
        change: (v) => (cluster(v).imageRef = "default/ubuntu-2404"),
        message:
            "clusters[0].imageRef cannot be combined with image; create the boot image or reference an existing one, not both",
    },
    {
        rule: "an image or a reference is required",
        change: (v) => delete cluster(v).image,
        message:
            'clusters[0].image is required: give image to create the boot image, or imageRef ("namespace/name") to use an existing one',
    },
    {
        rule: "an image reference is namespace/name",
        change: (v) => {
            delete cluster(v).image;
            cluster(v).imageRef = "ubuntu-2404";
        },
        message:
            'clusters[0].imageRef "ubuntu-2404" is not a "namespace/name" reference; use e.g. "default/ubuntu-24.04"',
    },
    {
        rule: "the image URL is HarvesterImage's rule",
        change: (v) => (cluster(v).image.url = "ftp://files.example.internal/noble.img"),
        message:
            'clusters[0].image.url "ftp://files.example.internal/noble.img" is not an http(s):// or file:// URL; use e.g. "https://images.example.internal/jammy.img"',
    },
    {
        rule: "the image checksum is a SHA-512",
        change: (v) => (cluster(v).image.checksum = "abc123"),
        message:
            'clusters[0].image.checksum "abc123" is not a SHA-512 checksum (128 lower-case hex digits); use the output of `sha512sum <image>`',
    },
    {
        rule: "the VLAN id is HarvesterNetwork's rule",
        change: (v) => (cluster(v).network.vlanId = 5000),
        message: "clusters[0].network.vlanId 5000 must be a VLAN id (0 for untagged) from 0 to 4094",
    },
    {
        rule: "secureBoot is a boolean",
        change: (v) => (cluster(v).secureBoot = "yes"),
        message: 'clusters[0].secureBoot "yes" must be a boolean',
    },
    // RKE2, checked by Rke2Cluster's own schema.
    {
        rule: "an even server count is refused",
        change: (v) => (rke2(v).controlPlane.count = 2),
        message:
            "clusters[0].rke2.controlPlane.count 2 must be odd (1, 3, 5, 7 or 9) so etcd keeps quorum when a server is down; use 3",
    },
    {
        rule: "the RKE2 version is pinned",
        change: (v) => (rke2(v).version = "stable"),
        message: 'clusters[0].rke2.version "stable" is not an RKE2 release version; use e.g. "v1.31.4+rke2r1"',
    },
    {
        rule: "the registration address is required",
        change: (v) => delete rke2(v).registrationAddress,
        message:
            'clusters[0].rke2.registrationAddress is required; give the fixed address every node joins through (a VIP, DNS name or load balancer address), e.g. "10.10.0.10"',
    },
    {
        rule: "pod and service networks must not overlap",
        change: (v) => {
            rke2(v).clusterCidr = "10.42.0.0/16";
            rke2(v).serviceCidr = "10.42.128.0/17";
        },
        message:
            'clusters[0].rke2.serviceCidr "10.42.128.0/17" overlaps clusterCidr "10.42.0.0/16"; give pods and services ranges that do not overlap',
    },
    {
        rule: "an unknown CNI is refused",
        change: (v) => (rke2(v).cni = ["weave"]),
        message:
            'clusters[0].rke2.cni[0] "weave" is not supported; use one of "canal", "calico", "cilium", "flannel", "none", "multus"',
    },
    {
        rule: "CIS needs protect-kernel-defaults",
        stack: "prod",
        change: (v) => (rke2(v).protectKernelDefaults = false),
        message:
            'clusters[0].rke2.protectKernelDefaults false cannot be used with profile "cis", which requires protect-kernel-defaults; remove protectKernelDefaults or set it to true',
    },
    {
        rule: "a worker pool name is a DNS label",
        change: (v) => (rke2(v).workerPools[0].name = "General"),
        message:
            'clusters[0].rke2.workerPools[0].name "General" is not a DNS label (lower-case letters, digits and "-", at most 63 characters); use e.g. "general"',
    },
    {
        rule: "worker pool names are unique",
        change: (v) => rke2(v).workerPools.push({ ...rke2(v).workerPools[0] }),
        message:
            'clusters[0].rke2.workerPools[1].name "general" is used twice (also at index 0); give each a unique name',
    },
    {
        rule: "taints are key=value:Effect",
        change: (v) => (rke2(v).workerPools[0].taints = ["dedicated=gpu"]),
        message:
            'clusters[0].rke2.workerPools[0].taints[0] "dedicated=gpu" is not a taint; use "key=value:Effect" with Effect NoSchedule, PreferNoSchedule or NoExecute, e.g. "dedicated=gpu:NoSchedule"',
    },
    {
        rule: "a misspelt RKE2 key is refused",
        change: (v) => (rke2(v).verison = "v1.33.5+rke2r1"),
        message: "clusters[0].rke2.verison is not a known field; remove it or fix its spelling",
    },
    {
        rule: "the FleetCluster sets the RKE2 namespace",
        change: (v) => (rke2(v).namespace = "fleet-dev"),
        message: "clusters[0].rke2.namespace is set by the FleetCluster from the cluster's namespace; remove it",
    },
    // Secrets: never in plain configuration.
    {
        rule: "a join token in the configuration is refused",
        change: (v) => (rke2(v).token = "K10abc::server:secret"),
        message:
            "clusters[0].rke2.token is a secret and must not be in the stack configuration; remove it: drover generates the join token and keeps it secret, or store existing tokens encrypted: pulumi config set --secret drover:rke2JoinTokens <value>",
    },
    {
        rule: "the S3 secret key belongs in a secret",
        stack: "prod",
        change: (v) => (rke2(v).etcdSnapshotS3.secretKey = "s3cr3t"),
        message:
            "clusters[0].rke2.etcdSnapshotS3.secretKey is a secret and must not be in the stack configuration; remove it and store it encrypted: pulumi config set --secret drover:etcdS3SecretKey <value>",
    },
    {
        rule: "a registry password belongs in a secret",
        stack: "prod",
        change: (v) => (rke2(v).registryAuths[0].password = "hunter2"),
        message:
            "clusters[0].rke2.registryAuths[0].password is a secret and must not be in the stack configuration; remove it and store it encrypted: pulumi config set --secret drover:registryPassword <value>",
    },
    {
        rule: "a Git token belongs in a secret",
        change: (v) => (flux(v).httpsToken = "ghp_abc"),
        message:
            "flux.httpsToken is a secret and must not be in the stack configuration; remove it and store it encrypted: pulumi config set --secret drover:gitHttpsToken <value>",
    },
    {
        rule: "a drover secret set in plain text is refused",
        stack: "prod",
        change: () => undefined,
        secrets: secretsOf("prod", ["drover:registryPassword"]),
        plain: { "drover:registryPassword": "hunter2" },
        message:
            "registryPassword is stored in plain text in the stack configuration; store it encrypted: pulumi config set --secret drover:registryPassword <value>",
    },
    {
        rule: "a plain-text kubeconfig of another namespace is refused too",
        change: () => undefined,
        plain: { "kubernetes:kubeconfig": "apiVersion: v1\nkind: Config\n" },
        message:
            "kubernetes:kubeconfig is stored in plain text in the stack configuration; store it encrypted: pulumi config set --secret kubernetes:kubeconfig <value>",
    },
    {
        rule: "an unknown secret-looking key in plain text is refused twice over",
        change: () => undefined,
        plain: { "drover:adminPassword": "hunter2" },
        message: [
            'FleetConfig "dev": 2 problems:',
            "  - adminPassword is stored in plain text in the stack configuration; store it encrypted: pulumi config set --secret drover:adminPassword <value>",
            "  - adminPassword is not a known field; remove it or fix its spelling",
        ].join("\n"),
    },
    {
        rule: "a registry user needs the password secret",
        stack: "prod",
        change: () => undefined,
        secrets: secretsOf("prod", ["drover:registryPassword"]),
        message:
            "clusters[0].rke2.registryAuths[0].username needs a password; store it encrypted: pulumi config set --secret drover:registryPassword <value>",
    },
    {
        rule: "both etcd S3 keys or neither",
        stack: "prod",
        change: () => undefined,
        secrets: secretsOf("prod", ["drover:etcdS3SecretKey"]),
        message:
            "etcdS3SecretKey is required with the other etcd S3 key; store it encrypted: pulumi config set --secret drover:etcdS3SecretKey <value>",
    },
    {
        rule: "a secret for nothing is refused (a typo must not pass silently)",
        change: () => undefined,
        secrets: { ...secretsOf("dev"), "drover:gitHttpsToken": "ghp_abc" },
        message: "gitHttpsToken is set, but no cluster's Flux uses an https:// gitUrl; remove it",
    },
    {
        rule: "deploying needs the Harvester kubeconfig",
        change: () => undefined,
        secrets: secretsOf("dev", ["drover:harvesterKubeconfig"]),
        message:
            "harvesterKubeconfig is required to deploy: the kubeconfig of the Harvester cluster; store it encrypted: pulumi config set --secret drover:harvesterKubeconfig <value>, or set drover:platformStack to read it from the platform stack, or drover:renderDirectory to only render",
    },
    {
        rule: "registering in Rancher needs Rancher's kubeconfig",
        change: () => undefined,
        secrets: secretsOf("dev", ["drover:rancherKubeconfig"]),
        message:
            "rancherKubeconfig is required to register clusters in Rancher: the kubeconfig of Rancher's local cluster; store it encrypted: pulumi config set --secret drover:rancherKubeconfig <value>, or set drover:platformStack to read it from the platform stack, or drover:renderDirectory to only render",
    },
    {
        rule: "a platform stack replaces the kubeconfig secrets",
        change: (v) => (v["drover:platformStack"] = "organization/drover-platform/dev"),
        secrets: secretsOf("dev", ["drover:rancherKubeconfig"]),
        message: "harvesterKubeconfig cannot be combined with platformStack, which publishes it; remove one of them",
    },
    {
        rule: "a platform stack is a stack name",
        change: (v) => (v["drover:platformStack"] = "https://app.pulumi.com/org/platform/dev"),
        secrets: {},
        message:
            'platformStack "https://app.pulumi.com/org/platform/dev" is not a stack name; use "<organization>/<project>/<stack>", e.g. "organization/platform/prod"',
    },
    // Rancher, checked by RancherRegistration's schema.
    {
        rule: "Rancher's certificate must be verified",
        change: (v) => (v["drover:rancher"] = { versionManagement: "false" }),
        message:
            "rancher.caBundle is required to verify Rancher's certificate: give Rancher's CA (PEM) as caBundle or its SHA-256 as caChecksum, or set insecureSkipTlsVerify: true to skip verification (not recommended)",
    },
    {
        rule: "the CA checksum is a SHA-256",
        change: (v) => (v["drover:rancher"].caChecksum = "abc"),
        message:
            "rancher.caChecksum \"abc\" is not a SHA-256 checksum (64 hex digits); use sha256sum of Rancher's CA certificate, as for Rancher's --ca-checksum",
    },
    {
        rule: "Rancher's kubeconfig belongs in a secret",
        change: (v) => (v["drover:rancher"].rancherKubeconfig = "apiVersion: v1"),
        message:
            "rancher.rancherKubeconfig is a secret and must not be in the stack configuration; remove it and store it encrypted: pulumi config set --secret drover:rancherKubeconfig <value>",
    },
    {
        rule: "enabled is a boolean",
        change: (v) => (cluster(v).rancher.enabled = "yes"),
        message: 'clusters[0].rancher.enabled "yes" must be a boolean',
    },
    // Flux, checked by FluxBootstrap's schema.
    {
        rule: "an scp-like Git URL is refused with the ssh:// form",
        change: (v) => (flux(v).gitUrl = "git@git.example.internal:platform/fleet.git"),
        message:
            'flux.gitUrl "git@git.example.internal:platform/fleet.git" is an scp-like address, which Flux does not support; use "ssh://git@git.example.internal/platform/fleet.git"',
    },
    {
        rule: "known_hosts is required over SSH",
        change: (v) => delete flux(v).knownHosts,
        message:
            "flux.knownHosts is required for an ssh:// gitUrl (drover never trusts a host key on first use); pin the host key, e.g. the output of `ssh-keyscan -t ecdsa <git host>`",
    },
    {
        rule: "the Flux version is pinned",
        change: (v) => (flux(v).version = "latest"),
        message: 'flux.version "latest" is not a pinned Flux version; use e.g. "v2.7.0"',
    },
    {
        rule: "the sync interval is a duration",
        change: (v) => (flux(v).interval = "five minutes"),
        message: 'flux.interval "five minutes" is not a duration Flux accepts; use e.g. "1m0s" or "5m"',
    },
    {
        rule: "a cluster's Flux path stays inside the repository",
        change: (v) => (cluster(v).flux = { path: "../other" }),
        message:
            'clusters[0].flux.path "../other" is not a relative path inside the repository; use e.g. "clusters/dev/dev-a"',
    },
    {
        rule: "the FleetCluster passes Flux the kubeconfig",
        change: (v) => (flux(v).kubeconfig = "apiVersion: v1"),
        message: "flux.kubeconfig is set by the FleetCluster from the RKE2 cluster's kubeconfig; remove it",
    },
    {
        rule: "a render stack cannot run Flux in manifests mode without retainOnDelete",
        stack: "local",
        change: (v) => {
            flux(v).mode = "manifests";
            flux(v).installManifest = flux(v).operatorManifest;
            delete flux(v).operatorManifest;
        },
        message:
            'flux.mode "manifests" needs the cluster\'s kubeconfig to remove Flux on destroy, and a rendering FleetCluster has none; use mode "operator" or set retainOnDelete: true',
    },
    // Existing node key and join tokens (secrets).
    {
        rule: "a node SSH key in the configuration is refused",
        change: (v) => (rke2(v).sshPrivateKey = "-----BEGIN OPENSSH PRIVATE KEY-----"),
        message:
            "clusters[0].rke2.sshPrivateKey is a secret and must not be in the stack configuration; remove it and store it encrypted: pulumi config set --secret drover:nodeSshPrivateKey <value>",
    },
    {
        rule: "the node SSH key is a private key",
        change: () => undefined,
        secrets: { ...secretsOf("dev"), "drover:nodeSshPrivateKey": "ssh-ed25519 AAAA-a-public-key" },
        message:
            'nodeSshPrivateKey is not a PEM or OpenSSH private key; give the whole "-----BEGIN ... PRIVATE KEY-----" block',
    },
    {
        rule: "the join tokens are a JSON map",
        change: () => undefined,
        secrets: { ...secretsOf("dev"), "drover:rke2JoinTokens": "K10-not-json" },
        message:
            'rke2JoinTokens is not a JSON object of cluster name to token; store e.g. \'{"dev-a":"<token>"}\' with pulumi config set --secret drover:rke2JoinTokens <value>',
    },
    {
        rule: "the join tokens cover every cluster and no other",
        change: () => undefined,
        secrets: { ...secretsOf("dev"), "drover:rke2JoinTokens": '{"dev-b":"tok"}' },
        message:
            'FleetConfig "dev": 2 problems:\n  - rke2JoinTokens has no token for cluster "dev-a"; add one, or remove the key to let drover generate every token\n  - rke2JoinTokens has a token for "dev-b", which is not a configured cluster; remove it or fix the name',
    },
    // The policy config of the environment.
    {
        rule: "the policy config is this environment's",
        stack: "staging",
        change: (v) => (v["drover:policyConfig"] = "policies/config/prod.json"),
        message:
            'policyConfig "policies/config/prod.json" sets environment "prod" for harvester-vm-no-management-network, but this stack\'s environment is "staging"; use the file of this environment',
    },
    {
        rule: "mandatory enforcement needs a policy config",
        stack: "prod",
        change: (v) => delete v["drover:policyConfig"],
        message:
            'policyConfig is required when requireMandatoryPolicies is true; give the policy pack\'s config file, e.g. "policies/config/prod.json"',
    },
    {
        rule: "the policy config exists",
        change: (v) => (v["drover:policyConfig"] = "policies/config/develop.json"),
        message: `policyConfig "policies/config/develop.json" does not exist (looked for "${process.cwd()}/policies/config/develop.json"); give a file of policies/config/`,
    },
    {
        rule: "requireMandatoryPolicies is a boolean",
        change: (v) => (v["drover:requireMandatoryPolicies"] = "yes"),
        message: 'requireMandatoryPolicies "yes" must be a boolean',
    },
];

describe("malformed environments fail with their exact error, before anything is registered", () => {
    test("there are at least 40 cases", () => {
        expect(cases.length).toBeGreaterThanOrEqual(40);
    });

    test.each(cases)("$rule", async (c) => {
        const stack = c.stack ?? "dev";
        const values = JSON.parse(JSON.stringify(stackFile(stack))) as Values;
        c.change(values);
        const run = await runStack(stack, values, { secrets: c.secrets ?? secretsOf(stack), plain: c.plain });
        expect(DroverInputError.isDroverInputError(run.error)).toBe(true);
        const message = (run.error as Error).message;
        expect(message).toBe(c.message.startsWith("FleetConfig ") ? c.message : `FleetConfig "${stack}": ${c.message}`);
        // Only the root Stack resource, which the runtime registers before the program runs.
        expect(run.recorded.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
    });
});

test("every problem of an environment is reported at once", async () => {
    const values = JSON.parse(JSON.stringify(stackFile("prod"))) as Values;
    rke2(values).controlPlane.count = 4;
    flux(values).version = "2.x";
    cluster(values).image.url = "ftp://x";
    const { error, recorded } = await runStack("prod", values);
    expect(recorded.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
    expect((error as Error).message).toBe(
        [
            'FleetConfig "prod": 3 problems:',
            '  - clusters[0].image.url "ftp://x" is not an http(s):// or file:// URL; use e.g. "https://images.example.internal/jammy.img"',
            "  - clusters[0].rke2.controlPlane.count 4 must be odd (1, 3, 5, 7 or 9) so etcd keeps quorum when a server is down; use 3",
            '  - flux.version "2.x" is not a pinned Flux version; use e.g. "v2.7.0"',
        ].join("\n"),
    );
    expect((error as { problems: unknown[] }).problems).toHaveLength(3);
});
