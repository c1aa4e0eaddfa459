import {
    refreshRegistration,
    registerCluster,
    RegistrationState,
    syncManagementMetadata,
    unregisterCluster,
} from "../../../../components/rancher/live/register";
import { nodeTransport } from "../../../../components/rancher/live/http";
import { createKubeClient } from "../../../../components/rancher/live/kubeClient";
import { parseKubeconfig } from "../../../../components/rancher/live/kubeconfig";
import { startWorld, TLS, World } from "../support/world";

const CLUSTER_PATH = "/apis/provisioning.cattle.io/v1/namespaces/fleet-default/clusters/prod-a";

async function registered(w: World): Promise<RegistrationState> {
    await w.createProvisioningCluster();
    return registerCluster(w.inputs(), w.deps);
}

async function failure(p: Promise<unknown>): Promise<Error> {
    try {
        await p;
    } catch (e) {
        return e as Error;
    }
    throw new Error("expected a failure");
}

describe("destroy", () => {
    let w: World;
    beforeEach(async () => {
        w = await startWorld({ tokenMode: "secret-token", tls: { cert: TLS.cert, key: TLS.key, ca: TLS.ca } });
    });
    afterEach(() => w.stop());

    it("removes the cluster from Rancher first, waits for Rancher's finalizers, then removes the agent", async () => {
        const state = await registered(w);
        // Rancher holds the object with finalizers while it cleans up through the agent.
        await w.rancherClient.mergePatch(CLUSTER_PATH, { metadata: { finalizers: ["wrangler.cattle.io/cleanup"] } });
        w.calls.length = 0;
        const released = new Promise<void>((resolve) =>
            setTimeout(() => {
                void w.rancherClient.mergePatch(CLUSTER_PATH, { metadata: { finalizers: null } }).then(() => resolve());
            }, 150),
        );
        await unregisterCluster(state, w.deps);
        await released;

        const rancherUrl = w.rancher.url;
        const calls = w.calls.map(
            (c) => `${c.method} ${c.url.startsWith(rancherUrl) ? "rancher" : "downstream"} ${new URL(c.url).pathname}`,
        );
        expect(calls[0]).toBe(`DELETE rancher ${CLUSTER_PATH}`);
        const firstDownstream = calls.findIndex((c) => c.includes(" downstream "));
        // Rancher was polled while the finalizer held the object, and the agent was untouched until it was gone.
        expect(calls.slice(1, firstDownstream).every((c) => c === `GET rancher ${CLUSTER_PATH}`)).toBe(true);
        expect(firstDownstream).toBeGreaterThan(2);
        expect(calls.slice(firstDownstream)).toEqual(
            [...state.agentObjects].reverse().map((o) => `DELETE downstream ${o.path}`),
        );
        expect(await w.rancherClient.get(CLUSTER_PATH)).toBeUndefined();
        expect(w.downstream.object("v1", "Namespace", undefined, "cattle-system")).toBeUndefined();
        expect(
            w.downstream.object("rbac.authorization.k8s.io/v1", "ClusterRole", undefined, "cattle-admin"),
        ).toBeUndefined();
    });

    it("leaves the agent alone and says what it saw when Rancher never finishes", async () => {
        const state = await registered(w);
        await w.rancherClient.mergePatch(CLUSTER_PATH, { metadata: { finalizers: ["wrangler.cattle.io/cleanup"] } });
        const e = await failure(
            unregisterCluster({ ...state, timeouts: { ...state.timeouts, deleteSeconds: 0.3 } }, w.deps),
        );
        expect(e.message).toMatch(
            new RegExp(
                '^timed out after 0\\.3s waiting for Rancher to remove Rancher cluster "prod-a"; last seen: ' +
                    `clusterName=${state.clusterId}, ready=true, agentDeployed=true, all conditions True, being ` +
                    "deleted since \\S+, finalizers \\[wrangler\\.cattle\\.io/cleanup\\]\\. Rancher's finalizers " +
                    "clean up through the cluster agent; check Rancher's logs$",
            ),
        );
        expect(w.downstream.requests.filter((r) => r.method === "DELETE")).toEqual([]);
        expect(w.downstream.object("apps/v1", "Deployment", "cattle-system", "cattle-cluster-agent")).toBeDefined();
    });

    it("succeeds when Rancher and its own cleanup already removed everything", async () => {
        const state = await registered(w);
        await w.rancherClient.remove(CLUSTER_PATH);
        const downstream = createKubeClient(parseKubeconfig(w.downstream.kubeconfig(), "downstream"), nodeTransport);
        for (const o of state.agentObjects) {
            await downstream.remove(o.path);
        }
        w.downstream.requests.length = 0;
        await unregisterCluster(state, w.deps);
        expect(w.downstream.requests.map((r) => r.method)).toEqual(state.agentObjects.map(() => "DELETE"));
    });

    it("fails clearly when the downstream cluster cannot be reached", async () => {
        const state = await registered(w);
        const downstreamUrl = w.downstream.url;
        await w.downstream.stop();
        const e = await failure(unregisterCluster(state, w.deps));
        expect(e.message).toBe(
            `cannot remove the Rancher agent from the downstream cluster: cannot reach the Kubernetes API at ` +
                `${downstreamUrl}: connect ECONNREFUSED 127.0.0.1:${new URL(downstreamUrl).port}`,
        );
        expect(await w.rancherClient.get(CLUSTER_PATH)).toBeUndefined();
    });
});

