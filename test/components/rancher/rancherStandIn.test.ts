import * as YAML from "yaml";
import { nodeTransport } from "../../../components/rancher/live/http";
import { createKubeClient, KubeClient, KubeObject } from "../../../components/rancher/live/kubeClient";
import { parseKubeconfig } from "../../../components/rancher/live/kubeconfig";
import { buildProvisioningCluster } from "../../../components/rancher/registrationManifest";
import {
    installStandInCrds,
    provisioningClusterCrd,
    rancherStandInCrds,
    RancherStandIn,
    RancherStandInOptions,
} from "../../integration/support/rancherStandIn";
import { FakeKubeApi } from "./support/fakeKubeApi";
import { TLS } from "./support/world";

const MGMT = "/apis/management.cattle.io/v3";
const PROV = "/apis/provisioning.cattle.io/v1/namespaces/fleet-default/clusters";

let api: FakeKubeApi;
let client: KubeClient;
let standIn: RancherStandIn | undefined;

beforeEach(async () => {
    api = new FakeKubeApi({ token: "admin" });
    await api.start();
    client = createKubeClient(parseKubeconfig(api.kubeconfig(), "kubeconfig"), nodeTransport);
    await installStandInCrds(client, [provisioningClusterCrd(), ...rancherStandInCrds()]);
});

afterEach(async () => {
    await standIn?.stop();
    standIn = undefined;
    await api.stop();
});

/** A stand-in whose loop never runs on its own: the test drives it with reconcileOnce. */
async function manual(opts: Omit<RancherStandInOptions, "kubeconfig">): Promise<RancherStandIn> {
    standIn = new RancherStandIn({ pollIntervalMs: 3_600_000, ...opts, kubeconfig: api.kubeconfig() });
    await standIn.start();
    return standIn;
}

async function provision(name = "prod-a"): Promise<void> {
    const obj = buildProvisioningCluster({
        name,
        labels: { env: "prod" },
        annotations: {},
        versionManagement: "false",
    });
    await client.create(PROV, obj);
}

async function get(path: string): Promise<KubeObject> {
    const o = await client.get(path);
    if (!o) {
        throw new Error(`${path} not found`);
    }
    return o;
}

function status(o: KubeObject): Record<string, unknown> {
    return (o.status ?? {}) as Record<string, unknown>;
}

async function fetchManifest(url: string, ca?: string) {
    return nodeTransport({ method: "GET", url, tls: ca ? { ca } : undefined, timeoutMs: 2000 });
}

describe("rancherStandInCrds", () => {
    it("defines Rancher's own kinds as Rancher does: scopes, status subresource, any fields", () => {
        const crds = rancherStandInCrds();
        expect(
            crds.map((c) => {
                const spec = c.spec as {
                    scope: string;
                    names: { kind: string };
                    versions: Array<Record<string, unknown>>;
                };
                return [c.metadata?.name, spec.names.kind, spec.scope, spec.versions[0].subresources !== undefined];
            }),
        ).toEqual([
            ["clusters.management.cattle.io", "Cluster", "Cluster", true],
            ["clusterregistrationtokens.management.cattle.io", "ClusterRegistrationToken", "Namespaced", false],
            ["settings.management.cattle.io", "Setting", "Cluster", false],
        ]);
        const schema = (crds[1].spec as { versions: Array<{ schema: unknown }> }).versions[0].schema;
        expect(schema).toEqual({ openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } });
    });
});

