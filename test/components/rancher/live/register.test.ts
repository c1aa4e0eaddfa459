import { registerCluster, RegistrationState } from "../../../../components/rancher/live/register";
import { StandInTokenMode } from "../../../integration/support/rancherStandIn";
import { startWorld, TLS, World } from "../support/world";

const TLS_STAND_IN = { cert: TLS.cert, key: TLS.key, ca: TLS.ca };
const CLUSTER_PATH = "/apis/provisioning.cattle.io/v1/namespaces/fleet-default/clusters/prod-a";

/** The error registerCluster rejects with. */
async function failure(p: Promise<unknown>): Promise<Error & { state?: RegistrationState }> {
    try {
        await p;
    } catch (e) {
        return e as Error & { state?: RegistrationState };
    }
    throw new Error("expected a failure");
}

describe.each<[StandInTokenMode, "status" | "secret"]>([
    ["status-token", "status"],
    ["secret-token", "secret"],
])("registering with Rancher's %s behaviour", (tokenMode, tokenSource) => {
    let w: World;
    beforeEach(async () => {
        w = await startWorld({ tokenMode, tls: TLS_STAND_IN });
    });
    afterEach(() => w.stop());

    it("waits for the id, resolves the token, applies the agent and waits for Ready", async () => {
        await w.createProvisioningCluster();
        const state = await registerCluster(w.inputs(), w.deps);
        const id = w.standIn!.clusterId("prod-a")!;
        expect(state.clusterId).toBe(id);
        expect(state.clusterId).toMatch(/^c-m-[a-z0-9]{8}$/);
        expect(state.tokenSource).toBe(tokenSource);
        expect(state.token).toMatch(/^[a-z0-9]{54}$/);
        expect(state.manifestUrl).toBe(`${w.standIn!.serverUrl}/v3/import/${state.token}_${id}.yaml`);
        expect(state.ready).toBe(true);
        expect(w.standIn!.fetches).toEqual([{ clusterId: id, ok: true }]);
        expect(state.agentObjects.map((o) => `${o.kind} ${o.namespace ?? "-"} ${o.name}`)).toEqual([
            "Namespace - cattle-system",
            "ServiceAccount cattle-system cattle",
            "ClusterRole - cattle-admin",
            "ClusterRoleBinding - cattle-admin-binding",
            `Secret cattle-system cattle-credentials-${id.slice(4)}`,
            "Deployment cattle-system cattle-cluster-agent",
        ]);
        const agent = w.downstream.object("apps/v1", "Deployment", "cattle-system", "cattle-cluster-agent");
        expect(agent?.metadata.annotations).toEqual({ "pulumi.com/skipAwait": "true" });
        // The agent objects were applied server-side, as drover's field manager.
        const applies = w.downstream.requests.filter((r) => r.method === "PATCH");
        expect(applies).toHaveLength(6);
        expect(applies.every((r) => r.contentType === "application/apply-patch+yaml")).toBe(true);
    });
});

