import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { REDACTED_ANNOTATION, redactRenderedSecrets } from "../../components/fleet";
import { GENERATED_TOKEN, PRIVATE_KEY } from "../components/rke2/support";
import { isSecret, ofType, RecordedResource, unwrapSecrets, valueOf } from "../support/mocks";
import { runStackOk, StackRun } from "./support/runStack";
import { ROOT, stackFile } from "./support/stackConfig";
import { sshKeygen } from "../support/sshKeys";

// Each run composes whole stacks under mocks; the machine is shared, so allow for a slow one.
jest.setTimeout(60_000);

/**
 * The local stack renders one complete cluster to out/<cluster>/ and connects to nothing. Under mocks no file is
 * written (the provider is mocked); what is checked is what each render provider would write and that no Secret
 * carries its value to it.
 */

let run: StackRun;
let warnings: string[];
const OUT = path.join(ROOT, "out", "local-a");

beforeAll(async () => {
    const warn = jest.spyOn(pulumi.log, "warn").mockImplementation(async () => undefined);
    const fetch = jest.spyOn(globalThis, "fetch");
    run = await runStackOk("local", stackFile("local"), { secrets: {} });
    warnings = warn.mock.calls.map((c) => String(c[0]));
    expect(fetch).not.toHaveBeenCalled();
    jest.restoreAllMocks();
});

/** The provider a resource was registered with, by the provider's Pulumi name. */
function providerName(r: RecordedResource): string | undefined {
    return r.provider?.split("::")[3];
}

test("creates one renderYamlToDirectory provider per target under out/<cluster>/, and no other", () => {
    const providers = ofType(run.recorded, "pulumi:providers:kubernetes");
    expect(providers.map((p) => [p.name, p.inputs])).toEqual([
        ["local-a-render-harvester", { renderYamlToDirectory: path.join(OUT, "harvester") }],
        ["local-a-render-rancher", { renderYamlToDirectory: path.join(OUT, "rancher") }],
        ["local-a-render-cluster", { renderYamlToDirectory: path.join(OUT, "cluster") }],
    ]);
});

test("writes each object through the provider of its target", () => {
    const where = (type: string) => [...new Set(ofType(run.recorded, type).map(providerName))];
    expect(where("kubernetes:kubevirt.io/v1:VirtualMachine")).toEqual(["local-a-render-harvester"]);
    expect(where("kubernetes:harvesterhci.io/v1beta1:VirtualMachineImage")).toEqual(["local-a-render-harvester"]);
    expect(where("kubernetes:k8s.cni.cncf.io/v1:NetworkAttachmentDefinition")).toEqual(["local-a-render-harvester"]);
    expect(where("kubernetes:harvesterhci.io/v1beta1:KeyPair")).toEqual(["local-a-render-harvester"]);
    expect(where("kubernetes:provisioning.cattle.io/v1:Cluster")).toEqual(["local-a-render-rancher"]);
    expect(where("kubernetes:fluxcd.controlplane.io/v1:FluxInstance")).toEqual(["local-a-render-cluster"]);
    expect(where("kubernetes:core/v1:Namespace")).toEqual(["local-a-render-cluster"]);
    const secrets = ofType(run.recorded, "kubernetes:core/v1:Secret").map((s) => [s.name, providerName(s)]);
    expect(secrets).toEqual(
        expect.arrayContaining([
            ["local-a-rke2-cp-0-cloudinit", "local-a-render-harvester"],
            ["local-a-rke2-general-0-cloudinit", "local-a-render-harvester"],
            ["local-a-flux-source", "local-a-render-cluster"],
        ]),
    );
    expect(secrets).toHaveLength(3);
});

test("skips every step that needs live hosts: no SSH, no Rancher agent, no Flux clean-up, no platform stack", () => {
    const types = new Set(run.recorded.map((r) => r.type));
    for (const t of [
        "command:remote:Command",
        "command:local:Command",
        "pulumi-nodejs:dynamic:RancherImport",
        "pulumi:pulumi:StackReference",
    ]) {
        expect({ type: t, registered: types.has(t) }).toEqual({ type: t, registered: false });
    }
    expect(warnings).toEqual(
        expect.arrayContaining([
            expect.stringContaining('FleetCluster "local-a": rendering only, nothing is deployed.'),
            expect.stringContaining('RancherRegistration "local-a-rancher": live is false'),
        ]),
    );
});

test("renders Flux from the stand-in operator manifest shipped for this stack", () => {
    const standin = fs.readFileSync(path.join(ROOT, "stacks/local/flux-operator-standin.yaml"), "utf8");
    expect(standin).toMatch(
        /^# STAND-IN for the local render stack only - this is NOT the Flux Operator's install manifest/,
    );
    const objects = YAML.parseAllDocuments(standin).map((d) => d.toJSON() as { kind: string });
    expect(objects.map((o) => o.kind)).toEqual(["Namespace", "CustomResourceDefinition"]);
    const [instance] = ofType(run.recorded, "kubernetes:fluxcd.controlplane.io/v1:FluxInstance");
    expect(instance.inputs.spec.sync.path).toBe("clusters/local/local-a");
});

