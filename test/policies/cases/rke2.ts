import { rke2ApprovedSystemRegistry } from "../../../policies/rke2/Rke2Cluster/approvedSystemRegistry";
import { rke2EtcdSnapshotRetention } from "../../../policies/rke2/Rke2Cluster/etcdSnapshotRetention";
import { rke2KubeconfigMode } from "../../../policies/rke2/Rke2Cluster/kubeconfigMode";
import { rke2NoPlaintextToken } from "../../../policies/rke2/Rke2Cluster/noPlaintextToken";
import { rke2CisProfile } from "../../../policies/rke2/Rke2Cluster/requireCisProfile";
import { rke2EtcdSnapshotOffsite } from "../../../policies/rke2/Rke2Cluster/requireOffsiteEtcdSnapshots";
import { rke2ServerCountOdd } from "../../../policies/rke2/Rke2Cluster/requireOddServerCount";
import { rke2PinnedVersion } from "../../../policies/rke2/Rke2Cluster/requirePinnedVersion";
import { rke2SecretsEncryptionProvider } from "../../../policies/rke2/Rke2Cluster/requireSecretsEncryptionProvider";
import { Rke2Settings } from "../../../policies/lib/settings";
import { changed } from "../support/harness";
import { rke2AgentPoolSettings, rke2ServerPoolSettings, rke2Settings } from "../support/fixtures";
import { ResourceCase } from "./types";

const CLUSTER = "drover:index:Rke2Cluster";
const POOL = "drover:index:Rke2NodePool";
const PROD = { environment: "prod" };
const DEV_NA = 'checked only in staging and prod; this stack\'s environment is "dev"';
const AGENT_NA = "agent pools run no etcd, API server or kubeconfig";

/** The cluster's registered props with one settings field changed. */
function cluster(path: Array<string | number> = [], value?: unknown): Record<string, unknown> {
    const settings = path.length === 0 ? rke2Settings() : changed(rke2Settings(), path, value);
    return { settings };
}

function pool(settings: Rke2Settings): Record<string, unknown> {
    return { settings };
}