describe("trusting Rancher's certificate", () => {
    let w: World;
    afterEach(() => w.stop());

    it("verifies TLS against Rancher's own CA once it matches caChecksum", async () => {
        w = await startWorld({ tokenMode: "secret-token", tls: TLS_STAND_IN });
        await w.createProvisioningCluster();
        const state = await registerCluster(w.inputs({ caBundle: undefined, caChecksum: TLS.caSha256 }), w.deps);
        expect(state.ready).toBe(true);
        // The CA came from the cacerts Setting through the Kubernetes API, not from an unverified download.
        expect(w.calls.some((c) => c.url === `${w.standIn!.serverUrl}/v3/settings/cacerts`)).toBe(false);
        expect(w.calls.some((c) => c.url.endsWith("/apis/management.cattle.io/v3/settings/cacerts"))).toBe(true);
    });

    it("falls back to Rancher's public cacerts endpoint when the Setting is not readable", async () => {
        w = await startWorld({ tokenMode: "status-token", tls: TLS_STAND_IN });
        w.rancher.fail("GET", /\/settings\/cacerts$/, 403, "settings is forbidden", 5);
        await w.createProvisioningCluster();
        const state = await registerCluster(w.inputs({ caBundle: undefined, caChecksum: TLS.caSha256 }), w.deps);
        expect(state.ready).toBe(true);
        expect(w.calls.some((c) => c.url === `${w.standIn!.serverUrl}/v3/settings/cacerts`)).toBe(true);
    });

    it("refuses a CA whose checksum differs", async () => {
        w = await startWorld({ tokenMode: "status-token", tls: TLS_STAND_IN });
        await w.createProvisioningCluster();
        const wrong = "e1306cadd1acf5344946c963e8ec6ff346cbbbc2b79cd1c647b4b7a7a98e8644";
        const e = await failure(registerCluster(w.inputs({ caBundle: undefined, caChecksum: wrong }), w.deps));
        expect(e.message).toBe(
            `caChecksum "${wrong}" does not match Rancher's CA certificate (its cacerts setting has sha256 ` +
                `"${TLS.caSha256}"); check the checksum, or pass the CA itself as caBundle`,
        );
        expect(w.standIn!.fetches).toEqual([]);
    });

    it("says so when a checksum is given but Rancher publishes no CA", async () => {
        w = await startWorld({ tokenMode: "status-token", tls: { ...TLS_STAND_IN, ca: "" } });
        await w.createProvisioningCluster();
        const e = await failure(registerCluster(w.inputs({ caBundle: undefined, caChecksum: TLS.caSha256 }), w.deps));
        expect(e.message).toBe(
            "caChecksum was given, but Rancher publishes no CA certificate (its cacerts setting is empty, as when " +
                "Rancher's certificate comes from a public CA); pass that CA as caBundle instead",
        );
    });

    it("fails on a certificate the CA bundle did not sign, and suggests the fix", async () => {
        w = await startWorld({ tokenMode: "status-token", tls: TLS_STAND_IN });
        await w.createProvisioningCluster();
        const e = await failure(registerCluster(w.inputs({ caBundle: TLS.otherCa }), w.deps));
        const id = w.standIn!.clusterId("prod-a")!;
        expect(e.message).toBe(
            `cannot verify Rancher's TLS certificate when fetching the import manifest of Rancher cluster "prod-a" ` +
                `(${id}) from ${w.standIn!.serverUrl}/v3/import/***_${id}.yaml: unable to verify the first ` +
                `certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE); pass Rancher's CA as caBundle or its checksum as ` +
                `caChecksum, or set insecureSkipTlsVerify: true to skip verification explicitly`,
        );
        expect(w.standIn!.fetches).toEqual([]);
    });

    it("skips verification only with the explicit opt-in", async () => {
        w = await startWorld({ tokenMode: "status-token", tls: TLS_STAND_IN });
        await w.createProvisioningCluster();
        const state = await registerCluster(w.inputs({ caBundle: undefined, insecureSkipTlsVerify: true }), w.deps);
        expect(state.ready).toBe(true);
    });
});

describe("plain http", () => {
    let w: World;
    beforeEach(async () => {
        w = await startWorld({ tokenMode: "secret-token" });
        await w.createProvisioningCluster();
    });
    afterEach(() => w.stop());

    it("is refused without the opt-in, before anything is fetched", async () => {
        const e = await failure(registerCluster(w.inputs(), w.deps));
        const id = w.standIn!.clusterId("prod-a")!;
        expect(e.message).toBe(
            `refusing to fetch the import manifest of Rancher cluster "prod-a" (${id}) over plain http ` +
                `(${w.standIn!.serverUrl}/v3/import/***_${id}.yaml): its token would travel unencrypted; give ` +
                `Rancher an https:// server-url, or set insecureSkipTlsVerify: true to accept this`,
        );
        expect(w.standIn!.fetches).toEqual([]);
        expect(w.downstream.requests).toEqual([]);
    });

    it("is used with insecureSkipTlsVerify", async () => {
        const state = await registerCluster(w.inputs({ caBundle: undefined, insecureSkipTlsVerify: true }), w.deps);
        expect(state.ready).toBe(true);
    });
});

