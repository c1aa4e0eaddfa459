// Serialized into state with the dynamic provider: see the note at the top of http.ts.
import { RANCHER } from "../constants";
import { isApiError, KubeClient } from "./kubeClient";
import {
    describeProvisioningCluster,
    provisioningStatus,
    rancherPaths,
    Registration,
    settingValue,
    substituteToken,
    tokenFromSecret,
    tokenState,
} from "./rancherObjects";
import { Clock, ProbeResult, waitUntil } from "./wait";

/** The provisioning Cluster being registered, and how to talk to Rancher's local cluster. */
export interface RancherTarget {
    rancher: KubeClient;
    namespace: string;
    name: string;
    clock: Clock;
    intervalMs: number;
}

/** `Rancher cluster "prod-a"` or `Rancher cluster "prod-a" (c-m-abcd1234)`. */
export function clusterLabel(t: RancherTarget, id?: string): string {
    return `Rancher cluster "${t.name}"${id ? ` (${id})` : ""}`;
}

export function serverUrlError(t: RancherTarget, id?: string): Error {
    return new Error(
        `Rancher's server-url setting is empty, so Rancher never publishes an import manifest URL for ` +
            `${clusterLabel(t, id)}; set server-url in Rancher (Global Settings, or the management.cattle.io/v3 ` +
            `Setting "server-url") to an https:// address the downstream cluster can reach, then run pulumi up again`,
    );
}

/** Adds what permission is missing to a 401/403 answer; other errors pass unchanged. */
function explainDenied(e: unknown, need: string): unknown {
    if (isApiError(e, 401, 403)) {
        return new Error(`${(e as Error).message}; the rancherKubeconfig user needs ${need}`);
    }
    return e;
}

/**
 * Fails at once when Rancher's `server-url` Setting is readable and empty: Rancher then never writes a manifest
 * URL, and waiting would only time out. An unreadable Setting (no permission, no such object) proves nothing.
 */
export async function checkServerUrl(t: RancherTarget, id?: string): Promise<void> {
    let setting;
    try {
        setting = await t.rancher.get(rancherPaths.setting(RANCHER.serverUrlSetting));
    } catch {
        return;
    }
    if (setting && settingValue(setting).trim() === "") {
        throw serverUrlError(t, id);
    }
}

/** Waits for Rancher to create the management Cluster and write its id (`c-m-...`) to `status.clusterName`. */
export async function waitForClusterId(t: RancherTarget, timeoutMs: number): Promise<string> {
    const path = rancherPaths.provisioningCluster(t.namespace, t.name);
    return waitUntil(
        {
            what: `Rancher to assign a cluster id to provisioning Cluster ${t.namespace}/${t.name} (status.clusterName)`,
            timeoutMs,
            intervalMs: t.intervalMs,
            clock: t.clock,
            hint: "Check that Rancher is running and that the object was not rejected or deleted",
        },
        async (): Promise<ProbeResult<string>> => {
            const obj = await t.rancher.get(path).catch((e) => {
                throw explainDenied(e, `get on clusters.provisioning.cattle.io in ${t.namespace}`);
            });
            const id = provisioningStatus(obj).clusterName;
            return id ? { done: true, value: id } : { done: false, seen: describeProvisioningCluster(obj) };
        },
    );
}

/**
 * Waits for the `default-token` ClusterRegistrationToken and returns the manifest URL with the real token in it,
 * whichever way this Rancher version stores the token.
 */
export async function waitForRegistration(t: RancherTarget, id: string, timeoutMs: number): Promise<Registration> {
    const crtPath = rancherPaths.registrationToken(id);
    const probe = async (): Promise<ProbeResult<Registration>> => {
        const st = tokenState(await t.rancher.get(crtPath));
        switch (st.state) {
            case "missing":
                return {
                    done: false,
                    seen: `ClusterRegistrationToken ${id}/${RANCHER.registrationTokenName} not found`,
                };
            case "pending":
                return { done: false, seen: st.seen };
            case "no-manifest-url":
                await checkServerUrl(t, id);
                return { done: false, seen: `${st.seen} (is Rancher's server-url setting set?)` };
            case "in-status":
                return { done: true, value: { token: st.token, manifestUrl: st.manifestUrl, tokenSource: "status" } };
            case "in-secret": {
                const token = tokenFromSecret(await t.rancher.get(rancherPaths.secret(id, st.secretName)));
                if (token === "") {
                    return { done: false, seen: `Secret ${id}/${st.secretName} has no token yet` };
                }
                const manifestUrl = substituteToken(st.manifestUrl, token);
                return { done: true, value: { token, manifestUrl, tokenSource: "secret" } };
            }
        }
    };
    return waitUntil(
        {
            what: `the registration token of ${clusterLabel(t, id)}`,
            timeoutMs,
            intervalMs: t.intervalMs,
            clock: t.clock,
        },
        () =>
            probe().catch((e) => {
                throw explainDenied(e, `get on clusterregistrationtokens.management.cattle.io and secrets in ${id}`);
            }),
    );
}

/** Waits until Rancher reports the cluster Ready, i.e. its agent connected (`status.ready`). */
export async function waitForReady(
    t: RancherTarget,
    id: string,
    timeoutMs: number,
    describeAgent: () => Promise<string>,
): Promise<void> {
    const path = rancherPaths.provisioningCluster(t.namespace, t.name);
    await waitUntil(
        {
            what: `Rancher to report ${clusterLabel(t, id)} Ready`,
            timeoutMs,
            intervalMs: t.intervalMs,
            clock: t.clock,
            hint:
                "Check that the downstream cluster can reach Rancher's server-url and pull the agent image, " +
                `and read the logs of ${RANCHER.agentNamespace}/${RANCHER.agentDeployment} there`,
        },
        async (): Promise<ProbeResult<true>> => {
            const obj = await t.rancher.get(path);
            if (!obj) {
                throw new Error(
                    `provisioning Cluster ${t.namespace}/${t.name} was deleted while waiting for it to become Ready`,
                );
            }
            if (provisioningStatus(obj).ready) {
                return { done: true, value: true };
            }
            return { done: false, seen: `${describeProvisioningCluster(obj)}; ${await describeAgent()}` };
        },
    );
}

/** Deletes the provisioning Cluster and waits until Rancher has finished removing it (its finalizers ran). */
export async function removeFromRancher(t: RancherTarget, timeoutMs: number): Promise<void> {
    const path = rancherPaths.provisioningCluster(t.namespace, t.name);
    await t.rancher.remove(path);
    await waitUntil(
        {
            what: `Rancher to remove ${clusterLabel(t)}`,
            timeoutMs,
            intervalMs: t.intervalMs,
            clock: t.clock,
            hint: "Rancher's finalizers clean up through the cluster agent; check Rancher's logs",
        },
        async (): Promise<ProbeResult<true>> => {
            const obj = await t.rancher.get(path);
            return obj ? { done: false, seen: describeProvisioningCluster(obj) } : { done: true, value: true };
        },
    );
}

/**
 * Tells Pulumi's closure serializer to copy this module into the dynamic provider's code by value, also when drover
 * is installed under node_modules (a `require` of a drover file would fail: the package exports only its root).
 */
export const deploymentOnlyModule = true;
