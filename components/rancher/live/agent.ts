// Serialized into state with the dynamic provider: see the note at the top of http.ts.
import { FIELD_MANAGER, RANCHER } from "../constants";
import { KubeClient, KubeObject } from "./kubeClient";

/** One object of the import manifest as applied to the downstream cluster: enough to delete it later. */
export interface AgentObject {
    apiVersion: string;
    kind: string;
    name: string;
    /** Absent for cluster-scoped objects. */
    namespace?: string;
    /** API path of the object on the downstream cluster. */
    path: string;
}

/** An apply that stopped part-way: `applied` lists what is on the cluster already. */
export interface PartialApplyError extends Error {
    applied: AgentObject[];
}

function refOf(o: KubeObject): string {
    const ns = o.metadata?.namespace;
    return `${o.kind ?? "?"} ${ns ? `${ns}/` : ""}${o.metadata?.name ?? "?"}`;
}

/**
 * Applies the import manifest's objects to the downstream cluster in file order (Namespace first), with
 * server-side apply, like `kubectl apply --server-side`. Rancher keeps the agent up to date afterwards, so drover
 * does not diff these objects later; it only remembers them to remove them on destroy.
 */
export async function applyAgent(downstream: KubeClient, objects: KubeObject[]): Promise<AgentObject[]> {
    const applied: AgentObject[] = [];
    for (const o of objects) {
        try {
            const loc = await downstream.apply(o, FIELD_MANAGER);
            const namespace = loc.namespaced ? (o.metadata?.namespace ?? "default") : undefined;
            applied.push({
                apiVersion: o.apiVersion ?? "",
                kind: o.kind ?? "",
                name: o.metadata?.name ?? "",
                ...(namespace === undefined ? {} : { namespace }),
                path: loc.path,
            });
        } catch (e) {
            const err = new Error(
                `cannot apply ${refOf(o)} of the import manifest to the downstream cluster: ${(e as Error).message}`,
            );
            throw Object.assign(err, { applied });
        }
    }
    return applied;
}

/**
 * Removes what {@link applyAgent} applied, in reverse order (the Namespace last). Objects already gone (Rancher's
 * own cleanup removes most of them) are fine. Every object is tried; the error lists those that could not be removed.
 */
export async function removeAgent(downstream: KubeClient, objects: AgentObject[]): Promise<void> {
    const failed: string[] = [];
    for (const o of [...objects].reverse()) {
        try {
            await downstream.remove(o.path);
        } catch (e) {
            if ((e as { network?: unknown }).network !== undefined) {
                throw new Error(`cannot remove the Rancher agent from the downstream cluster: ${(e as Error).message}`);
            }
            failed.push(`${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name} (${(e as Error).message})`);
        }
    }
    if (failed.length > 0) {
        throw new Error(`cannot remove from the downstream cluster: ${failed.join("; ")}`);
    }
}

/** `downstream cattle-system/cattle-cluster-agent: 0/1 replicas ready`, for wait messages. Never throws. */
export async function describeAgent(downstream: KubeClient): Promise<string> {
    const ref = `${RANCHER.agentNamespace}/${RANCHER.agentDeployment}`;
    try {
        const d = await downstream.get(
            `/apis/apps/v1/namespaces/${RANCHER.agentNamespace}/deployments/${RANCHER.agentDeployment}`,
        );
        if (!d) {
            return `downstream ${ref} not found`;
        }
        const spec = (d.spec ?? {}) as { replicas?: number };
        const status = (d.status ?? {}) as { readyReplicas?: number };
        return `downstream ${ref}: ${status.readyReplicas ?? 0}/${spec.replicas ?? 1} replicas ready`;
    } catch (e) {
        return `downstream ${ref} unreadable (${(e as Error).message})`;
    }
}

/**
 * Tells Pulumi's closure serializer to copy this module into the dynamic provider's code by value, also when drover
 * is installed under node_modules (a `require` of a drover file would fail: the package exports only its root).
 */
export const deploymentOnlyModule = true;