describe("Rancher's server-url", () => {
    let w: World;
    afterEach(() => w.stop());

    it("fails at once, naming the setting, when it is empty", async () => {
        w = await startWorld({ tokenMode: "secret-token", tls: TLS_STAND_IN, serverUrlUnset: true });
        await w.createProvisioningCluster();
        const started = Date.now();
        const e = await failure(registerCluster(w.inputs(), w.deps));
        expect(e.message).toBe(
            `Rancher's server-url setting is empty, so Rancher never publishes an import manifest URL for Rancher ` +
                `cluster "prod-a"; set server-url in Rancher (Global Settings, or the management.cattle.io/v3 ` +
                `Setting "server-url") to an https:// address the downstream cluster can reach, then run pulumi up again`,
        );
        expect(Date.now() - started).toBeLessThan(1000);
        expect(w.downstream.requests).toEqual([]);
    });

    it("is suspected in the timeout message when the setting cannot be read", async () => {
        w = await startWorld({ tokenMode: "status-token", tls: TLS_STAND_IN, serverUrlUnset: true });
        w.rancher.fail("GET", /\/settings\/server-url$/, 403, "forbidden", 1000);
        await w.createProvisioningCluster();
        const e = await failure(
            registerCluster(
                w.inputs({ timeouts: { registrationSeconds: 0.5, readySeconds: 1, deleteSeconds: 1 } }),
                w.deps,
            ),
        );
        const id = w.standIn!.clusterId("prod-a")!;
        expect(e.message).toBe(
            `timed out after 0.5s waiting for the registration token of Rancher cluster "prod-a" (${id}); last seen: ` +
                `the ClusterRegistrationToken has a token but no manifestUrl (is Rancher's server-url setting set?)`,
        );
    });
});

