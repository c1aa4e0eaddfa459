import * as path from "path";
import { InputProblem } from "../common/errors";
import { formatPath } from "../common/validation";
import { isManifestUrl } from "../flux/manifest";
import { CLUSTER_KEYS } from "./configSchema";
import { SecretsPresent, stripFluxSecrets, stripRancherSecrets, stripRke2Secrets } from "./configSecrets";
import { GivenLater } from "./partProblems";
import { fleetClusterProblems } from "./validate";
import { FleetClusterArgs } from "./args";

type Loose = Record<string, unknown>;

/** One cluster of the environment as configured: {@link FleetClusterArgs} in plain values, secrets not included. */
export interface FleetClusterConfig {
    /** The cluster's name: the FleetCluster's resource name and cluster name. */
    name: string;
    /** Harvester namespace of the VMs. */
    namespace: string;
    /** An image to create (FleetImageArgs). @default - none; imageRef is given */
    image?: Loose;
    /** An existing image, `namespace/name`. @default - none; image is given */
    imageRef?: string;
    /** A VM network to create (FleetNetworkArgs). @default - none; networkRef is given */
    network?: Loose;
    /** An existing VM network, `namespace/name`. @default - none; network is given */
    networkRef?: string;
    /** EFI secure boot for every node VM. @default false */
    secureBoot?: boolean;
    /** The RKE2 part, without secrets (they come from the `drover:` secret keys). */
    rke2: Loose;
    /** The Rancher part, environment settings merged under the cluster's. @default - absent: Rancher is off */
    rancher?: Loose;
    /** The Flux part, environment settings merged under the cluster's. @default - absent: Flux is off */
    flux?: Loose;
}

/** What every cluster of the environment shares. */
export interface EnvironmentContext {
    /** The environment (a valid stand-in when the configured one is not). */
    environment: string;
    /** Render mode (`drover:renderDirectory` is set). */
    render: boolean;
    /** The project directory, for relative paths. */
    rootDirectory: string;
    /** The environment's `drover:rancher` block, secrets removed. @default - not configured */
    rancher?: Loose;
    /** The environment's `drover:flux` block, secrets removed. @default - not configured */
    flux?: Loose;
    /** Which secrets are set. */
    secrets: SecretsPresent;
}

const GIVEN = new GivenLater();

function obj(v: unknown): Loose | undefined {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Loose) : undefined;
}

function at(base: string, rest: Array<string | number>): string {
    return formatPath([base, ...rest]).replace(/^\./, "");
}

/** Where a part's key was written: in the cluster's block or in the environment's. */
type Origin = (key: string) => "env" | "cluster";

function originOf(envBlock: Loose | undefined, clusterBlock: Loose | undefined): Origin {
    return (key) => {
        if (clusterBlock?.[key] !== undefined) {
            return "cluster";
        }
        if (envBlock?.[key] !== undefined) {
            return "env";
        }
        // A missing key belongs where the part is mainly configured.
        return envBlock !== undefined && Object.keys(envBlock).length > 0 ? "env" : "cluster";
    };
}

/** Moves a problem from the FleetCluster's argument paths to the configuration's. */
function routed(p: InputProblem, i: number, origins: Record<"rancher" | "flux", Origin>): InputProblem {
    const inCluster = (sub: string) => ({ ...p, path: `clusters[${i}].${sub}` });
    if (p.path === "clusterName") {
        return inCluster("name");
    }
    if (p.path === "environment" || p.path === "renderDirectory") {
        return p;
    }
    const m = /^(rancher|flux)(?:\.([A-Za-z0-9]+))?/.exec(p.path);
    if (m && m[2] !== undefined && origins[m[1] as "rancher" | "flux"](m[2]) === "env") {
        return p;
    }
    return inCluster(p.path);
}

/** The enabled flag and the merged settings of an optional part. */
function mergePart(
    part: "rancher" | "flux",
    envBlock: Loose | undefined,
    clusterRaw: unknown,
    i: number,
    problems: InputProblem[],
): { settings?: Loose; block?: Loose } {
    if (clusterRaw !== undefined && obj(clusterRaw) === undefined) {
        problems.push({ path: `clusters[${i}].${part}`, value: clusterRaw, reason: "must be a map of settings" });
        return {};
    }
    const strip = part === "rancher" ? stripRancherSecrets : stripFluxSecrets;
    const { clean, found } = strip(obj(clusterRaw) ?? {});
    problems.push(
        ...found.map((f) => ({ path: at(`clusters[${i}].${part}`, f.path), value: undefined, reason: f.reason })),
    );
    const enabled = clean.enabled ?? envBlock?.enabled;
    if (enabled !== undefined && typeof enabled !== "boolean") {
        const where = clean.enabled !== undefined ? `clusters[${i}].${part}.enabled` : `${part}.enabled`;
        problems.push({ path: where, value: enabled, reason: "must be a boolean" });
    }
    const { enabled: _e1, ...envRest } = envBlock ?? {};
    const { enabled: _e2, ...clusterRest } = clean;
    const merged = { ...envRest, ...clusterRest };
    const on = enabled === true || (enabled !== false && Object.keys(merged).length > 0);
    return { settings: on ? merged : undefined, block: obj(clusterRaw) };
}

