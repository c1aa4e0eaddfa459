import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import type * as harvesterModule from "../../components/harvester";
import type * as rke2Module from "../../components/rke2";
import { recordResources, RecordedResource, StatusFaker, unwrapSecrets } from "../support/mocks";

/*
 * The user data drover ships, checked by the real `cloud-init schema` of Debian's cloud-init package: every RKE2
 * node kind (first server, joining server, agent) online and air-gapped, with and without the CIS profile, and the
 * Harvester VM's own cloud-init with SSH keys and a user. The documents are taken from the cloud-init Secrets the
 * components register (under Pulumi mocks), so they are exactly what a VM boots with, SSH keys merged in.
 */

function which(cmd: string): string | undefined {
    const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
    return r.status === 0 ? r.stdout.trim() : undefined;
}

const CLOUD_INIT = which("cloud-init");
if (CLOUD_INIT === undefined) {
    console.warn(
        "SKIPPED test/integration/cloudInit.test.ts: `cloud-init` is not installed; run `bash scripts/test-deps.sh`",
    );
}
const describeWithCloudInit = CLOUD_INIT === undefined ? describe.skip : describe;

interface Checked {
    name: string;
    code: number | null;
    output: string;
}

let dir: string;
let n = 0;

/** Runs `cloud-init schema --config-file` on the document; on failure adds the `--annotate` view when it has one. */
function schemaCheck(name: string, userData: string): Checked {
    const file = path.join(dir, `${String(++n).padStart(2, "0")}-${name}.yaml`);
    fs.writeFileSync(file, userData, { mode: 0o600 });
    const r = spawnSync(CLOUD_INIT!, ["schema", "--config-file", file], { encoding: "utf8" });
    let output = `${r.stdout}${r.stderr}`.trim();
    if (r.status !== 0) {
        // 22.4's annotator crashes (KeyError) on some error paths in flow-style YAML; the plain run above is the
        // verdict, the annotated copy only a readable extra.
        const a = spawnSync(CLOUD_INIT!, ["schema", "--config-file", file, "--annotate"], { encoding: "utf8" });
        if (!a.stderr.includes("Traceback")) {
            output += `\n--- annotated ---\n${a.stdout}${a.stderr}`;
        }
    }
    return { name, code: r.status, output };
}

/**
 * Top-level keys the cloud-config schema declares (every module's properties), read from the cloud-init
 * installation the check runs. Up to 23.x the schema allows unknown top-level keys, so a misspelt module name
 * (`write_file`) passes `cloud-init schema` and is silently ignored on boot; this closes that gap.
 */