describe("waits and failures", () => {
    let w: World;
    afterEach(() => w.stop());
    const short = { registrationSeconds: 0.3, readySeconds: 0.3, deleteSeconds: 0.3 };

    it("times out waiting for a cluster id and says what it saw", async () => {
        w = await startWorld(); // no Rancher controllers at all
        await w.createProvisioningCluster();
        const e = await failure(registerCluster(w.inputs({ timeouts: short }), w.deps));
        expect(e.message).toBe(
            "timed out after 0.3s waiting for Rancher to assign a cluster id to provisioning Cluster " +
                "fleet-default/prod-a (status.clusterName); last seen: clusterName=(empty), ready=false, " +
                "agentDeployed=false, no conditions. Check that Rancher is running and that the object was not " +
                "rejected or deleted",
        );
    });

    it("times out waiting for the registration token when Rancher never creates it", async () => {
        w = await startWorld();
        await w.createProvisioningCluster();
        await w.rancherClient.mergePatch(`${CLUSTER_PATH}/status`, { status: { clusterName: "c-m-abcd1234" } });
        const e = await failure(registerCluster(w.inputs({ timeouts: short }), w.deps));
        expect(e.message).toBe(
            'timed out after 0.3s waiting for the registration token of Rancher cluster "prod-a" (c-m-abcd1234); ' +
                "last seen: ClusterRegistrationToken c-m-abcd1234/default-token not found",
        );
    });

    it("explains a permission problem instead of waiting", async () => {
        w = await startWorld({ tokenMode: "secret-token", tls: TLS_STAND_IN });
        w.rancher.fail("GET", /\/secrets\/crt-token-default-token$/, 403, "secrets is forbidden", 1000);
        await w.createProvisioningCluster();
        const e = await failure(registerCluster(w.inputs(), w.deps));
        const id = w.standIn!.clusterId("prod-a")!;
        expect(e.message).toBe(
            `GET /api/v1/namespaces/${id}/secrets/crt-token-default-token answered 403 Forbidden: secrets is ` +
                `forbidden; the rancherKubeconfig user needs get on clusterregistrationtokens.management.cattle.io ` +
                `and secrets in ${id}`,
        );
    });

    it("rides out transient API errors", async () => {
        w = await startWorld({ tokenMode: "status-token", tls: TLS_STAND_IN });
        w.rancher.fail("GET", /clusterregistrationtokens\/default-token$/, 503, "etcd leader changed", 3);
        await w.createProvisioningCluster();
        const state = await registerCluster(w.inputs(), w.deps);
        expect(state.ready).toBe(true);
    });

    it("reports an unreachable manifest without the token, after retrying", async () => {
        w = await startWorld({ tokenMode: "status-token", tls: TLS_STAND_IN });
        await w.createProvisioningCluster();
        const id = await waitForId(w);
        const url = w.standIn!.serverUrl;
        await w.standIn!.stop(); // Rancher's import endpoint goes away after the token was issued
        delete (w as { standIn?: unknown }).standIn;
        const e = await failure(registerCluster(w.inputs(), w.deps));
        const port = new URL(url).port;
        expect(e.message).toBe(
            `cannot fetch the import manifest of Rancher cluster "prod-a" (${id}) from ` +
                `${url}/v3/import/***_${id}.yaml: connect ECONNREFUSED 127.0.0.1:${port} (2 attempts); ` +
                `check that Rancher's server-url is reachable from where pulumi runs`,
        );
        const manifestCalls = w.calls.filter((c) => c.url.includes("/v3/import/"));
        expect(manifestCalls).toHaveLength(2);
        expect(e.message).not.toContain(manifestCalls[0].url.split("/v3/import/")[1].split("_")[0]);
    });

    it("explains a 404 for the manifest", async () => {
        w = await startWorld({ tokenMode: "status-token", tls: TLS_STAND_IN });
        await w.createProvisioningCluster();
        const id = await waitForId(w);
        // Rancher rotated the token: the stored status now names a token the import endpoint does not know.
        const crtPath = `/apis/management.cattle.io/v3/namespaces/${id}/clusterregistrationtokens/default-token`;
        const url = `${w.standIn!.serverUrl}/v3/import/${"x".repeat(54)}_${id}.yaml`;
        await w.rancherClient.mergePatch(crtPath, { status: { token: "x".repeat(54), manifestUrl: url } });
        const e = await failure(registerCluster(w.inputs(), w.deps));
        expect(e.message).toBe(
            `Rancher answered 404 for the import manifest of Rancher cluster "prod-a" (${id}) ` +
                `(${w.standIn!.serverUrl}/v3/import/***_${id}.yaml): Rancher does not know this token and cluster ` +
                `id (was the cluster removed from Rancher?)`,
        );
    });

    it("times out waiting for Ready, says what it saw, and hands back what exists", async () => {
        w = await startWorld({ tokenMode: "secret-token", tls: TLS_STAND_IN, readyAfterFetch: false });
        await w.createProvisioningCluster();
        const e = await failure(registerCluster(w.inputs({ timeouts: short }), w.deps));
        const id = w.standIn!.clusterId("prod-a")!;
        expect(e.message).toBe(
            `timed out after 0.3s waiting for Rancher to report Rancher cluster "prod-a" (${id}) Ready; last seen: ` +
                `clusterName=${id}, ready=false, agentDeployed=false, Ready=False "waiting for the cluster agent"; ` +
                `downstream cattle-system/cattle-cluster-agent: 0/1 replicas ready. Check that the downstream ` +
                `cluster can reach Rancher's server-url and pull the agent image, and read the logs of ` +
                `cattle-system/cattle-cluster-agent there`,
        );
        expect(e.state?.clusterId).toBe(id);
        expect(e.state?.ready).toBe(false);
        expect(e.state?.agentObjects).toHaveLength(6);
    });

    it("resumes after a Ready timeout without losing track of the agent", async () => {
        w = await startWorld({ tokenMode: "secret-token", tls: TLS_STAND_IN, readyAfterFetch: false });
        await w.createProvisioningCluster();
        const first = await failure(registerCluster(w.inputs({ timeouts: short }), w.deps));
        w.standIn!.markReady("prod-a");
        const state = await registerCluster(w.inputs(), w.deps, first.state!.agentObjects);
        expect(state.ready).toBe(true);
        expect(state.agentObjects).toEqual(first.state!.agentObjects);
    });

    it("hands back the objects applied before an apply failed", async () => {
        w = await startWorld({ tokenMode: "status-token", tls: TLS_STAND_IN });
        w.downstream.fail("PATCH", /\/clusterrolebindings\//, 403, "clusterrolebindings is forbidden");
        await w.createProvisioningCluster();
        const e = await failure(registerCluster(w.inputs(), w.deps));
        expect(e.message).toBe(
            "cannot apply ClusterRoleBinding cattle-admin-binding of the import manifest to the downstream cluster: " +
                "PATCH /apis/rbac.authorization.k8s.io/v1/clusterrolebindings/cattle-admin-binding?fieldManager=drover" +
                "&force=true answered 403 Forbidden: clusterrolebindings is forbidden",
        );
        expect(e.state?.agentObjects.map((o) => o.name)).toEqual(["cattle-system", "cattle", "cattle-admin"]);
    });
});

async function waitForId(w: World): Promise<string> {
    for (let i = 0; i < 200; i++) {
        const id = w.standIn?.clusterId("prod-a");
        const crt = id
            ? await w.rancherClient.get(
                  `/apis/management.cattle.io/v3/namespaces/${id}/clusterregistrationtokens/default-token`,
              )
            : undefined;
        if (id && (crt?.status as { manifestUrl?: string } | undefined)?.manifestUrl) {
            return id;
        }
        await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error("the stand-in never registered prod-a");
}
