import { nodeTransport } from "../../../../components/rancher/live/http";
import { createKubeClient, isApiError, KubeClient } from "../../../../components/rancher/live/kubeClient";
import { parseKubeconfig } from "../../../../components/rancher/live/kubeconfig";
import { rancherStandInCrds } from "../../../integration/support/rancherStandIn";
import { FakeKubeApi } from "../support/fakeKubeApi";
import { TLS } from "../support/world";

let api: FakeKubeApi;
let client: KubeClient;

beforeEach(async () => {
    api = new FakeKubeApi({ token: "t0ken", tls: { cert: TLS.cert, key: TLS.key, ca: TLS.ca } });
    await api.start();
    client = createKubeClient(parseKubeconfig(api.kubeconfig(), "kubeconfig"), nodeTransport);
});
afterEach(() => api.stop());

describe("the Kubernetes client over a verified TLS connection", () => {
    it("gets, creates and reports 404 as undefined", async () => {
        expect(await client.get("/api/v1/namespaces/x")).toBeUndefined();
        await client.create("/api/v1/namespaces", { metadata: { name: "x" } });
        expect((await client.get("/api/v1/namespaces/x"))?.metadata?.name).toBe("x");
    });

    it("turns API errors into messages with method, path, status and reason", async () => {
        let err: unknown;
        try {
            await client.create("/api/v1/namespaces/missing/secrets", { metadata: { name: "s" } });
        } catch (e) {
            err = e;
        }
        expect(isApiError(err, 404)).toBe(true);
        expect((err as Error).message).toBe(
            'POST /api/v1/namespaces/missing/secrets answered 404 NotFound: namespaces "missing" not found',
        );
    });

    it("refuses a server whose certificate its kubeconfig does not trust", async () => {
        const other = parseKubeconfig(api.kubeconfig(), "kubeconfig");
        const untrusting = createKubeClient({ ...other, tls: { ...other.tls, ca: TLS.otherCa } }, nodeTransport);
        await expect(untrusting.get("/api/v1/namespaces/x")).rejects.toThrow(
            `cannot reach the Kubernetes API at ${api.url}: unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)`,
        );
    });

    it("finds objects through discovery, also kinds added by a CRD after the group was read", async () => {
        const [mgmtCluster, crt] = rancherStandInCrds();
        await client.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", mgmtCluster);
        expect(await client.locate("management.cattle.io/v3", "Cluster", undefined, "c-m-1")).toEqual({
            path: "/apis/management.cattle.io/v3/clusters/c-m-1",
            namespaced: false,
        });
        await client.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crt);
        expect(
            await client.locate("management.cattle.io/v3", "ClusterRegistrationToken", "c-m-1", "default-token"),
        ).toEqual({
            path: "/apis/management.cattle.io/v3/namespaces/c-m-1/clusterregistrationtokens/default-token",
            namespaced: true,
        });
        await expect(client.locate("example.com/v1", "Widget", "a", "b")).rejects.toThrow(
            `the API server at ${api.url} does not serve Widget in example.com/v1`,
        );
    });

    it("applies server-side into the default namespace when the object names none", async () => {
        await client.create("/api/v1/namespaces", { metadata: { name: "default" } });
        const loc = await client.apply(
            { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "1" } },
            "drover",
        );
        expect(loc.path).toBe("/api/v1/namespaces/default/configmaps/c");
        expect(api.object("v1", "ConfigMap", "default", "c")?.data).toEqual({ a: "1" });
        expect(api.requests.at(-1)).toEqual({
            method: "PATCH",
            path: "/api/v1/namespaces/default/configmaps/c",
            contentType: "application/apply-patch+yaml",
        });
    });
});

describe("the fake API server behaves like Kubernetes where drover relies on it", () => {
    it("keeps status out of object writes when the status subresource exists, and honours finalizers", async () => {
        await client.create("/api/v1/namespaces", {
            metadata: { name: "x", finalizers: ["f"] },
            status: { phase: "Gone" },
        });
        expect((await client.get("/api/v1/namespaces/x"))?.status).toBeUndefined();
        await client.mergePatch("/api/v1/namespaces/x/status", { status: { phase: "Active" } });
        await client.mergePatch("/api/v1/namespaces/x", { status: { phase: "Ignored" } });
        expect((await client.get("/api/v1/namespaces/x"))?.status).toEqual({ phase: "Active" });
        expect(await client.remove("/api/v1/namespaces/x")).toBe(true);
        expect((await client.get("/api/v1/namespaces/x"))?.metadata?.deletionTimestamp).toBeDefined();
        await client.mergePatch("/api/v1/namespaces/x", { metadata: { finalizers: null } });
        expect(await client.get("/api/v1/namespaces/x")).toBeUndefined();
        expect(await client.remove("/api/v1/namespaces/x")).toBe(false);
    });

    it("wants the bearer token from the kubeconfig", async () => {
        const conn = parseKubeconfig(api.kubeconfig(), "kubeconfig");
        const anonymous = createKubeClient({ ...conn, authorization: undefined }, nodeTransport);
        await expect(anonymous.get("/api/v1/namespaces/x")).rejects.toThrow(
            "GET /api/v1/namespaces/x answered 401 Unauthorized: Unauthorized",
        );
    });
});
