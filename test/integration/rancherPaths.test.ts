import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import * as drover from "../../index";
import { installCrds } from "./support/crds";
import { kubeCreate, kubeGet } from "./support/kubeClient";
import { createTestStack, leakedSecrets, logTo, nonDebugLog, plainOutputs, TestStack } from "./support/pulumiStack";
import { RancherRegistrationArgs } from "../../components/rancher";
import { RancherStandIn, RancherStandInOptions, rancherStandInCrds } from "./support/rancherStandIn";
import { servers } from "./support/servers";

// The other Rancher behaviours on the real engine (rancher.test.ts has v2.13.8+ with the token in a Secret):
// Rancher before v2.13.8/v2.14.4 (token in the status), and the failures users hit: Rancher's server-url unset, and
// an import manifest offered over plain http without the opt-in.
const FIXTURES = path.resolve(__dirname, "../components/rancher/fixtures");
const tls = {
    cert: fs.readFileSync(path.join(FIXTURES, "server.pem"), "utf8"),
    key: fs.readFileSync(path.join(FIXTURES, "server-key.pem"), "utf8"),
    ca: fs.readFileSync(path.join(FIXTURES, "ca.pem"), "utf8"),
};
const CLUSTERS = "/apis/provisioning.cattle.io/v1/namespaces/fleet-default/clusters";
const AGENT = "/apis/apps/v1/namespaces/cattle-system/deployments/cattle-cluster-agent";

const s = servers();

beforeAll(async () => {
    // Idempotent: rancher.test.ts may have installed them on this server already.
    await installCrds(s.rancher, rancherStandInCrds() as unknown as Parameters<typeof installCrds>[1]);
    if (!(await kubeGet(s.rancher, "/api/v1/namespaces/fleet-default"))) {
        await kubeCreate(s.rancher, "/api/v1/namespaces", { metadata: { name: "fleet-default" } });
    }
});

/** A stand-in Rancher and a stack registering one cluster with it; both torn down after the describe. */
function withRancher(
    name: string,
    standInOpts: Omit<RancherStandInOptions, "kubeconfig">,
    extra: Partial<RancherRegistrationArgs> = {},
) {
    const ctx: { standIn?: RancherStandIn; t?: TestStack } = {};
    const program = async () => {
        const rancherProvider = new k8s.Provider("rancher", { kubeconfig: pulumi.secret(s.rancher.kubeconfig) });
        const reg = new drover.RancherRegistration(name, {
            rancherProvider,
            rancherKubeconfig: pulumi.secret(s.rancher.kubeconfig),
            clusterKubeconfig: pulumi.secret(s.downstream.kubeconfig),
            clusterName: name,
            caBundle: tls.ca,
            registrationTimeoutMinutes: 1,
            ...extra,
        });
        return { clusterId: reg.clusterId, token: reg.token, manifestUrl: reg.manifestUrl };
    };
    beforeAll(async () => {
        ctx.standIn = new RancherStandIn({ kubeconfig: s.rancher.kubeconfig, ...standInOpts });
        await ctx.standIn.start();
        ctx.t = await createTestStack(`rancher-${name}`, program);
    });
    afterAll(async () => {
        await ctx.t?.dispose();
        await ctx.standIn?.stop();
    });
    return ctx as { standIn: RancherStandIn; t: TestStack };
}

/** The error an `up` failed with, as the engine printed it. */
async function failedUp(t: TestStack): Promise<string> {
    try {
        await t.stack.up(logTo(t));
    } catch (e) {
        return String((e as Error).message);
    }
    throw new Error("pulumi up succeeded, but it should have failed");
}

describe("Rancher before v2.13.8: the registration token in the status", () => {
    const ctx = withRancher("it-b", { tokenMode: "status-token", tls });

    it("registers the cluster and applies the agent downstream", async () => {
        const res = await ctx.t.stack.up(logTo(ctx.t));
        expect(res.summary.result).toBe("succeeded");
        expect(res.outputs.clusterId.value).toMatch(/^c-m-[a-z0-9]{8}$/);
        expect(res.outputs.token.secret).toBe(true);
        expect(res.outputs.token.value).toMatch(/^[a-z0-9]{20,}$/);
        expect(ctx.standIn.fetches).toContainEqual({ clusterId: res.outputs.clusterId.value, ok: true });
        expect(await kubeGet(s.downstream, AGENT)).toBeDefined();
    });

    it("keeps the token out of state, outputs and the engine log, and previews clean", async () => {
        const token = (await ctx.t.stack.outputs()).token.value as string;
        const state = await ctx.t.stateText();
        const outputs = await plainOutputs(ctx.t);
        for (const [where, haystack] of Object.entries({ state, outputs, engineLog: nonDebugLog(ctx.t) })) {
            expect({ [where]: leakedSecrets(haystack, [token]) }).toEqual({ [where]: [] });
        }
        await ctx.t.stack.preview({ expectNoChanges: true, ...logTo(ctx.t) });
    });

    it("destroy removes the cluster from Rancher and the agent downstream", async () => {
        await ctx.t.stack.destroy(logTo(ctx.t));
        expect(await kubeGet(s.rancher, `${CLUSTERS}/it-b`)).toBeUndefined();
        expect(await kubeGet(s.downstream, AGENT)).toBeUndefined();
    });
});

describe("Rancher's server-url unset", () => {
    const ctx = withRancher("it-c", { tokenMode: "secret-token", tls, serverUrlUnset: true });

    it("fails the up with what is wrong and how to fix it, instead of waiting out the timeout", async () => {
        const started = Date.now();
        const message = await failedUp(ctx.t);
        expect(message).toContain(`Rancher's server-url setting is empty, so Rancher never publishes an import`);
        expect(message).toContain(`set server-url in Rancher`);
        // Well inside registrationTimeoutMinutes (1 min): it did not just time out.
        expect(Date.now() - started).toBeLessThan(55_000);
        expect(await kubeGet(s.downstream, AGENT)).toBeUndefined();
    });

    it("destroy then removes the half-registered cluster from Rancher", async () => {
        await ctx.t.stack.destroy(logTo(ctx.t));
        expect(await kubeGet(s.rancher, `${CLUSTERS}/it-c`)).toBeUndefined();
    });
});

describe("an import manifest over plain http", () => {
    const ctx = withRancher("it-d", { tokenMode: "secret-token" });

    it("is refused without the insecure opt-in, and the token is not in the message", async () => {
        const message = await failedUp(ctx.t);
        expect(message).toContain("refusing to fetch the import manifest");
        expect(message).toContain("over plain http");
        expect(message).toContain("set insecureSkipTlsVerify: true to accept this");
        expect(ctx.standIn.fetches).toEqual([]);
        const secret = await kubeGet(s.rancher, "/api/v1/namespaces/fleet-default/secrets");
        const tokens = (secret?.items ?? [])
            .filter((x: { metadata: { name: string } }) => x.metadata.name.startsWith("crt-token"))
            .map((x: { data: { token: string } }) => Buffer.from(x.data.token, "base64").toString());
        expect(leakedSecrets(message, tokens)).toEqual([]);
        expect(await kubeGet(s.downstream, AGENT)).toBeUndefined();
    });

    it("destroy then removes the half-registered cluster from Rancher", async () => {
        await ctx.t.stack.destroy(logTo(ctx.t));
        expect(await kubeGet(s.rancher, `${CLUSTERS}/it-d`)).toBeUndefined();
    });
});