test("writes every Secret without its values, annotated with where they are", () => {
    for (const s of ofType(run.recorded, "kubernetes:core/v1:Secret")) {
        expect(Object.keys(s.inputs).sort()).toEqual(["apiVersion", "kind", "metadata", "type"]);
        const key = `${s.inputs.metadata.namespace}/${s.inputs.metadata.name}`;
        expect(s.inputs.metadata.annotations[REDACTED_ANNOTATION]).toBe(
            `value is secret; see stack output renderedSecrets["local-a"][${JSON.stringify(key)}] with --show-secrets`,
        );
    }
    const everything = JSON.stringify(run.recorded.map((r) => unwrapSecrets(r.inputs)));
    expect(everything).not.toContain(GENERATED_TOKEN);
    expect(everything).not.toContain("PRIVATE KEY");
});

test("keeps the values in the secret stack output renderedSecrets", async () => {
    const rendered = run.outputs.renderedSecrets as pulumi.Output<
        Record<string, Record<string, Record<string, string>>>
    >;
    expect(await isSecret(rendered)).toBe(true);
    const values = (await valueOf(rendered))["local-a"];
    expect(Object.keys(values).sort()).toEqual([
        "fleet-local/local-a-cp-0-cloudinit",
        "fleet-local/local-a-general-0-cloudinit",
        "flux-system/flux-system",
    ]);
    expect(values["fleet-local/local-a-cp-0-cloudinit"].userdata).toMatch(/^#cloud-config\n/);
    expect(values["fleet-local/local-a-cp-0-cloudinit"].userdata).toContain(GENERATED_TOKEN);
    expect(values["flux-system/flux-system"].identity).toBe(PRIVATE_KEY);
    expect(values["flux-system/flux-system"].known_hosts).toContain("git.example.internal ecdsa-sha2-nistp256 ");
});

test("registers the stack-wide transform once, which redacts any Secret a provider would render", async () => {
    expect(run.transforms).toEqual([redactRenderedSecrets]);
    expect(run.outputs.summary.mode).toBe("render");
    expect(run.outputs.summary.renderDirectory).toBe(path.join(ROOT, "out"));
    expect(await isSecret(run.outputs.kubeconfigs)).toBe(true);
    expect(await valueOf(run.outputs.kubeconfigs)).toEqual({ "local-a": undefined });
    expect(await valueOf(run.outputs.rancherClusterIds["local-a"])).toBe("");
});

describe("with the secrets scripts/local.sh stores (node key, join tokens, deploy key)", () => {
    const node = sshKeygen("ed25519");
    const deploy = sshKeygen("ecdsa");
    let given: StackRun;

    beforeAll(async () => {
        given = await runStackOk("local", stackFile("local"), {
            secrets: {
                "drover:nodeSshPrivateKey": node.privateKey,
                "drover:gitSshPrivateKey": deploy.privateKey,
                "drover:rke2JoinTokens": JSON.stringify({ "local-a": "given-join-token-0123456789" }),
            },
        });
    });

    test("generates nothing: no random or tls resource, so the stack needs only the kubernetes plugin", () => {
        const types = [...new Set(given.recorded.map((r) => r.type))];
        expect(types.filter((t) => /^(random|tls|command):/.test(t))).toEqual([]);
        expect(types.filter((t) => t.startsWith("pulumi:providers:"))).toEqual(["pulumi:providers:kubernetes"]);
    });

    test("puts the given keys' public halves where the generated ones would go", async () => {
        const keyPair = ofType(given.recorded, "kubernetes:harvesterhci.io/v1beta1:KeyPair")[0];
        expect(keyPair.inputs.spec).toEqual({ publicKey: node.publicKey });
        expect(await valueOf(given.outputs.deployKeys["local-a"])).toBe(deploy.publicKey);
    });

    test("keeps the given token and keys out of every plain input and in the secret output only", async () => {
        const plain = JSON.stringify(given.recorded.map((r) => r.inputs));
        for (const v of [
            "given-join-token-0123456789",
            node.privateKey.split("\n")[1],
            deploy.privateKey.split("\n")[1],
        ]) {
            expect(plain.includes(v)).toBe(false);
        }
        const rendered = given.outputs.renderedSecrets!;
        expect(await isSecret(rendered)).toBe(true);
        expect(JSON.stringify(unwrapSecrets(await valueOf(rendered)))).toContain("given-join-token-0123456789");
    });
});

test("upgrading drover to this version replaces no node VM: the generations are the ones 0.1.0 computed", () => {
    // A node's generation is part of its VM (root disk name, label); a new value replaces the VM. drover now also
    // writes the generation into the node's user data as a Node label, outside the hash. These are the values the
    // previous release computed for the local stack (checked under mocks before that change); a change of drover
    // that moves them replaces every node, which must be a deliberate, documented choice.
    const vms = ofType(run.recorded, "kubernetes:kubevirt.io/v1:VirtualMachine").map((r) => [
        r.name,
        r.inputs.metadata.labels["rke2.drover.io/generation"],
    ]);
    expect(Object.fromEntries(vms)).toEqual({
        "local-a-rke2-cp-0": "0b2af35bfe66abbb",
        "local-a-rke2-general-0": "d0c9383dfb642770",
    });
});