export const rke2Cases: ResourceCase[] = [
    // rke2-server-count-odd
    { policy: rke2ServerCountOdd, name: "passes 3 servers", type: CLUSTER, props: cluster(), violations: [] },
    {
        policy: rke2ServerCountOdd,
        name: "flags an even server count",
        type: CLUSTER,
        props: cluster(["serverCount"], 4),
        violations: [
            "settings.serverCount 4 is even; etcd keeps quorum with (n/2)+1 members, so use an odd number of servers (3 or 5)",
        ],
    },
    {
        policy: rke2ServerCountOdd,
        name: "flags more servers than maxServers",
        type: CLUSTER,
        props: cluster(["serverCount"], 7),
        config: { maxServers: 5 },
        violations: [
            "settings.serverCount 7 is more than maxServers 5; every etcd member slows writes, use 3 or 5 servers",
        ],
    },
    {
        policy: rke2ServerCountOdd,
        name: "flags an even server pool",
        type: POOL,
        props: pool({ ...rke2ServerPoolSettings(), count: 2 }),
        violations: [
            "settings.count 2 is even; etcd keeps quorum with (n/2)+1 members, so use an odd number of servers (3 or 5)",
        ],
    },
    {
        policy: rke2ServerCountOdd,
        name: "does not apply to agent pools",
        type: POOL,
        props: pool({ ...rke2AgentPoolSettings(), count: 4 }),
        violations: [],
        notApplicable: AGENT_NA,
    },

    // rke2-cis-profile
    {
        policy: rke2CisProfile,
        name: "passes a CIS cluster",
        type: CLUSTER,
        props: cluster(),
        config: PROD,
        violations: [],
    },
    {
        policy: rke2CisProfile,
        name: "flags a cluster without a profile in prod",
        type: CLUSTER,
        props: cluster(["profile"], undefined),
        config: PROD,
        violations: ['settings.profile is not set; production clusters run RKE2\'s CIS profile, set profile "cis"'],
    },
    {
        policy: rke2CisProfile,
        name: "flags the etcd profile on an agent pool in staging",
        type: POOL,
        props: pool({ ...rke2AgentPoolSettings(), profile: "etcd" }),
        config: { environment: "staging" },
        violations: ['settings.profile is "etcd"; production clusters run RKE2\'s CIS profile, set profile "cis"'],
    },
    {
        policy: rke2CisProfile,
        name: "does not apply in dev",
        type: CLUSTER,
        props: cluster(["profile"], undefined),
        config: { environment: "dev" },
        violations: [],
        notApplicable: DEV_NA,
    },

    // rke2-secrets-encryption-provider
    {
        policy: rke2SecretsEncryptionProvider,
        name: "passes secretbox",
        type: CLUSTER,
        props: cluster(),
        violations: [],
    },
    {
        policy: rke2SecretsEncryptionProvider,
        name: "flags an unset provider",
        type: CLUSTER,
        props: cluster(["secretsEncryptionProvider"], undefined),
        violations: [
            'settings.secretsEncryptionProvider is not set; choose the provider explicitly: "secretbox" (RKE2 v1.30.12+) or "aescbc"',
        ],
    },
    {
        policy: rke2SecretsEncryptionProvider,
        name: "flags a provider outside allowedProviders",
        type: CLUSTER,
        props: cluster(["secretsEncryptionProvider"], "aescbc"),
        config: { allowedProviders: ["secretbox"] },
        violations: [
            'settings.secretsEncryptionProvider "aescbc" is not in allowedProviders ["secretbox"]; use one of them',
        ],
    },
    {
        policy: rke2SecretsEncryptionProvider,
        name: "does not apply to agent pools",
        type: POOL,
        props: pool({ ...rke2AgentPoolSettings(), secretsEncryptionProvider: undefined }),
        violations: [],
        notApplicable: AGENT_NA,
    },

    // rke2-etcd-snapshot-offsite
    {
        policy: rke2EtcdSnapshotOffsite,
        name: "passes an S3 target in prod",
        type: CLUSTER,
        props: cluster(),
        config: PROD,
        violations: [],
    },
    {
        policy: rke2EtcdSnapshotOffsite,
        name: "flags snapshots kept only on the servers",
        type: CLUSTER,
        props: cluster(["etcdSnapshot", "s3"], undefined),
        config: PROD,
        violations: [
            "settings.etcdSnapshot.s3 is not set; snapshots stay on the server disks and are lost with them, configure an S3 target",
        ],
    },
    {
        policy: rke2EtcdSnapshotOffsite,
        name: "flags an S3 target without a bucket on a server pool",
        type: POOL,
        props: pool(changed(rke2ServerPoolSettings(), ["etcdSnapshot", "s3", "bucket"], "")),
        config: PROD,
        violations: ["settings.etcdSnapshot.s3.bucket is empty; set the S3 bucket for snapshot uploads"],
    },
    {
        policy: rke2EtcdSnapshotOffsite,
        name: "does not apply in dev",
        type: CLUSTER,
        props: cluster(["etcdSnapshot", "s3"], undefined),
        config: { environment: "dev" },
        violations: [],
        notApplicable: DEV_NA,
    },

    // rke2-etcd-snapshot-retention
    {
        policy: rke2EtcdSnapshotRetention,
        name: "passes 10 snapshots",
        type: CLUSTER,
        props: cluster(),
        violations: [],
    },
    {
        policy: rke2EtcdSnapshotRetention,
        name: "passes RKE2's default of 5",
        type: CLUSTER,
        props: cluster(["etcdSnapshot", "retention"], undefined),
        violations: [],
    },
    {
        policy: rke2EtcdSnapshotRetention,
        name: "flags too few snapshots",
        type: CLUSTER,
        props: cluster(["etcdSnapshot", "retention"], 1),
        violations: ["settings.etcdSnapshot.retention 1 is below minRetention 3; keep at least 3 snapshots"],
    },
    {
        policy: rke2EtcdSnapshotRetention,
        name: "flags too many snapshots",
        type: CLUSTER,
        props: cluster(["etcdSnapshot", "retention"], 500),
        violations: [
            "settings.etcdSnapshot.retention 500 is above maxRetention 50; snapshots fill the servers' disks, keep at most 50",
        ],
    },
    {
        policy: rke2EtcdSnapshotRetention,
        name: "flags RKE2's default when minRetention is above it",
        type: CLUSTER,
        props: cluster(["etcdSnapshot", "retention"], undefined),
        config: { minRetention: 7 },
        violations: [
            "settings.etcdSnapshot.retention is not set (RKE2 keeps 5), which is below minRetention 7; keep at least 7 snapshots",
        ],
    },

    // rke2-kubeconfig-mode
    { policy: rke2KubeconfigMode, name: "passes 0600", type: CLUSTER, props: cluster(), violations: [] },
    {
        policy: rke2KubeconfigMode,
        name: "passes an unset mode (RKE2 writes 0600)",
        type: CLUSTER,
        props: cluster(["writeKubeconfigMode"], ""),
        violations: [],
    },
    {
        policy: rke2KubeconfigMode,
        name: "flags a world-readable kubeconfig",
        type: CLUSTER,
        props: cluster(["writeKubeconfigMode"], "0644"),
        violations: ['settings.writeKubeconfigMode "0644" lets group or others read the admin kubeconfig; use "0600"'],
    },
    {
        policy: rke2KubeconfigMode,
        name: "flags a mode that is not octal",
        type: CLUSTER,
        props: cluster(["writeKubeconfigMode"], "rw-------"),
        violations: ['settings.writeKubeconfigMode "rw-------" is not an octal file mode; use "0600"'],
    },

    // rke2-pinned-version
    { policy: rke2PinnedVersion, name: "passes a full release", type: CLUSTER, props: cluster(), violations: [] },
    {
        policy: rke2PinnedVersion,
        name: "flags the stable channel",
        type: CLUSTER,
        props: cluster(["version"], "stable"),
        violations: ['settings.version "stable" is a release channel; pin a release such as "v1.33.5+rke2r1"'],
    },
    {
        policy: rke2PinnedVersion,
        name: "flags a minor-version channel on a pool",
        type: POOL,
        props: pool({ ...rke2AgentPoolSettings(), version: "v1.33" }),
        violations: ['settings.version "v1.33" is a release channel; pin a release such as "v1.33.5+rke2r1"'],
    },
    {
        policy: rke2PinnedVersion,
        name: "flags a version without the rke2 suffix",
        type: CLUSTER,
        props: cluster(["version"], "v1.33.5"),
        violations: ['settings.version "v1.33.5" is not a full RKE2 release; pin a release such as "v1.33.5+rke2r1"'],
    },

    // rke2-approved-system-registry
    {
        policy: rke2ApprovedSystemRegistry,
        name: "passes an approved registry",
        type: CLUSTER,
        props: cluster(),
        config: { approvedRegistries: ["registry.internal:5000"] },
        violations: [],
    },
    {
        policy: rke2ApprovedSystemRegistry,
        name: "flags a registry not on the list",
        type: CLUSTER,
        props: cluster(["systemDefaultRegistry"], "docker.io"),
        config: { approvedRegistries: ["registry.internal:5000"] },
        violations: [
            'settings.systemDefaultRegistry "docker.io" is not in approvedRegistries ["registry.internal:5000"]; use an approved registry or add it to the policy config',
        ],
    },
    {
        policy: rke2ApprovedSystemRegistry,
        name: "flags an air-gapped cluster without a system registry",
        type: CLUSTER,
        props: cluster(["systemDefaultRegistry"], undefined),
        config: { approvedRegistries: ["registry.internal:5000"] },
        violations: [
            'settings.systemDefaultRegistry is not set on an air-gapped cluster; set it to one of approvedRegistries ["registry.internal:5000"]',
        ],
    },
    {
        policy: rke2ApprovedSystemRegistry,
        name: "fails closed when no registry is approved",
        type: CLUSTER,
        props: cluster(),
        violations: [
            'settings.systemDefaultRegistry "registry.internal:5000" is not in approvedRegistries []; use an approved registry or add it to the policy config',
        ],
    },
    {
        policy: rke2ApprovedSystemRegistry,
        name: "does not apply to connected clusters",
        type: CLUSTER,
        props: cluster(["airGapped"], false),
        violations: [],
        notApplicable: "the cluster is not air-gapped",
    },

    // rke2-no-plaintext-token
    { policy: rke2NoPlaintextToken, name: "passes a generated token", type: CLUSTER, props: cluster(), violations: [] },
    {
        policy: rke2NoPlaintextToken,
        name: "passes a token passed as a secret",
        type: POOL,
        props: pool({ ...rke2ServerPoolSettings(), tokenSource: "secret-input" }),
        violations: [],
    },
    {
        policy: rke2NoPlaintextToken,
        name: "flags a plaintext token",
        type: CLUSTER,
        props: cluster(["tokenSource"], "plaintext-input"),
        violations: [
            'settings.tokenSource is "plaintext-input": the join token was passed as a plain string; pass it as a secret (config --secret, pulumi.secret) or let drover generate it',
        ],
    },
];
