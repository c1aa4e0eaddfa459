import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { RegistrationInputs, RegistrationState } from "../../../../components/rancher/live/register";
import { recordResources, RecordedResource, settle } from "../../../support/mocks";
import { startWorld, TLS, World } from "../support/world";

let recorded: RecordedResource[];
let rancher: typeof import("../../../../components/rancher");
let provider: typeof import("../../../../components/rancher/live/provider");

beforeAll(async () => {
    recorded = await recordResources();
    rancher = await import("../../../../components/rancher");
    provider = await import("../../../../components/rancher/live/provider");
});

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function state(over: Partial<RegistrationState> = {}): RegistrationState {
    return {
        namespace: "fleet-default",
        clusterName: "prod-a",
        rancherKubeconfig: "rk",
        clusterKubeconfig: "ck",
        caBundle: "ca",
        insecureSkipTlsVerify: false,
        labels: { env: "prod" },
        annotations: {},
        timeouts: { registrationSeconds: 300, readySeconds: 900, deleteSeconds: 600 },
        clusterId: "c-m-abcd1234",
        manifestUrl: "https://r/v3/import/t_c-m-abcd1234.yaml",
        token: "t",
        tokenSource: "secret",
        agentObjects: [],
        ready: true,
        ...over,
    };
}

function inputs(s: RegistrationState, over: Partial<RegistrationInputs> = {}): RegistrationInputs {
    const { clusterId: _c, manifestUrl: _m, token: _t, tokenSource: _s, agentObjects: _a, ready: _r, ...i } = s;
    return { ...i, ...over };
}

describe("the dynamic provider's diff", () => {
    const p = () => provider.registrationProvider();
    it.each<[string, Partial<RegistrationInputs>, Partial<RegistrationState>, pulumi.dynamic.DiffResult]>([
        ["no change", {}, {}, { changes: false, replaces: [], deleteBeforeReplace: true }],
        [
            "a new cluster name replaces, deleting first",
            { clusterName: "prod-b" },
            {},
            { changes: true, replaces: ["clusterName"], deleteBeforeReplace: true },
        ],
        [
            "a new kubeconfig updates in place",
            { clusterKubeconfig: "ck2" },
            {},
            { changes: true, replaces: [], deleteBeforeReplace: true },
        ],
        [
            "new labels update in place",
            { labels: { env: "dev" } },
            {},
            { changes: true, replaces: [], deleteBeforeReplace: true },
        ],
        [
            "an unfinished registration resumes",
            {},
            { ready: false },
            { changes: true, replaces: [], deleteBeforeReplace: true },
        ],
        [
            "an unknown name in preview is a change, not a replacement",
            { clusterName: UNKNOWN },
            {},
            { changes: true, replaces: [], deleteBeforeReplace: true },
        ],
    ])("%s", async (_n, newInputs, oldState, expected) => {
        const olds = state(oldState);
        expect(await p().diff!("fleet-default/prod-a", olds, inputs(olds, newInputs))).toEqual(expected);
    });
});

describe("the dynamic provider against Rancher", () => {
    let w: World;
    afterEach(() => w.stop());

    it("reports a Ready timeout as an initialization failure that keeps what was created", async () => {
        w = await startWorld({
            tokenMode: "status-token",
            tls: { cert: TLS.cert, key: TLS.key, ca: TLS.ca },
            readyAfterFetch: false,
        });
        await w.createProvisioningCluster();
        const p = provider.registrationProvider(w.deps);
        const i = w.inputs({ timeouts: { registrationSeconds: 2, readySeconds: 0.3, deleteSeconds: 2 } });
        let err: { id?: string; properties?: RegistrationState; reasons?: string[]; message?: string } = {};
        try {
            await p.create(i);
        } catch (e) {
            err = e as typeof err;
        }
        expect(err.id).toBe("fleet-default/prod-a");
        expect(err.properties?.ready).toBe(false);
        expect(err.properties?.agentObjects).toHaveLength(6);
        expect(err.reasons).toEqual([err.message]);
        expect(err.message).toMatch(/^timed out after 0\.3s waiting for Rancher to report/);

        // The next `pulumi up` goes through update, which finishes the job.
        w.standIn!.markReady("prod-a");
        const { outs } = (await p.update!("fleet-default/prod-a", err.properties!, i)) as { outs: RegistrationState };
        expect(outs.ready).toBe(true);
        expect(outs.agentObjects).toEqual(err.properties!.agentObjects);
    });

    it("runs from the code Pulumi serializes into the state: create, read, delete", async () => {
        w = await startWorld({ tokenMode: "secret-token", tls: { cert: TLS.cert, key: TLS.key, ca: TLS.ca } });
        recorded.length = 0;
        new rancher.RancherImport("prod-a-registration", w.inputs());
        await settle();
        const [r] = recorded.filter((x) => x.type === "pulumi-nodejs:dynamic:RancherImport");
        const text = r.inputs.__provider as string;
        expect(typeof text).toBe("string");
        // Like the dynamic provider host: load the text as a module and call its handler.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const requireFromString = require("require-from-string") as (code: string) => { handler(): unknown };
        const p = requireFromString(text).handler() as pulumi.dynamic.ResourceProvider;

        await w.createProvisioningCluster();
        const created = await p.create(w.inputs());
        const outs = created.outs as RegistrationState;
        expect(created.id).toBe("fleet-default/prod-a");
        expect(outs.ready).toBe(true);
        expect(outs.tokenSource).toBe("secret");
        const read = await p.read!(created.id, outs);
        expect(read.props).toEqual(outs);
        await p.delete!(created.id, outs);
        expect(w.downstream.object("apps/v1", "Deployment", "cattle-system", "cattle-cluster-agent")).toBeUndefined();
        expect(
            await w.rancherClient.get("/apis/provisioning.cattle.io/v1/namespaces/fleet-default/clusters/prod-a"),
        ).toBeUndefined();
    }, 60_000);
});

describe("the serialized provider", () => {
    it("copies drover's run-time modules by value, so it also works when drover sits in node_modules", async () => {
        // Pulumi's serializer would emit require("drover/dist/...") for a module under node_modules, which the
        // package's exports map forbids; the deploymentOnlyModule marker makes it copy the module instead.
        const dir = path.join(__dirname, "../../../../components/rancher/live");
        const modules = [
            ...fs
                .readdirSync(dir)
                .filter((f) => f.endsWith(".ts"))
                .map((f) => path.join(dir, f)),
            path.join(dir, "..", "constants.ts"),
        ];
        for (const m of modules) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            expect([path.basename(m), (require(m) as { deploymentOnlyModule?: unknown }).deploymentOnlyModule]).toEqual(
                [path.basename(m), true],
            );
        }
        const sf = await pulumi.runtime.serializeFunction(() => provider.registrationProvider(), {
            allowSecrets: true,
        });
        const required = [...sf.text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).sort();
        expect(required).toEqual(["crypto", "fs", "http", "https", "yaml"]);
        expect(sf.containsSecrets).toBe(false);
    });
});