describe("refresh", () => {
    let w: World;
    beforeEach(async () => {
        w = await startWorld({ tokenMode: "secret-token", tls: { cert: TLS.cert, key: TLS.key, ca: TLS.ca } });
    });
    afterEach(() => w.stop());

    it("picks up a rotated token from the token Secret", async () => {
        const state = await registered(w);
        const rotated = "r".repeat(54);
        await w.rancherClient.mergePatch(`/api/v1/namespaces/${state.clusterId}/secrets/crt-token-default-token`, {
            data: { token: Buffer.from(rotated).toString("base64") },
        });
        const next = await refreshRegistration(state, w.deps);
        expect(next?.token).toBe(rotated);
        expect(next?.manifestUrl).toBe(state.manifestUrl.replace(state.token, rotated));
        expect(next?.agentObjects).toEqual(state.agentObjects);
        expect(next?.ready).toBe(true);
    });

    it("reports the registration gone when the provisioning Cluster was deleted", async () => {
        const state = await registered(w);
        await w.rancherClient.remove(CLUSTER_PATH);
        expect(await refreshRegistration(state, w.deps)).toBeUndefined();
    });
});

describe("labels and annotations on Rancher's management Cluster", () => {
    let w: World;
    beforeEach(async () => {
        w = await startWorld({ tokenMode: "status-token", tls: { cert: TLS.cert, key: TLS.key, ca: TLS.ca } });
    });
    afterEach(() => w.stop());

    it("are copied by Rancher at creation, and kept in step by drover afterwards without touching others", async () => {
        const state = await registered(w);
        const mgmtPath = `/apis/management.cattle.io/v3/clusters/${state.clusterId}`;
        expect((await w.rancherClient.get(mgmtPath))?.metadata?.labels).toEqual({ env: "prod" });
        // Someone labels the cluster in Rancher's UI; drover must leave that label alone.
        await w.rancherClient.mergePatch(mgmtPath, { metadata: { labels: { team: "blue" } } });
        w.calls.length = 0;

        const news = w.inputs({
            labels: { tier: "gold" },
            annotations: { "rancher.io/imported-cluster-version-management": "true", "example.com/owner": "ops" },
        });
        await syncManagementMetadata(state, news, w.deps);
        const mgmt = await w.rancherClient.get(mgmtPath);
        expect(mgmt?.metadata?.labels).toEqual({ team: "blue", tier: "gold" });
        expect(mgmt?.metadata?.annotations?.["rancher.io/imported-cluster-version-management"]).toBe("true");
        expect(mgmt?.metadata?.annotations?.["example.com/owner"]).toBe("ops");
        expect(w.calls.map((c) => c.method)).toEqual(["PATCH"]);

        w.calls.length = 0;
        await syncManagementMetadata({ ...state, ...news }, news, w.deps);
        expect(w.calls).toEqual([]); // nothing changed, nothing sent
    });
});
