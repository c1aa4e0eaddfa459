// `npm run bench:engine`: the real-engine figures of issue 10. `pulumi preview` and `pulumi up` of the local render
// stack with N = 1 and N = 20 clusters on a file backend, and start-up of Pulumi's default TypeScript path (ts-node
// with type-check of stacks/index.ts) against the path drover ships (precompiled JavaScript in dist/). Uses the
// toolchain's `pulumi` (scripts/toolchain/build.sh; DROVER_TOOLCHAIN_DIR) and writes bench/engine-results.json.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";

const ROOT = path.resolve(__dirname, "..");
const TOOLCHAIN = process.env.DROVER_TOOLCHAIN_DIR ?? path.join(os.homedir(), ".cache", "drover-toolchain");
const SIZES = [1, 20];
const STARTUP_RUNS = 3;

type Env = Record<string, string>;

function toolchainEnv(): Env {
    const envFile = path.join(TOOLCHAIN, "env.sh");
    if (!fs.existsSync(envFile)) {
        throw new Error(`the offline toolchain is missing (${envFile}); build it with \`npm run toolchain\``);
    }
    const out = execFileSync("bash", ["-c", `set -a; source "$1"; env -0`, "bash", envFile], { encoding: "utf8" });
    return Object.fromEntries(
        out
            .split("\0")
            .filter((e) => e.includes("="))
            .map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]),
    );
}

interface Timed {
    seconds: number;
    output: string;
}

