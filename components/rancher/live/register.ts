// Serialized into state with the dynamic provider: see the note at the top of http.ts.
import { AgentObject, applyAgent, describeAgent, removeAgent } from "./agent";
import { HttpTransport, nodeTransport } from "./http";
import { createKubeClient, KubeClient } from "./kubeClient";
import { parseKubeconfig } from "./kubeconfig";
import { fetchImportManifest, parseManifest } from "./manifest";
import { rancherPaths, tokenFromSecret, tokenState, TokenSource, substituteToken } from "./rancherObjects";
import {
    checkServerUrl,
    clusterLabel,
    RancherTarget,
    removeFromRancher,
    waitForClusterId,
    waitForReady,
    waitForRegistration,
} from "./steps";
import { Clock, systemClock } from "./wait";

/** Bounds of the waits, in seconds. */
export interface RegistrationTimeouts {
    /** Each of: the cluster id, the registration token. */
    registrationSeconds: number;
    /** Until Rancher reports the cluster Ready. */
    readySeconds: number;
    /** Until Rancher has removed the cluster on destroy. */
    deleteSeconds: number;
}

/** What the run-time steps need; the inputs of the dynamic resource. Kubeconfigs are secret in Pulumi state. */
export interface RegistrationInputs {
    /** Namespace of the provisioning Cluster on Rancher's local cluster (`fleet-default`). */
    namespace: string;
    /** Name of the provisioning Cluster, as shown in Rancher. */
    clusterName: string;
    /** Kubeconfig of Rancher's local cluster (secret). */
    rancherKubeconfig: string;
    /** Kubeconfig of the downstream cluster the agent is applied to (secret). */
    clusterKubeconfig: string;
    /** PEM CA bundle Rancher's certificate chains to. @default - not used; give caBundle, caChecksum or insecureSkipTlsVerify */
    caBundle?: string;
    /** SHA-256 of Rancher's `cacerts` setting, as the agent checks it. @default - not used */
    caChecksum?: string;
    /** Skip TLS verification of Rancher: an explicit, insecure opt-in. */
    insecureSkipTlsVerify: boolean;
    /** Labels and annotations drover keeps on Rancher's management Cluster (Fleet selects on them). */
    labels: Record<string, string>;
    /** Annotations drover keeps on Rancher's management Cluster. */
    annotations: Record<string, string>;
    /** Bounds of the registration, readiness and delete waits. */
    timeouts: RegistrationTimeouts;
}

/** The outputs of the dynamic resource. `token` and `manifestUrl` are secret in Pulumi state. */
export interface RegistrationState extends RegistrationInputs {
    /** Rancher's cluster id, `c-m-...`. */
    clusterId: string;
    manifestUrl: string;
    token: string;
    tokenSource: TokenSource;
    agentObjects: AgentObject[];
    ready: boolean;
}

/** What the run-time steps use from the outside world. */
export interface LiveDeps {
    transport: HttpTransport;
    clock: Clock;
    /** Pause between two looks at Rancher. */
    intervalMs: number;
    /** Bound of one HTTP request. */
    requestTimeoutMs: number;
    /** Tries to fetch the manifest when the network fails. */
    fetchAttempts: number;
}

export function defaultDeps(): LiveDeps {
    return {
        transport: nodeTransport,
        clock: systemClock,
        intervalMs: 2000,
        requestTimeoutMs: 30_000,
        fetchAttempts: 3,
    };
}

/** An error after something was created: `state` is what exists, so Pulumi can record it and clean it up. */
export interface PartialStateError extends Error {
    state: RegistrationState;
}

function withState(e: unknown, state: RegistrationState): PartialStateError {
    const isError = typeof (e as { message?: unknown } | undefined)?.message === "string";
    return Object.assign(isError ? (e as Error) : new Error(String(e)), { state });
}

function clients(inputs: RegistrationInputs, deps: LiveDeps): { rancher: KubeClient; downstream: KubeClient } {
    const rancher = parseKubeconfig(inputs.rancherKubeconfig, "rancherKubeconfig");
    const downstream = parseKubeconfig(inputs.clusterKubeconfig, "clusterKubeconfig");
    return {
        rancher: createKubeClient(rancher, deps.transport, deps.requestTimeoutMs),
        downstream: createKubeClient(downstream, deps.transport, deps.requestTimeoutMs),
    };
}

function target(inputs: RegistrationInputs, rancher: KubeClient, deps: LiveDeps): RancherTarget {
    return {
        rancher,
        namespace: inputs.namespace,
        name: inputs.clusterName,
        clock: deps.clock,
        intervalMs: deps.intervalMs,
    };
}

function mergeObjects(previous: AgentObject[], now: AgentObject[]): AgentObject[] {
    const paths = new Set(now.map((o) => o.path));
    return [...previous.filter((o) => !paths.has(o.path)), ...now];
}

/**
 * Steps 2 to 6 of registering an imported cluster, once Pulumi has created the provisioning Cluster: wait for the
 * cluster id, read the registration token (either Rancher behaviour), fetch the import manifest with verified TLS,
 * apply it to the downstream cluster, and wait until Rancher reports the cluster Ready. Every step is idempotent, so
 * a failed run can simply be repeated; `previous` are agent objects applied by an earlier run.
 */
