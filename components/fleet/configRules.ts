import { InputProblem } from "../common/errors";
import { defaultFluxPath } from "./args";
import { FleetClusterConfig } from "./configClusters";
import { SecretsPresent, setSecretCommand } from "./configSecrets";

type Loose = Record<string, unknown>;

function obj(v: unknown): Loose | undefined {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Loose) : undefined;
}

/** Reports every value after its first use: `clusters[j].<field> "x" is used twice (also at clusters[i])`. */
function unique(
    clusters: FleetClusterConfig[],
    key: (c: FleetClusterConfig) => string | undefined,
    field: string,
    shown: (c: FleetClusterConfig) => unknown,
    what: string,
): InputProblem[] {
    const seen = new Map<string, number>();
    const problems: InputProblem[] = [];
    clusters.forEach((c, i) => {
        const k = key(c);
        if (k === undefined) {
            return;
        }
        const first = seen.get(k);
        if (first === undefined) {
            seen.set(k, i);
        } else {
            problems.push({
                path: `clusters[${i}].${field}`,
                value: shown(c),
                reason: `is used twice (also by clusters[${first}]); give each cluster its own ${what}`,
            });
        }
    });
    return problems;
}

/** Values two clusters of one environment must not share. */
export function duplicateProblems(clusters: FleetClusterConfig[], environment: string): InputProblem[] {
    const created = (c: FleetClusterConfig, part: "image" | "network", nameKey: string) => {
        const p = obj(c[part]);
        if (!p) {
            return undefined;
        }
        return `${String(p.namespace ?? c.namespace)}/${String(p[nameKey] ?? `${c.name}-${part}`)}`;
    };
    return [
        ...unique(
            clusters,
            (c) => c.name,
            "name",
            (c) => c.name,
            "name",
        ),
        ...unique(
            clusters,
            (c) => str(c.rke2.registrationAddress),
            "rke2.registrationAddress",
            (c) => c.rke2.registrationAddress,
            "registration address",
        ),
        ...unique(
            clusters,
            (c) => created(c, "image", "imageName"),
            "image.imageName",
            (c) => created(c, "image", "imageName"),
            "image (namespace/imageName)",
        ),
        ...unique(
            clusters,
            (c) => created(c, "network", "networkName"),
            "network.networkName",
            (c) => created(c, "network", "networkName"),
            "network (namespace/networkName)",
        ),
        ...fluxDuplicates(clusters, environment),
    ];
}

/** Two clusters syncing the same path of the same branch would fight; default paths collide only with names. */
function fluxDuplicates(clusters: FleetClusterConfig[], environment: string): InputProblem[] {
    const seen = new Map<string, { index: number; explicit: boolean }>();
    const problems: InputProblem[] = [];
    clusters.forEach((c, i) => {
        if (c.flux === undefined) {
            return;
        }
        const path = fluxPath(c, environment);
        const k = `${String(c.flux.gitUrl)}#${String(c.flux.branch ?? "main")}#${path}`;
        const explicit = c.flux.path !== undefined;
        const first = seen.get(k);
        if (first === undefined) {
            seen.set(k, { index: i, explicit });
        } else if (explicit || first.explicit) {
            problems.push({
                path: `clusters[${i}].flux.path`,
                value: path,
                reason: `is synced by clusters[${first.index}] too (same repository and branch); give each cluster its own path`,
            });
        }
    });
    return problems;
}

/** The path a cluster's Flux syncs, without "./" and trailing "/". */
function fluxPath(c: FleetClusterConfig, environment: string): string {
    return String(c.flux?.path ?? defaultFluxPath(environment, c.name))
        .replace(/^\.\//, "")
        .replace(/\/+$/, "");
}

function str(v: unknown): string | undefined {
    return typeof v === "string" ? v : undefined;
}

function isHttps(c: FleetClusterConfig): boolean {
    return typeof c.flux?.gitUrl === "string" && /^https?:\/\//i.test(c.flux.gitUrl.trim());
}

/** Where each `drover:` secret is needed, and secrets set for nothing (a typo must not pass silently). */
export function configUsageProblems(s: {
    clusters: FleetClusterConfig[];
    secrets: SecretsPresent;
    render: boolean;
    platformStack?: string;
}): InputProblem[] {
    const problems: InputProblem[] = [];
    const add = (path: string, reason: string) => problems.push({ path, value: undefined, reason });
    const { clusters, secrets } = s;
    if (!s.render) {
        const needed: Array<["harvesterKubeconfig" | "rancherKubeconfig", boolean, string]> = [
            ["harvesterKubeconfig", true, "to deploy: the kubeconfig of the Harvester cluster"],
            [
                "rancherKubeconfig",
                clusters.some((c) => c.rancher !== undefined),
                "to register clusters in Rancher: the kubeconfig of Rancher's local cluster",
            ],
        ];
        for (const [key, need, why] of needed) {
            if (s.platformStack !== undefined && secrets[key]) {
                add(key, "cannot be combined with platformStack, which publishes it; remove one of them");
            } else if (need && s.platformStack === undefined && !secrets[key]) {
                add(
                    key,
                    `is required ${why}; store it encrypted: ${setSecretCommand(`drover:${key}`)}, or set drover:platformStack to read it from the platform stack, or drover:renderDirectory to only render`,
                );
            }
        }
    }
    const s3 = clusters.some((c) => obj(c.rke2.etcdSnapshotS3) !== undefined);
    if (secrets.etcdS3AccessKey !== secrets.etcdS3SecretKey) {
        const missing = secrets.etcdS3AccessKey ? "etcdS3SecretKey" : "etcdS3AccessKey";
        add(
            missing,
            `is required with the other etcd S3 key; store it encrypted: ${setSecretCommand(`drover:${missing}`)}`,
        );
    }
    for (const key of ["etcdS3AccessKey", "etcdS3SecretKey"] as const) {
        if (secrets[key] && !s3) {
            add(key, "is set, but no cluster sets rke2.etcdSnapshotS3; remove it or configure the snapshot bucket");
        }
    }
    let usesPassword = false;
    clusters.forEach((c, i) => {
        (Array.isArray(c.rke2.registryAuths) ? c.rke2.registryAuths : []).forEach((a: unknown, j: number) => {
            if (obj(a)?.username === undefined) {
                return;
            }
            usesPassword = true;
            if (!secrets.registryPassword) {
                add(
                    `clusters[${i}].rke2.registryAuths[${j}].username`,
                    `needs a password; store it encrypted: ${setSecretCommand("drover:registryPassword")}`,
                );
            }
        });
    });
    if (secrets.registryPassword && !usesPassword) {
        add(
            "registryPassword",
            "is set, but no cluster has rke2.registryAuths with a username; remove it or add the username",
        );
    }
    if (secrets.gitHttpsToken && !clusters.some((c) => isHttps(c))) {
        add("gitHttpsToken", "is set, but no cluster's Flux uses an https:// gitUrl; remove it");
    }
    if (secrets.gitSshPrivateKey && !clusters.some((c) => c.flux !== undefined && !isHttps(c))) {
        add("gitSshPrivateKey", "is set, but no cluster's Flux uses an ssh:// gitUrl; remove it");
    }
    return problems;
}