describe("RancherStandIn in status-token mode (Rancher up to v2.13.7 / v2.14.3)", () => {
    it("assigns an id, creates the management Cluster, its namespace and a token in the status", async () => {
        const si = await manual({ tokenMode: "status-token" });
        await provision();
        await si.reconcileOnce();
        const prov = await get(`${PROV}/prod-a`);
        const id = status(prov).clusterName as string;
        expect(id).toMatch(/^c-m-[a-z0-9]{8}$/);
        expect(si.clusterId("prod-a")).toBe(id);
        expect(status(prov).ready).toBe(false);
        expect(prov.metadata?.annotations?.["provisioning.cattle.io/management-cluster-display-name"]).toBe("prod-a");
        const mgmt = await get(`${MGMT}/clusters/${id}`);
        expect(mgmt.spec).toEqual({ displayName: "prod-a", importedConfig: {} });
        expect(mgmt.metadata?.labels).toEqual({ env: "prod" });
        expect(await client.get(`/api/v1/namespaces/${id}`)).toBeDefined();
        const crt = await get(`${MGMT}/namespaces/${id}/clusterregistrationtokens/default-token`);
        const token = status(crt).token as string;
        expect(token).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{54}$/);
        const url = `${si.serverUrl}/v3/import/${token}_${id}.yaml`;
        expect(status(crt)).toEqual({
            token,
            manifestUrl: url,
            command: `kubectl apply -f ${url}`,
            insecureCommand: `curl --insecure -sfL ${url} | kubectl apply -f -`,
        });
        expect(await client.get(`/api/v1/namespaces/${id}/secrets/crt-token-default-token`)).toBeUndefined();
        expect((await get(`${MGMT}/settings/server-url`)).value).toBe(si.serverUrl);
    });

    it("serves the manifest only for the right token, then reports the cluster Ready", async () => {
        const si = await manual({ tokenMode: "status-token" });
        await provision();
        await si.reconcileOnce();
        const id = si.clusterId("prod-a")!;
        const crt = await get(`${MGMT}/namespaces/${id}/clusterregistrationtokens/default-token`);
        const wrong = await fetchManifest(`${si.serverUrl}/v3/import/${"b".repeat(54)}_${id}.yaml`);
        expect(wrong.status).toBe(404);
        await si.reconcileOnce();
        expect(status(await get(`${PROV}/prod-a`)).ready).toBe(false);

        const res = await fetchManifest(status(crt).manifestUrl as string);
        expect(res.status).toBe(200);
        const objects = YAML.parseAllDocuments(res.body).map((d) => d.toJSON() as KubeObject);
        expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
            "Namespace/cattle-system",
            "ServiceAccount/cattle",
            "ClusterRole/cattle-admin",
            "ClusterRoleBinding/cattle-admin-binding",
            `Secret/cattle-credentials-${id.slice(4)}`,
            "Deployment/cattle-cluster-agent",
        ]);
        const secret = objects[4] as { data: Record<string, string> };
        expect(Buffer.from(secret.data.token, "base64").toString()).toBe(status(crt).token);
        expect(objects[5].metadata?.annotations).toEqual({ "pulumi.com/skipAwait": "true" });
        expect(si.fetches).toEqual([
            { clusterId: id, ok: false },
            { clusterId: id, ok: true },
        ]);

        await si.reconcileOnce();
        const prov = await get(`${PROV}/prod-a`);
        expect(status(prov)).toMatchObject({
            ready: true,
            agentDeployed: true,
            conditions: [{ type: "Ready", status: "True" }],
        });
        expect(status(await get(`${MGMT}/clusters/${id}`))).toEqual({
            conditions: [{ type: "Connected", status: "True" }],
        });
    });

    it("cleans up like Rancher when the provisioning Cluster goes", async () => {
        const si = await manual({ tokenMode: "status-token" });
        await provision();
        await si.reconcileOnce();
        const id = si.clusterId("prod-a")!;
        await client.remove(`${PROV}/prod-a`);
        await si.reconcileOnce();
        expect(await client.get(`${MGMT}/clusters/${id}`)).toBeUndefined();
        expect(await client.get(`/api/v1/namespaces/${id}`)).toBeUndefined();
        expect(si.clusterId("prod-a")).toBeUndefined();
    });

    it("leaves clusters that another controller registered alone", async () => {
        const si = await manual({ tokenMode: "status-token" });
        await provision();
        await client.mergePatch(`${PROV}/prod-a/status`, { status: { clusterName: "c-m-someone1" } });
        await si.reconcileOnce();
        expect(si.clusterId("prod-a")).toBeUndefined();
        expect(api.objects("management.cattle.io/v3", "Cluster")).toEqual([]);
    });
});

