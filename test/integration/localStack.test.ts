import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { schemaErrors } from "../support/schemas";
import { privateKeyLines } from "../support/sshKeys";
import { filesUnder } from "./support/files";
import { leakedSecrets } from "./support/pulumiStack";
import { toolchainEnv } from "./support/toolchain";

/**
 * The main job, as the README gives it: `bash scripts/local.sh` runs `pulumi up -s local` with the real engine
 * (the Pulumi CLI, the Node.js language host and the kubernetes provider plugin from the offline toolchain) on a
 * file backend, in a copy of this checkout. It must render the whole cluster under out/local-a/, with objects
 * that validate against the upstream schemas in ../shared/schemas and no secret value in any file, the state or
 * the log, and a second run must change nothing.
 */

const ROOT = path.resolve(__dirname, "..", "..");
let work: string;
let env: Record<string, string>;
let first: { status: number | null; output: string };

function run(cmd: string, args: string[]): { status: number | null; output: string } {
    const r = spawnSync(cmd, args, { cwd: work, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

/** The secret values scripts/local.sh made for this checkout: key files, their bodies, and the join tokens. */
function localSecrets(): string[] {
    const dir = path.join(work, ".pulumi-state", "local-secrets");
    const out: string[] = [];
    for (const f of ["node", "deploy"]) {
        const key = fs.readFileSync(path.join(dir, f), "utf8");
        const pub = fs.readFileSync(path.join(dir, `${f}.pub`), "utf8").trim();
        // Any line of the key body that is not a piece of the (public) public key gives the key away.
        out.push(...privateKeyLines(key, pub));
    }
    const tokens = JSON.parse(fs.readFileSync(path.join(dir, "tokens.json"), "utf8")) as Record<string, string>;
    out.push(...Object.values(tokens));
    return out;
}

beforeAll(() => {
    const base = toolchainEnv();
    env = { ...process.env, ...base } as Record<string, string>;
    // The script's own defaults: its file backend and passphrase, in the copy.
    delete env.PULUMI_BACKEND_URL;
    delete env.PULUMI_CONFIG_PASSPHRASE;
    delete env.PULUMI_CONFIG_PASSPHRASE_FILE;
    fs.mkdirSync(path.join(ROOT, ".it-work"), { recursive: true });
    work = fs.mkdtempSync(path.join(ROOT, ".it-work", "local-stack-"));
    // A copy of the checkout (tracked and new, not ignored files: what a fresh clone of it has), with its node_modules.
    const tracked = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
        cwd: ROOT,
        encoding: "utf8",
    }).split("\0");
    for (const f of tracked.filter((f) => f !== "" && fs.existsSync(path.join(ROOT, f)))) {
        fs.mkdirSync(path.join(work, path.dirname(f)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, f), path.join(work, f));
    }
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(work, "node_modules"));
    first = run("bash", ["scripts/local.sh"]);
});

afterAll(() => {
    if (work && process.env.DROVER_IT_KEEP !== "1") {
        fs.rmSync(work, { recursive: true, force: true });
    }
});

test("scripts/local.sh runs `pulumi up -s local` to completion on the real engine", () => {
    if (first.status !== 0) {
        throw new Error(`scripts/local.sh exited ${first.status}:\n${first.output.slice(-4000)}`);
    }
    expect(first.output).toMatch(/pulumi up -s local: rendering to out\//);
    expect(first.output).toMatch(/Resources:\s+\+ \d+ created/);
});

test("renders the whole cluster under out/local-a/, every object valid against the upstream schemas", () => {
    const out = path.join(work, "out", "local-a");
    const docs = filesUnder(out)
        .filter((f) => f.endsWith(".yaml"))
        .flatMap((f) => YAML.parseAllDocuments(fs.readFileSync(f, "utf8")).map((d) => d.toJS() as Record<string, any>)); // eslint-disable-line @typescript-eslint/no-explicit-any
    const kinds = docs.map((d) => `${d.apiVersion} ${d.kind}`);
    for (const k of [
        "kubevirt.io/v1 VirtualMachine",
        "harvesterhci.io/v1beta1 VirtualMachineImage",
        "harvesterhci.io/v1beta1 KeyPair",
        "k8s.cni.cncf.io/v1 NetworkAttachmentDefinition",
        "v1 Secret",
        "provisioning.cattle.io/v1 Cluster",
        "fluxcd.controlplane.io/v1 FluxInstance",
    ]) {
        expect(kinds).toContain(k);
    }
    expect(docs.filter((d) => d.kind === "VirtualMachine")).toHaveLength(2);
    const checked = docs.filter((d) =>
        /^(kubevirt\.io|harvesterhci\.io|k8s\.cni\.cncf\.io|provisioning\.cattle\.io|fluxcd\.controlplane\.io|source\.toolkit\.fluxcd\.io|kustomize\.toolkit\.fluxcd\.io)\//.test(
            d.apiVersion,
        ),
    );
    expect(checked.length).toBeGreaterThanOrEqual(6);
    for (const d of checked) {
        expect([d.kind, d.metadata?.name, schemaErrors(d)]).toEqual([d.kind, d.metadata?.name, []]);
    }
});

