import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as tls from "tls";
import * as YAML from "yaml";
import type * as rke2Module from "../../components/rke2";
import { isSecret, isSecretValue, unwrapSecrets, valueOf } from "../support/mocks";
import { freePort } from "./support/ports";
import { servers } from "./support/servers";
import { SshHost, SshResult, startSshHost } from "./support/sshHost";
import { toolchainEnv, toolPath } from "./support/toolchain";

/*
 * The script drover hands to command.remote.Command to read the first server's kubeconfig, run for real over SSH
 * against Debian's sshd (the @pulumi/command provider plugin cannot be built here, so the engine cannot run it).
 * The node is the loopback SSH host: login user `drover` with passwordless sudo, as cloud-init makes it on a VM;
 * `/etc/rancher` and `/var/lib/rancher` are test-owned directories mounted in sshd's private namespace. The only
 * VM binary put there is RKE2's bundled kubectl (/var/lib/rancher/rke2/bin/kubectl): the real kubectl of the
 * offline toolchain. The API it probes is the integration tier's real kube-apiserver ("downstream").
 */

const REGISTRATION = "k8s-dev-a.example.internal";
const RKE2_YAML = "/etc/rancher/rke2/rke2.yaml";
const RKE2_KUBECTL = "/var/lib/rancher/rke2/bin/kubectl";
const COMMAND = "command:remote:Command";

let rke2: typeof rke2Module;
let host: SshHost;
/** Every command the mocks ran over SSH, by resource name. */
const runs = new Map<string, Promise<SshResult>>();
/** The inputs of every command registered, by resource name. */
const commands = new Map<string, Record<string, unknown>>();

/** An RKE2-shaped admin kubeconfig (names `default`, as RKE2 writes them) for an API server. */
function rke2Yaml(server: string, ca: string, token: string): string {
    return YAML.stringify({
        apiVersion: "v1",
        clusters: [
            { cluster: { "certificate-authority-data": Buffer.from(ca).toString("base64"), server }, name: "default" },
        ],
        contexts: [{ context: { cluster: "default", user: "default" }, name: "default" }],
        "current-context": "default",
        kind: "Config",
        preferences: {},
        users: [{ name: "default", user: { token } }],
    });
}

function readIfExists(file: string): string | undefined {
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}

/** Writes the node's rke2.yaml as RKE2 does: root-owned, mode 0600 (write-kubeconfig-mode). */
function writeRke2Yaml(text: string | undefined): void {
    const file = host.fakePath(RKE2_YAML);
    fs.rmSync(file, { force: true });
    if (text !== undefined) {
        fs.writeFileSync(file, text, { mode: 0o600 });
    }
}

/**
 * What the command provider does with a create script (pulumi/pulumi-command provider/pkg/provider/remote/
 * commandOutputs.go, `run`): one SSH exec request of the script as given, stdout and stderr with one trailing
 * newline trimmed; a non-zero exit fails the resource. The connection drover gives must be the test host's
 * address, user and key (port 22 stands for the host's loopback port), as sshd would otherwise refuse it.
 * Readiness gates' scripts are not this test's subject (they need Node objects): they are answered without running.
 */
async function runCommand(args: pulumi.runtime.MockResourceArgs): Promise<Record<string, unknown>> {
    commands.set(args.name, args.inputs);
    if (!args.name.endsWith("-kubeconfig")) {
        return { stdout: "", stderr: "" };
    }
    const c = unwrapSecrets(args.inputs.connection) as Record<string, unknown>;
    const run =
        c.host === host.host && c.port === 22 && c.user === host.user && c.privateKey === host.privateKey
            ? host.run(args.inputs.create as string)
            : Promise.reject(
                  new Error(`${args.name}: not the SSH test host's connection (${c.user}@${c.host}:${c.port})`),
              );
    runs.set(args.name, run);
    const r = await run;
    if (r.code !== 0) {
        throw new Error(`Process exited with status ${r.code}: running the create script:\n${r.stdout}${r.stderr}`);
    }
    return { stdout: r.stdout.replace(/\n$/, ""), stderr: r.stderr.replace(/\n$/, "") };
}

async function installMocks(): Promise<void> {
    await pulumi.runtime.setMocks(
        {
            async newResource(args: pulumi.runtime.MockResourceArgs) {
                const id = args.id ?? `${args.name}-id`;
                if (args.type === COMMAND) {
                    return { id, state: { ...args.inputs, ...(await runCommand(args)) } };
                }
                if (args.type === "random:index/randomPassword:RandomPassword") {
                    return { id, state: { ...args.inputs, result: "generated-join-token-0123456789abcdef" } };
                }
                if (args.type === "kubernetes:kubevirt.io/v1:VirtualMachine") {
                    const metadata = { ...args.inputs.metadata, uid: `uid-${args.inputs.metadata.name}` };
                    return { id, state: { ...args.inputs, metadata } };
                }
                return { id, state: args.inputs };
            },
            call: (args: pulumi.runtime.MockCallArgs) => args.inputs,
        },
        "drover",
        "it",
        false,
    );
}