/** Local install manifests are relative to the project, not to the program's working directory. */
function resolveManifests(flux: Loose, root: string): Loose {
    const out = { ...flux };
    for (const k of ["installManifest", "operatorManifest"]) {
        const v = out[k];
        if (typeof v === "string" && v.trim() !== "" && !isManifestUrl(v) && !/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(v)) {
            out[k] = path.resolve(root, v);
        }
    }
    return out;
}

/** The RKE2 part with markers where a secret from the `drover:` secret keys will be filled in. */
function withRke2SecretMarkers(rke2: Loose, secrets: SecretsPresent): Loose {
    const out: Loose = {
        ...rke2,
        ...(secrets.nodeSshPrivateKey ? { sshPrivateKey: GIVEN } : {}),
        ...(secrets.rke2JoinTokens ? { token: GIVEN } : {}),
    };
    const s3 = obj(out.etcdSnapshotS3);
    if (s3 && secrets.etcdS3AccessKey && secrets.etcdS3SecretKey) {
        out.etcdSnapshotS3 = { ...s3, accessKey: GIVEN, secretKey: GIVEN };
    }
    if (Array.isArray(out.registryAuths) && secrets.registryPassword) {
        out.registryAuths = out.registryAuths.map((a) =>
            obj(a)?.username !== undefined ? { ...obj(a), password: GIVEN } : a,
        );
    }
    return out;
}

function withFluxSecretMarkers(flux: Loose, secrets: SecretsPresent): Loose {
    const https = typeof flux.gitUrl === "string" && /^https?:\/\//i.test(flux.gitUrl.trim());
    return {
        ...flux,
        ...(https && secrets.gitHttpsToken ? { httpsToken: GIVEN } : {}),
        ...(!https && secrets.gitSshPrivateKey ? { sshPrivateKey: GIVEN } : {}),
    };
}

/**
 * Checks one `clusters[i]` entry with FleetCluster's own validation (and so with each component's schema), and
 * returns it with the environment's Rancher and Flux settings merged in. Problems carry configuration paths.
 */
export function parseClusterEntry(
    entry: unknown,
    i: number,
    env: EnvironmentContext,
): { cluster?: FleetClusterConfig; problems: InputProblem[] } {
    const e = obj(entry);
    if (!e) {
        return { problems: [{ path: `clusters[${i}]`, value: entry, reason: "must be a map of cluster settings" }] };
    }
    const problems: InputProblem[] = Object.keys(e)
        .filter((k) => !(CLUSTER_KEYS as readonly string[]).includes(k))
        .map((k) => ({
            path: `clusters[${i}].${k}`,
            value: undefined,
            reason: "is not a known field; remove it or fix its spelling",
        }));
    const named = typeof e.name === "string";
    if (e.name === undefined) {
        problems.push({ path: `clusters[${i}].name`, value: undefined, reason: 'is required, e.g. "prod-a"' });
    }
    const name = named ? (e.name as string) : `cluster-${i}`;
    let rke2 = e.rke2;
    const r = obj(e.rke2);
    if (r) {
        const { clean, found } = stripRke2Secrets(r);
        problems.push(
            ...found.map((f) => ({ path: at(`clusters[${i}].rke2`, f.path), value: undefined, reason: f.reason })),
        );
        rke2 = clean;
    }
    const rancher = mergePart("rancher", env.rancher, e.rancher, i, problems);
    const flux = mergePart("flux", env.flux, e.flux, i, problems);
    const fluxSettings = flux.settings && resolveManifests(flux.settings, env.rootDirectory);
    const live = !env.render;
    const args = {
        environment: env.environment,
        clusterName: e.name,
        namespace: e.namespace,
        image: e.image,
        imageRef: e.imageRef,
        network: e.network,
        networkRef: e.networkRef,
        secureBoot: e.secureBoot,
        rke2: obj(rke2) ? withRke2SecretMarkers(rke2 as Loose, env.secrets) : rke2,
        rancher:
            rancher.settings &&
            (live ? { ...rancher.settings, rancherProvider: GIVEN, rancherKubeconfig: GIVEN } : rancher.settings),
        flux: fluxSettings && withFluxSecretMarkers(fluxSettings, env.secrets),
        ...(live ? { harvesterProvider: GIVEN } : { renderDirectory: "render" }),
    } as unknown as FleetClusterArgs;
    const origins = { rancher: originOf(env.rancher, rancher.block), flux: originOf(env.flux, flux.block) };
    problems.push(
        ...fleetClusterProblems(name, args, (v) => v instanceof GivenLater)
            .filter((p) => named || p.path !== "clusterName")
            .map((p) => routed(p, i, origins)),
    );
    const cluster: FleetClusterConfig = {
        name,
        namespace: e.namespace as string,
        ...(e.image !== undefined ? { image: e.image as Loose } : {}),
        ...(e.imageRef !== undefined ? { imageRef: e.imageRef as string } : {}),
        ...(e.network !== undefined ? { network: e.network as Loose } : {}),
        ...(e.networkRef !== undefined ? { networkRef: e.networkRef as string } : {}),
        ...(e.secureBoot !== undefined ? { secureBoot: e.secureBoot as boolean } : {}),
        rke2: (obj(rke2) ?? {}) as Loose,
        ...(rancher.settings ? { rancher: rancher.settings } : {}),
        ...(fluxSettings ? { flux: fluxSettings } : {}),
    };
    return { cluster, problems };
}