test("no secret value in the rendered files, the state or the engine's output", () => {
    const secrets = localSecrets();
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    const rendered = filesUnder(path.join(work, "out"))
        .map((f) => fs.readFileSync(f, "utf8"))
        .join("\n");
    const state = filesUnder(path.join(work, ".pulumi-state", ".pulumi"))
        .filter((f) => f.endsWith(".json"))
        .map((f) => fs.readFileSync(f, "utf8"))
        .join("\n");
    expect(state).toContain('"drover:index:FleetCluster"');
    expect(leakedSecrets(rendered, secrets)).toEqual([]);
    expect(leakedSecrets(state, secrets)).toEqual([]);
    expect(leakedSecrets(first.output, secrets)).toEqual([]);
    // The rendered Secrets say where their values are instead.
    expect(rendered).toContain("drover.io/redacted");
});

test("a second run changes nothing, and a preview expects no changes", () => {
    const second = run("bash", ["scripts/local.sh"]);
    expect(second.status).toBe(0);
    expect(second.output).not.toMatch(/[+~-]+\s*\d+ (to )?(create|update|delete|replace)/);
    expect(second.output).toMatch(/\d+ unchanged/);
    const cfg = path.join(work, ".pulumi-state", "Pulumi.local.yaml");
    const penv = {
        ...env,
        PULUMI_BACKEND_URL: `file://${path.join(work, ".pulumi-state")}`,
        PULUMI_CONFIG_PASSPHRASE: "drover-local-render",
    };
    const preview = spawnSync(
        "pulumi",
        ["preview", "-s", "local", "--config-file", cfg, "--expect-no-changes", "--non-interactive"],
        { cwd: work, env: penv, encoding: "utf8" },
    );
    expect([preview.status, `${preview.stdout}\n${preview.stderr}`.slice(-3000)]).toEqual([0, expect.any(String)]);
});

test("day 2: a new drover:flux.interval reaches the rendered FluxInstance, and a new path is refused at preview", () => {
    const cfg = path.join(work, ".pulumi-state", "Pulumi.local.yaml");
    const penv = {
        ...env,
        PULUMI_BACKEND_URL: `file://${path.join(work, ".pulumi-state")}`,
        PULUMI_CONFIG_PASSPHRASE: "drover-local-render",
    };
    const pulumi = (...args: string[]) => {
        const r = spawnSync("pulumi", [...args, "-s", "local", "--config-file", cfg, "--non-interactive"], {
            cwd: work,
            env: penv,
            encoding: "utf8",
            maxBuffer: 64 * 1024 * 1024,
        });
        return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
    };
    const instance = () => {
        const docs = filesUnder(path.join(work, "out"))
            .filter((f) => f.endsWith(".yaml"))
            .flatMap((f) => YAML.parseAllDocuments(fs.readFileSync(f, "utf8")).map((d) => d.toJS()))
            .filter((d) => d?.kind === "FluxInstance");
        expect(docs).toHaveLength(1);
        return docs[0];
    };
    expect(instance().spec.sync.interval).toBe("1m0s");

    expect(pulumi("config", "set", "--path", "drover:flux.interval", "5m0s").status).toBe(0);
    const up = pulumi("up", "--yes");
    expect([up.status, up.output.slice(-3000)]).toEqual([0, expect.any(String)]);
    expect(up.output).not.toMatch(/replace/);
    expect(instance().spec.sync.interval).toBe("5m0s");
    const again = pulumi("preview", "--expect-no-changes");
    expect([again.status, again.output.slice(-3000)]).toEqual([0, expect.any(String)]);

    expect(pulumi("config", "set", "--path", "drover:flux.path", "clusters/elsewhere").status).toBe(0);
    const refused = pulumi("preview");
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain(
        'FluxBootstrap "local-a-flux": path "clusters/elsewhere" cannot change after Flux is bootstrapped (it was "clusters/local/local-a")',
    );
    expect(instance().spec.sync.path).toBe("clusters/local/local-a");
});