/** A cluster whose first server is the SSH test host. */
function cluster(name: string): rke2Module.Rke2Cluster {
    const provider = new k8s.Provider(`${name}-harvester`, { kubeconfig: "{}" });
    return new rke2.Rke2Cluster(
        name,
        {
            namespace: "fleet",
            version: "v1.31.4+rke2r1",
            registrationAddress: REGISTRATION,
            network: "default/vlan100",
            image: "default/ubuntu-22.04",
            controlPlane: { count: 1, cpu: 4, memory: "8Gi", diskSize: "40Gi" },
            sshHost: host.host,
            sshPrivateKey: pulumi.secret(host.privateKey),
        },
        { provider },
    );
}

/** A TLS server on loopback that completes handshakes and then never answers: an API server that hangs. */
async function silentTlsServer(dir: string): Promise<{ port: number; ca: string; close: () => Promise<void> }> {
    const [key, cert] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
    // prettier-ignore
    execFileSync("openssl", [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert,
    ], { stdio: "pipe" });
    const sockets = new Set<net.Socket>();
    const srv = tls.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (s) => {
        sockets.add(s);
        s.on("error", () => undefined);
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
    const port = (srv.address() as net.AddressInfo).port;
    const close = () =>
        new Promise<void>((r) => {
            sockets.forEach((s) => s.destroy());
            srv.close(() => r());
        });
    return { port, ca: fs.readFileSync(cert, "utf8"), close };
}

beforeAll(async () => {
    host = await startSshHost({ user: "drover", fakeDirs: ["/etc/rancher", "/var/lib/rancher"] });
    fs.mkdirSync(path.dirname(host.fakePath(RKE2_YAML)), { recursive: true });
    fs.mkdirSync(path.dirname(host.fakePath(RKE2_KUBECTL)), { recursive: true });
    fs.symlinkSync(toolPath(toolchainEnv(), "kubectl"), host.fakePath(RKE2_KUBECTL));
    await installMocks();
    rke2 = await import("../../components/rke2");
});

afterAll(async () => {
    await host?.stop();
});

describe("the SSH test host", () => {
    it("lets in only the generated client key, for a user that exists only in sshd's namespace", async () => {
        const other = fs.mkdtempSync(path.join(os.tmpdir(), "drover-otherkey-"));
        try {
            execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(other, "k")]);
            const args = ["-F", "/dev/null", "-i", path.join(other, "k"), "-p", `${host.port}`, "-o", "BatchMode=yes"];
            const known = ["-o", `UserKnownHostsFile=${host.knownHostsPath}`, "-o", "IdentitiesOnly=yes"];
            expect(() =>
                execFileSync("ssh", [...args, ...known, "drover@127.0.0.1", "true"], { stdio: "pipe" }),
            ).toThrow(/Permission denied \(publickey\)/);
        } finally {
            fs.rmSync(other, { recursive: true, force: true });
        }
        const who = await host.run("id -un; sudo -n id -un");
        expect(who).toMatchObject({ code: 0, stdout: "drover\nroot\n" });
        expect(fs.readFileSync("/etc/passwd", "utf8")).not.toMatch(/^drover:/m);
    });

    it("serves the node's rke2.yaml root-only, so only sudo can read it, as on a VM", async () => {
        const before = readIfExists(RKE2_YAML);
        writeRke2Yaml("kind: Config\n");
        const r = await host.run(`cat ${RKE2_YAML}; sudo cat ${RKE2_YAML}`);
        expect(r.stderr).toContain(`cat: ${RKE2_YAML}: Permission denied`);
        expect(r.stdout).toBe("kind: Config\n");
        // This machine's own /etc is untouched.
        expect(readIfExists(RKE2_YAML)).toBe(before);
    });
});

describe("reading the kubeconfig of an RKE2 cluster over real SSH", () => {
    it("waits until the API answers, then Rke2Cluster.kubeconfig is rke2.yaml with the registration address", async () => {
        const api = servers().downstream;
        // The API comes up 2 s after the script starts: until then nothing listens on its port.
        const late = await lateProxy(Number(new URL(api.url).port), 2000);
        const original = rke2Yaml(`https://127.0.0.1:${late.port}`, api.ca, api.token);
        writeRke2Yaml(original);
        try {
            const c = cluster("dev-a");
            const run = await waitForRun("dev-a-kubeconfig");
            expect(run.stderr).toBe("");
            expect(run.code).toBe(0);
            expect(run.stdout).toBe(original);
            expect(run.ms).toBeGreaterThanOrEqual(2000);
            expect(late.connections()).toBeGreaterThan(0);
            await checkKubeconfig(c, original);
        } finally {
            await late.close();
        }
    });
});