export async function registerCluster(
    inputs: RegistrationInputs,
    deps: LiveDeps,
    previous: AgentObject[] = [],
): Promise<RegistrationState> {
    const { rancher, downstream } = clients(inputs, deps);
    const t = target(inputs, rancher, deps);
    const waitMs = inputs.timeouts.registrationSeconds * 1000;
    await checkServerUrl(t);
    const clusterId = await waitForClusterId(t, waitMs);
    const registration = await waitForRegistration(t, clusterId, waitMs);
    const label = clusterLabel(t, clusterId);
    const text = await fetchImportManifest({
        url: registration.manifestUrl,
        trust: { caBundle: inputs.caBundle, caChecksum: inputs.caChecksum, insecure: inputs.insecureSkipTlsVerify },
        transport: deps.transport,
        rancher,
        label,
        requestTimeoutMs: deps.requestTimeoutMs,
        attempts: deps.fetchAttempts,
        clock: deps.clock,
    });
    const objects = parseManifest(text, label);
    const state: RegistrationState = { ...inputs, clusterId, ...registration, agentObjects: previous, ready: false };
    try {
        state.agentObjects = mergeObjects(previous, await applyAgent(downstream, objects));
    } catch (e) {
        const applied = (e as { applied?: AgentObject[] }).applied ?? [];
        throw withState(e, { ...state, agentObjects: mergeObjects(previous, applied) });
    }
    try {
        await waitForReady(t, clusterId, inputs.timeouts.readySeconds * 1000, () => describeAgent(downstream));
    } catch (e) {
        throw withState(e, state);
    }
    return { ...state, ready: true };
}

function metadataPatch(olds: Record<string, string>, news: Record<string, string>): Record<string, string | null> {
    const patch: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(news)) {
        if (olds[k] !== v) {
            patch[k] = v;
        }
    }
    for (const k of Object.keys(olds)) {
        if (!(k in news)) {
            patch[k] = null;
        }
    }
    return patch;
}

/**
 * Carries label and annotation changes to Rancher's management Cluster. Rancher copies them from the provisioning
 * Cluster only when it creates the management Cluster; afterwards the management Cluster is the source of truth for
 * imported clusters, and Fleet's cluster labels come from it. Keys drover never set are left alone.
 */
export async function syncManagementMetadata(
    olds: RegistrationState,
    news: RegistrationInputs,
    deps: LiveDeps,
): Promise<void> {
    const labels = metadataPatch(olds.labels, news.labels);
    const annotations = metadataPatch(olds.annotations, news.annotations);
    if (Object.keys(labels).length === 0 && Object.keys(annotations).length === 0) {
        return;
    }
    const { rancher } = clients(news, deps);
    await rancher.mergePatch(rancherPaths.managementCluster(olds.clusterId), { metadata: { labels, annotations } });
}

/**
 * Reads the registration back from Rancher (for `pulumi refresh`): the cluster id, readiness and the current
 * token, which Rancher may have rotated. Undefined when the provisioning Cluster is gone.
 */
export async function refreshRegistration(
    state: RegistrationState,
    deps: LiveDeps,
): Promise<RegistrationState | undefined> {
    const { rancher } = clients(state, deps);
    const t = target(state, rancher, deps);
    const cluster = await rancher.get(rancherPaths.provisioningCluster(t.namespace, t.name));
    if (!cluster) {
        return undefined;
    }
    const status = (cluster.status ?? {}) as { clusterName?: string; ready?: boolean };
    const clusterId = status.clusterName || state.clusterId;
    const next: RegistrationState = { ...state, clusterId, ready: status.ready === true };
    const st = tokenState(await rancher.get(rancherPaths.registrationToken(clusterId)));
    if (st.state === "in-status") {
        return { ...next, token: st.token, manifestUrl: st.manifestUrl, tokenSource: "status" };
    }
    if (st.state === "in-secret") {
        const token = tokenFromSecret(await rancher.get(rancherPaths.secret(clusterId, st.secretName)));
        if (token !== "") {
            return { ...next, token, manifestUrl: substituteToken(st.manifestUrl, token), tokenSource: "secret" };
        }
    }
    return next;
}

/**
 * Destroy, in the order that lets Rancher clean up: first remove the cluster from Rancher and wait until Rancher's
 * finalizers are done (they reach the downstream cluster through the still-running agent), then delete what is
 * left of the import manifest's objects on the downstream cluster.
 */
export async function unregisterCluster(state: RegistrationState, deps: LiveDeps): Promise<void> {
    const { rancher, downstream } = clients(state, deps);
    await removeFromRancher(target(state, rancher, deps), state.timeouts.deleteSeconds * 1000);
    await removeAgent(downstream, state.agentObjects);
}

/**
 * Tells Pulumi's closure serializer to copy this module into the dynamic provider's code by value, also when drover
 * is installed under node_modules (a `require` of a drover file would fail: the package exports only its root).
 */
export const deploymentOnlyModule = true;