function pulumi(dir: string, env: Env, args: string[], stdin?: string): Timed {
    const t0 = process.hrtime.bigint();
    const r = spawnSync("pulumi", [...args, "--non-interactive", "--color", "never"], {
        cwd: dir,
        env,
        input: stdin,
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0) {
        throw new Error(`pulumi ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`.slice(-4000));
    }
    return { seconds, output: `${r.stdout}\n${r.stderr}` };
}

/** A copy of the project for one measurement: the files the local stack runs from, node_modules linked. */
function project(name: string, clusters: number, typescript: boolean): string {
    const dir = fs.mkdtempSync(path.join(ROOT, ".it-work", `bench-${name}-`));
    const proj = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));
    if (typescript) {
        // Pulumi's default for a TypeScript program: ts-node with type-check, from the sources.
        proj.runtime = "nodejs";
        proj.main = "stacks/index.ts";
        for (const f of ["index.ts", "tsconfig.json"]) {
            fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
        }
        for (const d of ["components", "stacks"]) {
            fs.cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
        }
    } else {
        fs.cpSync(path.join(ROOT, "dist"), path.join(dir, "dist"), { recursive: true });
        fs.mkdirSync(path.join(dir, "stacks", "local"), { recursive: true });
        fs.copyFileSync(
            path.join(ROOT, "stacks", "local", "flux-operator-standin.yaml"),
            path.join(dir, "stacks", "local", "flux-operator-standin.yaml"),
        );
    }
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), YAML.stringify(proj));
    fs.copyFileSync(path.join(ROOT, "package.json"), path.join(dir, "package.json"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    // N copies of the local stack's cluster, each in its own namespace.
    const stack = YAML.parse(fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.local.yaml"), "utf8"));
    const base = stack.config["drover:clusters"][0];
    stack.config["drover:clusters"] = Array.from({ length: clusters }, (_, i) => ({
        ...base,
        name: `local-${i + 1}`,
        namespace: `fleet-local-${i + 1}`,
        rke2: { ...base.rke2, registrationAddress: `10.100.${i + 1}.10` },
    }));
    fs.mkdirSync(path.join(dir, "stacks"), { recursive: true });
    fs.writeFileSync(path.join(dir, "stacks", "Pulumi.local.yaml"), YAML.stringify(stack));
    return dir;
}

function keygen(dir: string, file: string, type: string): string {
    execFileSync("ssh-keygen", ["-q", "-t", type, "-N", "", "-f", path.join(dir, file)]);
    return fs.readFileSync(path.join(dir, file), "utf8");
}

/** Initialises the stack with the secrets scripts/local.sh gives it, so nothing is generated. */
function initStack(dir: string, env: Env, clusters: number): void {
    pulumi(dir, env, ["stack", "init", "local"]);
    const keys = fs.mkdtempSync(path.join(os.tmpdir(), "drover-bench-keys-"));
    try {
        const tokens = Object.fromEntries(
            Array.from({ length: clusters }, (_, i) => [`local-${i + 1}`, `bench-token-${i + 1}-0123456789abcdef`]),
        );
        const secrets: Record<string, string> = {
            nodeSshPrivateKey: keygen(keys, "node", "ed25519"),
            gitSshPrivateKey: keygen(keys, "deploy", "ed25519"),
            rke2JoinTokens: JSON.stringify(tokens),
        };
        for (const [k, v] of Object.entries(secrets)) {
            pulumi(dir, env, ["config", "set", "--secret", "-s", "local", `drover:${k}`], v);
        }
    } finally {
        fs.rmSync(keys, { recursive: true, force: true });
    }
}

function resources(output: string): number {
    const m = output.match(/Resources:\s*\n\s*(?:\+\s*)?(\d+)/);
    return m ? Number(m[1]) : NaN;
}

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
}

function main(): void {
    const base = toolchainEnv();
    fs.mkdirSync(path.join(ROOT, ".it-work"), { recursive: true });
    if (!fs.existsSync(path.join(ROOT, "dist", "stacks", "index.js"))) {
        execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
    }
    const results: Record<string, unknown> = {
        machine: { cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
        standIns: base.DROVER_TOOLCHAIN_STANDINS ?? "none",
    };
    const dirs: string[] = [];
    try {
        const scale: Array<Record<string, number>> = [];
        for (const n of SIZES) {
            const dir = project(`n${n}`, n, false);
            dirs.push(dir);
            const state = fs.mkdtempSync(path.join(os.tmpdir(), "drover-bench-state-"));
            dirs.push(state);
            const env = { ...base, PULUMI_BACKEND_URL: `file://${state}`, PULUMI_CONFIG_PASSPHRASE: "bench" };
            initStack(dir, env, n);
            const preview = pulumi(dir, env, ["preview", "-s", "local"]);
            const up = pulumi(dir, env, ["up", "-s", "local", "--yes", "--skip-preview"]);
            const count = resources(up.output);
            scale.push({
                clusters: n,
                resources: count,
                previewSeconds: preview.seconds,
                upSeconds: up.seconds,
                previewSecondsPerResource: preview.seconds / count,
                upSecondsPerResource: up.seconds / count,
            });
            process.stderr.write(
                `  engine N=${n}: ${count} resources, preview ${preview.seconds.toFixed(1)} s, up ${up.seconds.toFixed(1)} s\n`,
            );
        }
        results.scale = scale;

        // Start-up: a preview of the one-cluster local stack, shipped path (dist/) against ts-node with type-check.
        const startup: Record<string, number[]> = { shipped: [], typescript: [] };
        for (const [mode, ts] of [
            ["shipped", false],
            ["typescript", true],
        ] as const) {
            const dir = project(`startup-${mode}`, 1, ts);
            dirs.push(dir);
            const state = fs.mkdtempSync(path.join(os.tmpdir(), "drover-bench-state-"));
            dirs.push(state);
            const env = { ...base, PULUMI_BACKEND_URL: `file://${state}`, PULUMI_CONFIG_PASSPHRASE: "bench" };
            initStack(dir, env, 1);
            for (let i = 0; i < STARTUP_RUNS; i++) {
                startup[mode].push(pulumi(dir, env, ["preview", "-s", "local"]).seconds);
            }
            process.stderr.write(`  start-up ${mode}: ${startup[mode].map((s) => s.toFixed(1)).join(", ")} s\n`);
        }
        const shipped = median(startup.shipped);
        const typescript = median(startup.typescript);
        results.startup = {
            runs: STARTUP_RUNS,
            shippedPreviewSeconds: shipped,
            typescriptPreviewSeconds: typescript,
            ratio: typescript / shipped,
            target: 3,
        };
    } finally {
        for (const d of dirs) {
            fs.rmSync(d, { recursive: true, force: true });
        }
    }
    fs.writeFileSync(path.join(__dirname, "engine-results.json"), `${JSON.stringify(results, null, 2)}\n`);
    console.log(JSON.stringify(results, null, 2));
}

main();