describe("the kubeconfig script's bounded wait, over real SSH", () => {
    it("fails with the timeout message, and prints nothing, when the API never answers", async () => {
        const closedPort = await freePort();
        writeRke2Yaml(rke2Yaml(`https://127.0.0.1:${closedPort}`, "not-a-ca", "token"));
        const r = await host.run(rke2.buildKubeconfigScript(3, 1), { timeoutMs: 60000 });
        expect(r.code).toBe(1);
        expect(r.stdout).toBe("");
        expect(r.stderr.trim()).toBe(
            'drover: the Kubernetes API of this server did not answer within 3s; check "sudo journalctl -u rke2-server" and "cloud-init status --long" on the node',
        );
        // The deadline is whole seconds of `date +%s`, checked once per poll (1 s here).
        expect(r.ms).toBeGreaterThanOrEqual(2000);
        expect(r.ms).toBeLessThan(15000);
    });

    it("fails with the timeout message when rke2.yaml never appears", async () => {
        writeRke2Yaml(undefined);
        const r = await host.run(rke2.buildKubeconfigScript(2, 1), { timeoutMs: 60000 });
        expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: "" });
        expect(r.stderr).toContain("did not answer within 2s");
    });

    // Each probe has its own request timeout, so an API that accepts connections and never answers cannot hold the
    // script past its deadline (without it, kubectl waits for ever).
    it("stays bounded when the API accepts connections but never answers", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drover-silent-api-"));
        const silent = await silentTlsServer(dir);
        try {
            writeRke2Yaml(rke2Yaml(`https://127.0.0.1:${silent.port}`, silent.ca, "token"));
            const r = await host.run(rke2.buildKubeconfigScript(3, 1), { timeoutMs: 25000 });
            expect(r.code).toBe(1);
            expect(r.stderr).toContain("did not answer within 3s");
        } finally {
            // Ends the hung probe, so the remote script reaches its deadline and exits.
            await silent.close();
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

/** The cluster's kubeconfig output against the rke2.yaml it was read from, and what drover registered to read it. */
async function checkKubeconfig(c: rke2Module.Rke2Cluster, original: string): Promise<void> {
    const kubeconfig = await valueOf(c.kubeconfig);
    expect(await isSecret(c.kubeconfig)).toBe(true);
    const expected = YAML.parse(original);
    expected.clusters[0].cluster.server = `https://${REGISTRATION}:6443`;
    expected.clusters[0].name = "dev-a";
    expected.users[0].name = "dev-a";
    expected.contexts[0] = { name: "dev-a", context: { cluster: "dev-a", user: "dev-a" } };
    expected["current-context"] = "dev-a";
    // Only the server and the `default` names change: CA, credentials and everything else are as read.
    expect(YAML.parse(kubeconfig!)).toEqual(expected);

    // What ran is what drover registered: the builder's script for the default timeout, as user drover with
    // the cluster's key, the whole connection secret (the command SDK makes it so).
    const inputs = commands.get("dev-a-kubeconfig")!;
    expect(inputs.create).toBe(rke2.buildKubeconfigScript(900));
    expect(isSecretValue(inputs.connection)).toBe(true);
    expect(unwrapSecrets(inputs.connection)).toMatchObject({ host: "127.0.0.1", user: "drover", port: 22 });
}

/** A loopback port where nothing listens until `delayMs` have passed, then forwards to `target`. */
async function lateProxy(target: number, delayMs: number) {
    const port = await freePort();
    const sockets = new Set<net.Socket>();
    let count = 0;
    const srv = net.createServer((inbound) => {
        count++;
        const outbound = net.connect(target, "127.0.0.1");
        for (const s of [inbound, outbound]) {
            sockets.add(s);
            s.on("error", () => undefined);
        }
        inbound.pipe(outbound).pipe(inbound);
    });
    const timer = setTimeout(() => srv.listen(port, "127.0.0.1"), delayMs);
    return {
        port,
        connections: () => count,
        close: () =>
            new Promise<void>((r) => {
                clearTimeout(timer);
                sockets.forEach((s) => s.destroy());
                if (srv.listening) {
                    srv.close(() => r());
                } else {
                    r();
                }
            }),
    };
}

/** The SSH run of a command the mocks started, once registration has reached it. */
async function waitForRun(name: string): Promise<SshResult> {
    const deadline = Date.now() + 60000;
    while (!runs.has(name)) {
        if (Date.now() > deadline) {
            throw new Error(`no command ${name} was registered; registered: ${[...commands.keys()].join(", ")}`);
        }
        await new Promise((r) => setTimeout(r, 50));
    }
    return runs.get(name)!;
}
