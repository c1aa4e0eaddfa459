// Runs the program under Pulumi's mocks (no engine, no plugins, no servers) and checks what it registers:
//   npm run check
// Prints one summary line and exits 0 when every check holds; exits 1 with the failed check otherwise.
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { edgeCluster } from "../site";

/** One registration, as the mocks saw it. */
interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    provider?: string;
}

/** What the generated join token is in this run; it must never reach a non-secret input or output. */
const TOKEN = "check0join0token0b5e1d7c2a9f";
const PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICheckKey";

/** What the providers would answer: the generated secrets, and Harvester's status of the imported image. */
function providerState(r: Registered): Record<string, unknown> {
    switch (r.type) {
        case "random:index/randomPassword:RandomPassword":
            return { result: TOKEN };
        case "tls:index/privateKey:PrivateKey":
            return { privateKeyOpenssh: "-----BEGIN OPENSSH PRIVATE KEY-----\n", publicKeyOpenssh: PUBLIC_KEY };
        case "kubernetes:harvesterhci.io/v1beta1:VirtualMachineImage":
            return { status: { storageClassName: "longhorn-ubuntu-2404" } };
        default:
            return {};
    }
}

/** The mocks wrap secret inputs in an object carrying this signature (@pulumi/pulumi runtime/rpc.ts). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** Every string of a value outside secret-wrapped parts. */
function plainStrings(v: unknown): string[] {
    if (typeof v === "string") {
        return [v];
    }
    if (v === null || typeof v !== "object" || SECRET_SIG in v) {
        return [];
    }
    return Object.values(v).flatMap(plainStrings);
}

function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => o.apply((v) => resolve(v)));
}

/** Waits until no registration has arrived for a while: the mocks answer asynchronously. */
async function quiesce(registered: Registered[]): Promise<void> {
    let seen = -1;
    while (seen !== registered.length) {
        seen = registered.length;
        await new Promise((r) => setTimeout(r, 250));
    }
}

function countOf(registered: Registered[], type: string): number {
    return registered.filter((r) => r.type === type).length;
}

/** The Pulumi name of the provider a resource was registered with. */
function providerName(r: Registered): string | undefined {
    return r.provider?.split("::")[3];
}

async function main(): Promise<void> {
    const registered: Registered[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                const r = { type: args.type, name: args.name, inputs: args.inputs, provider: args.provider };
                registered.push(r);
                return { id: `${args.name}-id`, state: { ...args.inputs, ...providerState(r) } };
            },
            call: (args: pulumi.runtime.MockCallArgs) => args.inputs,
        },
        "drover-consumer-example",
        "edge",
        false,
    );
    const program = await import("../index");
    const nodes = await valueOf(program.nodes);
    const rendered = await valueOf(program.renderedSecrets);
    await quiesce(registered);

    // What the site asked for, from the same function the program uses.
    const site = edgeCluster({ environment: "edge", renderDirectory: "out/edge-a" });
    const servers = site.rke2.controlPlane.count;
    const agents = (site.rke2.workerPools ?? []).reduce((n, p) => n + p.count, 0);

    assert.deepStrictEqual(
        nodes.map((n) => `${n.name}/${n.role}`),
        [
            ...Array.from({ length: servers }, (_, i) => `edge-a-cp-${i}/server`),
            ...Array.from({ length: agents }, (_, i) => `edge-a-general-${i}/agent`),
        ],
        "one node per server and worker, control plane first",
    );
    const vms = registered.filter((r) => r.type === "kubernetes:kubevirt.io/v1:VirtualMachine");
    assert.strictEqual(vms.length, servers + agents, "one VirtualMachine per node");
    assert.deepStrictEqual(
        [...new Set(vms.map(providerName))],
        ["edge-a-render-harvester"],
        "every VM is rendered, not deployed",
    );
    assert.strictEqual(countOf(registered, "kubernetes:harvesterhci.io/v1beta1:VirtualMachineImage"), 1);
    assert.strictEqual(countOf(registered, "kubernetes:k8s.cni.cncf.io/v1:NetworkAttachmentDefinition"), 1);
    const rancher = registered.filter((r) => r.type === "kubernetes:provisioning.cattle.io/v1:Cluster");
    assert.deepStrictEqual(rancher.map(providerName), ["edge-a-render-rancher"], "the Rancher cluster is rendered");
    assert.strictEqual(countOf(registered, "command:remote:Command"), 0, "render mode connects to no node");
    const namespace = registered.find((r) => r.type === "kubernetes:core/v1:Namespace");
    assert.strictEqual(namespace && providerName(namespace), "site", "the site's own object uses its own provider");

    const secrets = registered.filter((r) => r.type === "kubernetes:core/v1:Secret");
    assert.strictEqual(secrets.length, servers + agents, "one cloud-init Secret per node");
    for (const s of secrets) {
        assert.ok(!("data" in s.inputs) && !("stringData" in s.inputs), `${s.name} is rendered without its values`);
    }
    const leaked = registered.filter((r) => plainStrings(r.inputs).some((t) => t.includes(TOKEN)));
    assert.deepStrictEqual(
        leaked.map((r) => r.name),
        [],
        "the join token reaches no resource in plain text",
    );
    assert.ok(await pulumi.isSecret(program.renderedSecrets), "renderedSecrets is a secret output");
    const withToken = Object.values(rendered).filter((values) => Object.values(values).some((v) => v.includes(TOKEN)));
    assert.strictEqual(withToken.length, servers + agents, "each node's join token is in the secret output");

    console.log(
        `consumer check passed: ${registered.length} resources, ${servers} servers and ${agents} agents rendered, ` +
            `${secrets.length} Secrets redacted, join token only in secret outputs`,
    );
}

main().then(
    () => process.exit(0),
    (e: unknown) => {
        console.error(`consumer check FAILED: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
    },
);
