import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import * as drover from "../../index";
import { kubeGet } from "./support/kubeClient";
import { createTestStack, leakedSecrets, logTo, nonDebugLog, plainOutputs, TestStack } from "./support/pulumiStack";
import { servers } from "./support/servers";

// HTTPS Git auth and operator mode: the variant of FluxBootstrap that needs no tls or command plugin, which the
// offline toolchain cannot build here (scripts/toolchain/README.md). The operator install manifest is the local
// stack's labelled stand-in (namespace and FluxInstance CRD only): no Flux controller runs on this API server.
const TOKEN = "glpat-integration-token-7c1e5d9a";
const STANDIN = path.resolve(__dirname, "../../stacks/local/flux-operator-standin.yaml");

describe("FluxBootstrap on a real kube-apiserver with the real engine", () => {
    const s = servers();
    let t: TestStack;

    const program = async () => {
        const provider = new k8s.Provider("downstream", { kubeconfig: pulumi.secret(s.downstream.kubeconfig) });
        const flux = new drover.FluxBootstrap(
            "flux",
            {
                gitUrl: "https://git.example.internal/platform/fleet.git",
                httpsToken: pulumi.secret(TOKEN),
                branch: "main",
                path: "clusters/it/it-a",
                version: "v2.7.0",
                mode: "operator",
                operatorManifest: STANDIN,
            },
            { provider },
        );
        return { namespace: flux.namespace, secretName: flux.secretName };
    };

    beforeAll(async () => {
        t = await createTestStack("flux", program);
    });

    afterAll(async () => {
        await t?.dispose();
    });

    it("creates the namespace, the credentials Secret and the FluxInstance with up", async () => {
        const res = await t.stack.up(logTo(t));
        expect(res.summary.result).toBe("succeeded");
        const ns = res.outputs.namespace.value as string;
        const secret = await kubeGet(s.downstream, `/api/v1/namespaces/${ns}/secrets/${res.outputs.secretName.value}`);
        expect(Buffer.from(secret.data.password, "base64").toString()).toBe(TOKEN);
        const instances = await kubeGet(s.downstream, `/apis/fluxcd.controlplane.io/v1/namespaces/${ns}/fluxinstances`);
        expect(instances.items).toHaveLength(1);
        expect(instances.items[0].spec.sync).toMatchObject({
            kind: "GitRepository",
            path: "clusters/it/it-a",
            ref: "refs/heads/main",
        });
    });

    it("keeps the Git token out of state, outputs and the engine's non-debug events", async () => {
        const state = await t.stateText();
        const outputs = await plainOutputs(t);
        const engineLog = nonDebugLog(t);
        const values = [TOKEN, Buffer.from(TOKEN).toString("base64"), s.downstream.token];
        for (const [name, haystack] of Object.entries({ state, outputs, engineLog })) {
            expect({ [name]: leakedSecrets(haystack, values) }).toEqual({ [name]: [] });
        }
    });

    it("shows no changes on a second preview, also after a refresh", async () => {
        await t.stack.preview({ expectNoChanges: true, ...logTo(t) });
        await t.stack.refresh(logTo(t));
        await t.stack.preview({ expectNoChanges: true, ...logTo(t) });
    });

    it("destroys everything, the namespace included", async () => {
        const res = await t.stack.destroy(logTo(t));
        expect(res.summary.result).toBe("succeeded");
        expect(await kubeGet(s.downstream, "/api/v1/namespaces/flux-system")).toBeUndefined();
        expect(
            await kubeGet(
                s.downstream,
                "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/fluxinstances.fluxcd.controlplane.io",
            ),
        ).toBeUndefined();
    });
});