describe("RancherStandIn in secret-token mode (Rancher v2.13.8+, v2.14.4+, v2.15)", () => {
    it("keeps the token in crt-token-default-token and writes the {token} placeholder", async () => {
        const si = await manual({ tokenMode: "secret-token" });
        await provision();
        await si.reconcileOnce();
        const id = si.clusterId("prod-a")!;
        const crt = await get(`${MGMT}/namespaces/${id}/clusterregistrationtokens/default-token`);
        const url = `${si.serverUrl}/v3/import/{token}_${id}.yaml`;
        expect(status(crt)).toEqual({
            token: "",
            tokenSecretName: "crt-token-default-token",
            manifestUrl: url,
            command: `kubectl apply -f ${url}`,
            insecureCommand: `curl --insecure -sfL ${url} | kubectl apply -f -`,
        });
        const secret = await get(`/api/v1/namespaces/${id}/secrets/crt-token-default-token`);
        expect(secret.metadata?.ownerReferences).toEqual([
            {
                apiVersion: "management.cattle.io/v3",
                kind: "ClusterRegistrationToken",
                name: "default-token",
                uid: crt.metadata?.uid,
            },
        ]);
        const token = Buffer.from((secret.data as { token: string }).token, "base64").toString();
        expect((await fetchManifest(url.replace("{token}", token))).status).toBe(200);
        expect((await fetchManifest(url.replace("{token}", "%7Btoken%7D"))).status).toBe(404);
    });
});

describe("RancherStandIn options", () => {
    it("never publishes a manifest URL when server-url is unset", async () => {
        const si = await manual({ tokenMode: "secret-token", serverUrlUnset: true });
        await provision();
        await si.reconcileOnce();
        const id = si.clusterId("prod-a")!;
        const crt = await get(`${MGMT}/namespaces/${id}/clusterregistrationtokens/default-token`);
        expect(status(crt)).toMatchObject({ tokenSecretName: "crt-token-default-token", manifestUrl: "", command: "" });
        expect((await get(`${MGMT}/settings/server-url`)).value).toBe("");
    });

    it("waits for markReady when readyAfterFetch is false", async () => {
        const si = await manual({ tokenMode: "status-token", readyAfterFetch: false });
        await provision();
        await si.reconcileOnce();
        const id = si.clusterId("prod-a")!;
        const crt = await get(`${MGMT}/namespaces/${id}/clusterregistrationtokens/default-token`);
        expect((await fetchManifest(status(crt).manifestUrl as string)).status).toBe(200);
        await si.reconcileOnce();
        expect(status(await get(`${PROV}/prod-a`)).ready).toBe(false);
        si.markReady("prod-a");
        await si.reconcileOnce();
        expect(status(await get(`${PROV}/prod-a`)).ready).toBe(true);
    });

    it("serves over TLS and publishes its CA in the cacerts setting and endpoint", async () => {
        const si = await manual({ tokenMode: "status-token", tls: { cert: TLS.cert, key: TLS.key, ca: TLS.ca } });
        expect(si.serverUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
        expect((await get(`${MGMT}/settings/cacerts`)).value).toBe(TLS.ca);
        const res = await fetchManifest(`${si.serverUrl}/v3/settings/cacerts`, TLS.ca);
        expect(JSON.parse(res.body)).toEqual({ id: "cacerts", value: TLS.ca });
        await provision();
        await si.reconcileOnce();
        const id = si.clusterId("prod-a")!;
        const crt = await get(`${MGMT}/namespaces/${id}/clusterregistrationtokens/default-token`);
        await expect(fetchManifest(status(crt).manifestUrl as string, TLS.otherCa)).rejects.toThrow(
            "unable to verify the first certificate",
        );
        expect((await fetchManifest(status(crt).manifestUrl as string, TLS.ca)).status).toBe(200);
    });

    it("reconciles on its own once started", async () => {
        standIn = new RancherStandIn({ tokenMode: "status-token", pollIntervalMs: 10, kubeconfig: api.kubeconfig() });
        await standIn.start();
        await provision();
        for (let i = 0; i < 200 && !standIn.clusterId("prod-a"); i++) {
            await new Promise((r) => setTimeout(r, 10));
        }
        expect(standIn.clusterId("prod-a")).toMatch(/^c-m-/);
        expect(standIn.errors).toEqual([]);
    });
});