function schemaTopLevelKeys(): Set<string> {
    const python = fs
        .readFileSync(CLOUD_INIT!, "utf8")
        .split("\n")[0]
        .replace(/^#!\s*/, "");
    const code = [
        "import json",
        "from cloudinit.config.schema import get_schema",
        "s = get_schema()",
        "keys = set()",
        "for ref in s['allOf']:",
        "    keys.update(s['$defs'][ref['$ref'].split('/')[-1]].get('properties', {}).keys())",
        "print(json.dumps(sorted(keys)))",
    ].join("\n");
    const [interpreter, ...flags] = python.split(/\s+/);
    return new Set(JSON.parse(execFileSync(interpreter, [...flags, "-c", code], { encoding: "utf8" })) as string[]);
}

function expectValid(c: Checked): void {
    // The result object carries the tool's own words into the failure message.
    expect(c).toMatchObject({ code: 0, output: expect.stringMatching(/^Valid (cloud-config|schema)/m) });
    expect(c.output).not.toMatch(/deprecat/i);
}

let recorded: RecordedResource[];
let rke2: typeof rke2Module;
let harvester: typeof harvesterModule;

const GENERATED_PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHxGeneratedClusterKey drover";

/** What the providers would return for drover's generated token and key. */
const status: StatusFaker = (r) => {
    if (r.type === "random:index/randomPassword:RandomPassword") {
        return { result: "generated-join-token-0123456789abcdef" };
    }
    if (r.type === "tls:index/privateKey:PrivateKey") {
        return { privateKeyOpenssh: "generated-private-key", publicKeyOpenssh: `${GENERATED_PUBLIC_KEY}\n` };
    }
    return undefined;
};

/** The decoded user data of a VM's cloud-init Secret, waiting for the registration to arrive. */
async function userDataOf(vm: string): Promise<string> {
    for (let i = 0; i < 200; i++) {
        const s = recorded.find((r) => r.type === "kubernetes:core/v1:Secret" && r.name === `${vm}-cloudinit`);
        if (s !== undefined) {
            return Buffer.from(unwrapSecrets(s.inputs.data).userdata as string, "base64").toString();
        }
        await new Promise((r) => setImmediate(r));
    }
    throw new Error(`no cloud-init Secret for ${vm}; registered: ${recorded.map((r) => r.name).join(", ")}`);
}

const CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUDroverTestCA\n-----END CERTIFICATE-----\n";

/** Air-gapped: install script and artifacts from a Hauler file server, images from its registry with auth and CA. */
const airGap: Partial<rke2Module.Rke2ClusterArgs> = {
    airGapped: true,
    installScript: "http://hauler.example.internal:8080/install.sh",
    artifactPath: "/opt/rke2-artifacts",
    artifactUrl: "http://hauler.example.internal:8080/rke2",
    systemDefaultRegistry: "hauler.example.internal:5000",
    registryMirrors: [
        { registry: "docker.io", endpoints: ["https://hauler.example.internal:5000"] },
        { registry: "*", endpoints: ["https://hauler.example.internal:5000"], rewrite: { "^(.*)$": "mirror/$1" } },
    ],
    registryAuths: [
        {
            host: "hauler.example.internal:5000",
            username: "puller",
            password: pulumi.secret("pull-pass"),
            caPem: CA_PEM,
        },
    ],
    disableDefaultRegistryEndpoint: true,
};

/** Everything else that adds files or lines: etcd S3 with a CA, the Harvester cloud provider, static addresses. */
const extras: Partial<rke2Module.Rke2ClusterArgs> = {
    version: "v1.31.8+rke2r1",
    secretsEncryptionProvider: "secretbox",
    etcdSnapshotScheduleCron: "0 */6 * * *",
    etcdSnapshotRetention: 10,
    etcdSnapshotS3: {
        endpoint: "minio.example.internal:9000",
        bucket: "etcd",
        accessKey: pulumi.secret("s3-access"),
        secretKey: pulumi.secret("s3-secret"),
        endpointCaPem: CA_PEM,
    },
    cloudProviderName: "harvester",
    cloudProviderConfig: pulumi.secret("apiVersion: v1\nkind: Config\nclusters: []\n"),
    kubeletArgs: ["max-pods=150"],
    tlsSans: ["k8s.example.internal"],
    disable: ["rke2-ingress-nginx"],
    gateway: "10.10.0.1",
    nameservers: ["10.10.0.2"],
};

const VARIANTS: Array<{ name: string; args: Partial<rke2Module.Rke2ClusterArgs>; addresses?: boolean }> = [
    { name: "online", args: {} },
    { name: "online-cis", args: { profile: "cis" } },
    { name: "airgap", args: airGap },
    { name: "airgap-cis-all", args: { ...airGap, ...extras, profile: "cis" }, addresses: true },
];

/** A cluster of three servers and one agent pool; returns its first server, a joining server and an agent. */
function cluster(name: string, args: Partial<rke2Module.Rke2ClusterArgs>, addresses: boolean): string[] {
    const provider = new k8s.Provider(`${name}-harvester`, { kubeconfig: "{}" });
    new rke2.Rke2Cluster(
        name,
        {
            namespace: "fleet",
            version: "v1.31.4+rke2r1",
            registrationAddress: "10.10.0.10",
            network: "default/vlan100",
            image: "default/ubuntu-22.04",
            controlPlane: {
                count: 3,
                cpu: 4,
                memory: "8Gi",
                diskSize: "40Gi",
                addresses: addresses ? ["10.10.0.21/24", "10.10.0.22/24", "10.10.0.23/24"] : undefined,
            },
            workerPools: [
                {
                    name: "general",
                    count: 1,
                    cpu: 4,
                    memory: "16Gi",
                    diskSize: "80Gi",
                    taints: ["tier=general:NoSchedule"],
                },
            ],
            sshAuthorizedKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOps ops@example"],
            kubeconfig: false,
            ...args,
        },
        { provider },
    );
    return [`${name}-cp-0`, `${name}-cp-1`, `${name}-general-0`];
}

const HARVESTER_USER_DATA = `#cloud-config
users:
  - default
  - name: ops
    gecos: Operations
    groups: [sudo, adm]
    sudo: "ALL=(ALL) NOPASSWD:ALL"
    shell: /bin/bash
    lock_passwd: true
    ssh_authorized_keys:
      - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOps ops@example
ssh_authorized_keys:
  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAlready there@example
package_update: true
packages: [qemu-guest-agent]
runcmd:
  - [systemctl, enable, --now, qemu-guest-agent.service]
`;

function harvesterVm(name: string, userData: string): void {
    const provider = new k8s.Provider(`${name}-harvester`, { kubeconfig: "{}" });
    const key = new harvester.HarvesterKeyPair(
        `${name}-key`,
        { namespace: "default", publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKeyPair keypair@example" },
        { provider },
    );
    new harvester.HarvesterVirtualMachine(
        name,
        {
            namespace: "default",
            cpu: 2,
            memory: "4Gi",
            disks: [{ name: "rootdisk", size: "20Gi", image: "default/ubuntu-22.04" }],
            networks: [{ name: "nic-1", network: "default/vlan100" }],
            sshKeys: [key, "default/other-key"],
            cloudInit: { userData },
        },
        { provider },
    );
}

let topLevel: Set<string>;

beforeAll(async () => {
    if (CLOUD_INIT === undefined) {
        return;
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "drover-cloudinit-"));
    topLevel = schemaTopLevelKeys();
    recorded = await recordResources({ status });
    rke2 = await import("../../components/rke2");
    harvester = await import("../../components/harvester");
});

afterAll(() => {
    // DROVER_IT_KEEP keeps the checked documents for a look.
    if (dir !== undefined && !process.env.DROVER_IT_KEEP) {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

describeWithCloudInit("cloud-init schema (Debian's cloud-init) accepts the user data drover ships", () => {
    /** Each role with what marks it in its user data: the first server decides join-or-init, agents start rke2-agent. */
    const ROLES = [
        { role: "first server", i: 0, has: ["rke2-join-or-init.sh", "rke2-server.service"] },
        { role: "joining server", i: 1, has: ["rke2-server.service"], lacks: "rke2-join-or-init.sh" },
        { role: "agent", i: 2, has: ["rke2-agent.service"], lacks: "rke2-server.service" },
    ];

    describe.each(VARIANTS)("RKE2 nodes, $name", ({ name, args, addresses }) => {
        let vms: string[];
        beforeAll(() => {
            vms = cluster(`c-${name}`, args, addresses === true);
        });

        it.each(ROLES)("the $role", async ({ i, has, lacks }) => {
            const vm = vms[i];
            const userData = await userDataOf(vm);
            expect(has.filter((h) => !userData.includes(h))).toEqual([]);
            expect(lacks === undefined || !userData.includes(lacks)).toBe(true);
            expectValid(schemaCheck(vm, userData));
            const doc = YAML.parse(userData) as Record<string, unknown>;
            expect(Object.keys(doc).filter((k) => !topLevel.has(k))).toEqual([]);
            // The check ran on the full document: the cluster's generated key and the extra key are in it.
            expect(userData).toContain(GENERATED_PUBLIC_KEY);
            expect(userData).toContain("AAAAIOps ops@example");
        });
    });

    it("the Harvester VM's own cloud-init, its key pair's key merged into ssh_authorized_keys", async () => {
        harvesterVm("web-0", HARVESTER_USER_DATA);
        const userData = await userDataOf("web-0");
        expectValid(schemaCheck("web-0", userData));
        const doc = YAML.parse(userData) as { ssh_authorized_keys: string[]; users: unknown[] };
        expect(doc.ssh_authorized_keys).toEqual([
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAlready there@example",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKeyPair keypair@example",
        ]);
        expect(doc.users).toHaveLength(2);
        expect(Object.keys(doc).filter((k) => !topLevel.has(k))).toEqual([]);
    });

    it("the Harvester VM's cloud-init when drover adds the only ssh_authorized_keys", async () => {
        harvesterVm("web-1", "#cloud-config\nhostname: web-1\npackages:\n  - qemu-guest-agent\n");
        const userData = await userDataOf("web-1");
        expectValid(schemaCheck("web-1", userData));
        expect(YAML.parse(userData).ssh_authorized_keys).toEqual([
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKeyPair keypair@example",
        ]);
    });
});

describeWithCloudInit("cloud-init schema really checks (a broken document fails)", () => {
    it("rejects drover's first-server user data with one write_files mode written as a YAML number", () => {
        const spec = rke2.resolveClusterSpec({ version: "v1.31.4+rke2r1" });
        const node: rke2Module.Rke2NodeSpec = {
            name: "broken-cp-0",
            role: "server",
            bootstrap: true,
            registrationAddress: "10.10.0.10",
            token: "join-token",
            labels: {},
            taints: [],
            nameservers: [],
            sshAuthorizedKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOps ops@example"],
            sshUser: "drover",
        };
        const doc = YAML.parse(rke2.buildNodeUserData(spec, node)) as { write_files: Array<{ permissions: unknown }> };
        expectValid(schemaCheck("unbroken", `#cloud-config\n${YAML.stringify(doc)}`));
        doc.write_files[0].permissions = 0o600;
        const c = schemaCheck("broken", `#cloud-config\n${YAML.stringify(doc)}`);
        expect(c.code).not.toBe(0);
        expect(c.output).toContain("write_files.0.permissions: 384 is not of type 'string'");
        expect(c.output).not.toMatch(/^Valid/m);
    });

    it("the top-level key list is cloud-init's modules, so a misspelt module name would be reported", () => {
        expect(
            ["users", "write_files", "runcmd", "ssh_authorized_keys", "packages"].filter((k) => !topLevel.has(k)),
        ).toEqual([]);
        expect(["write_file", "run_cmd", "user-data"].filter((k) => topLevel.has(k))).toEqual([]);
    });
});
