import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import * as drover from "../../index";
import { installCrds } from "./support/crds";
import { kubeCreate, kubeGet } from "./support/kubeClient";
import { createTestStack, leakedSecrets, logTo, nonDebugLog, plainOutputs, TestStack } from "./support/pulumiStack";
import { RancherStandIn, rancherStandInCrds } from "./support/rancherStandIn";
import { servers } from "./support/servers";

// Rancher's controllers are played by the test stand-in (support/rancherStandIn.ts) against a real kube-apiserver;
// the agent manifest it serves is applied to a second, real kube-apiserver. The stand-in behaves like Rancher
// v2.13.8+ (token in Secret crt-token-default-token, "{token}" in the status URL) and serves over TLS.
const FIXTURES = path.resolve(__dirname, "../components/rancher/fixtures");

describe("RancherRegistration on real kube-apiservers with the real engine", () => {
    const s = servers();
    const tls = {
        cert: fs.readFileSync(path.join(FIXTURES, "server.pem"), "utf8"),
        key: fs.readFileSync(path.join(FIXTURES, "server-key.pem"), "utf8"),
        ca: fs.readFileSync(path.join(FIXTURES, "ca.pem"), "utf8"),
    };
    const standIn = new RancherStandIn({ kubeconfig: s.rancher.kubeconfig, tokenMode: "secret-token", tls });
    let t: TestStack;

    const program = async () => {
        const rancherProvider = new k8s.Provider("rancher", { kubeconfig: pulumi.secret(s.rancher.kubeconfig) });
        const reg = new drover.RancherRegistration("it-a", {
            rancherProvider,
            rancherKubeconfig: pulumi.secret(s.rancher.kubeconfig),
            clusterKubeconfig: pulumi.secret(s.downstream.kubeconfig),
            clusterName: "it-a",
            labels: { "drover.io/environment": "it" },
            caBundle: tls.ca,
        });
        return { clusterId: reg.clusterId, token: reg.token, manifestUrl: reg.manifestUrl };
    };

    beforeAll(async () => {
        await installCrds(s.rancher, rancherStandInCrds() as unknown as Parameters<typeof installCrds>[1]);
        await kubeCreate(s.rancher, "/api/v1/namespaces", { metadata: { name: "fleet-default" } });
        await standIn.start();
        t = await createTestStack("rancher", program);
    });

    afterAll(async () => {
        await t?.dispose();
        await standIn.stop();
    });

    it("registers the cluster: Rancher id, agent applied downstream, token as a secret output", async () => {
        const res = await t.stack.up(logTo(t));
        expect(res.summary.result).toBe("succeeded");
        expect(res.outputs.clusterId.value).toMatch(/^c-m-[a-z0-9]{8}$/);
        expect(res.outputs.token.secret).toBe(true);
        expect(res.outputs.manifestUrl.secret).toBe(true);
        expect(standIn.fetches).toContainEqual({ clusterId: res.outputs.clusterId.value, ok: true });
        const agent = await kubeGet(
            s.downstream,
            "/apis/apps/v1/namespaces/cattle-system/deployments/cattle-cluster-agent",
        );
        expect(agent).toBeDefined();
        const cluster = await kubeGet(
            s.rancher,
            "/apis/provisioning.cattle.io/v1/namespaces/fleet-default/clusters/it-a",
        );
        expect(cluster.metadata.labels["drover.io/environment"]).toBe("it");
        expect(cluster.spec.rkeConfig).toBeUndefined();
    });

    it("keeps the registration token and kubeconfigs out of state, outputs and the engine's non-debug events", async () => {
        const state = await t.stateText();
        const outputs = await plainOutputs(t);
        const token = (await t.stack.outputs()).token.value as string;
        const values = [token, s.rancher.token, s.downstream.token];
        for (const [name, haystack] of Object.entries({ state, outputs, engineLog: nonDebugLog(t) })) {
            expect({ [name]: leakedSecrets(haystack, values) }).toEqual({ [name]: [] });
        }
    });

    it("shows no changes on a second preview", async () => {
        await t.stack.preview({ expectNoChanges: true, ...logTo(t) });
    });

    it("destroy removes the cluster from Rancher and the agent from the downstream cluster", async () => {
        const res = await t.stack.destroy(logTo(t));
        expect(res.summary.result).toBe("succeeded");
        expect(
            await kubeGet(s.rancher, "/apis/provisioning.cattle.io/v1/namespaces/fleet-default/clusters/it-a"),
        ).toBeUndefined();
        expect(
            await kubeGet(s.downstream, "/apis/apps/v1/namespaces/cattle-system/deployments/cattle-cluster-agent"),
        ).toBeUndefined();
    });
});
