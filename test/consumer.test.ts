import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * drover as a consumer gets it: `npm pack` the repository (prepack builds dist/), install the tarball into a copy
 * of examples/consumer with npm, and use it only through the published package: its .d.ts for `tsc`, its
 * JavaScript under Pulumi's mocks for the program. Needs the npm registry for the example's own dependencies.
 */

// Packing builds the library and installing fetches packages: minutes on a slow, shared machine.
jest.setTimeout(600_000);

const REPO = path.resolve(__dirname, "..");
const EXAMPLE = path.join(REPO, "examples", "consumer");

interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
}

/** The environment of child processes, without the npm_* variables of a surrounding `npm test`. */
function childEnv(): NodeJS.ProcessEnv {
    return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

function run(command: string, args: string[], cwd: string): Run {
    const r = spawnSync(command, args, { cwd, env: childEnv(), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.error) {
        throw r.error;
    }
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a step that must succeed, failing with its output when it does not. */
function must(what: string, command: string, args: string[], cwd: string): Run {
    const r = run(command, args, cwd);
    if (r.status !== 0) {
        throw new Error(`${what} failed (exit ${String(r.status)}):\n${r.stdout}\n${r.stderr}`);
    }
    return r;
}

let work: string;
let app: string;
let tarball: string;

/** `tsc` of the example's own TypeScript, as its package.json scripts run it. */
function tsc(...args: string[]): Run {
    return run(process.execPath, [path.join(app, "node_modules", "typescript", "bin", "tsc"), ...args], app);
}

/** Writes a file into the installed copy for one test, and removes it (and its build output) afterwards. */
function withFile<T>(name: string, text: string, body: () => T): T {
    const file = path.join(app, name);
    fs.writeFileSync(file, text);
    try {
        return body();
    } finally {
        fs.rmSync(file, { force: true });
        for (const out of [".js", ".js.map"]) {
            fs.rmSync(path.join(app, "bin", name.replace(/\.ts$/, out)), { force: true });
        }
    }
}

beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "drover-consumer-"));
    const packed = must("npm pack", "npm", ["pack", "--pack-destination", work, "--json"], REPO);
    // The JSON report follows whatever the prepack script printed.
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.search(/^\[/m))) as Array<{ filename: string }>;
    tarball = path.join(work, info.filename);

    app = path.join(work, "consumer");
    fs.cpSync(EXAMPLE, app, {
        recursive: true,
        filter: (src) => !/[/\\](node_modules|bin|out|package-lock\.json)$/.test(src),
    });
    const manifest = JSON.parse(fs.readFileSync(path.join(app, "package.json"), "utf8"));
    manifest.dependencies.drover = `file:${tarball}`;
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify(manifest, null, 2));
    // --ignore-scripts: the provider packages' install scripts would download plugins, which mocks do not need.
    must("npm install", "npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline"], app);
});

afterAll(() => {
    if (work) {
        fs.rmSync(work, { recursive: true, force: true });
    }
});

describe("a consumer of the packed library (examples/consumer)", () => {
    test("uses the @pulumi versions of drover's lock file, installed once", () => {
        const lock = JSON.parse(fs.readFileSync(path.join(REPO, "package-lock.json"), "utf8"));
        const example = JSON.parse(fs.readFileSync(path.join(EXAMPLE, "package.json"), "utf8"));
        for (const pkg of ["@pulumi/pulumi", "@pulumi/kubernetes"]) {
            const locked = lock.packages[`node_modules/${pkg}`].version as string;
            const installed = JSON.parse(fs.readFileSync(path.join(app, "node_modules", pkg, "package.json"), "utf8"));
            expect({ pkg, declared: example.dependencies[pkg], installed: installed.version }).toEqual({
                pkg,
                declared: locked,
                installed: locked,
            });
            // A second copy under drover would break Pulumi's instanceof checks between the two.
            expect(fs.existsSync(path.join(app, "node_modules", "drover", "node_modules", pkg))).toBe(false);
        }
    });

    test("type-checks against the published declarations", () => {
        const r = tsc("--noEmit");
        expect({ status: r.status, output: r.stdout + r.stderr }).toEqual({ status: 0, output: "" });
    });

    test("runs under Pulumi's mocks: one rendered cluster, Secrets redacted, the token only in secret outputs", () => {
        must("tsc", process.execPath, [path.join(app, "node_modules", "typescript", "bin", "tsc")], app);
        const r = run(process.execPath, [path.join("bin", "test", "check.js")], app);
        expect({ status: r.status, stderr: r.status === 0 ? "" : r.stderr }).toEqual({ status: 0, stderr: "" });
        expect(r.stdout.trim()).toMatch(
            /^consumer check passed: \d+ resources, 3 servers and 2 agents rendered, 5 Secrets redacted, join token only in secret outputs$/,
        );
    });

    test("a misspelt argument fails tsc, naming the property and the published type", () => {
        const bad = [
            'import * as drover from "drover";',
            "",
            "export const rke2: drover.FleetRke2Args = {",
            '    version: "v1.33.5+rke2r1",',
            '    registrationAdress: "10.120.0.10",',
            '    controlPlane: { count: 3, cpu: 4, memory: "8Gi", diskSize: "60Gi" },',
            "};",
            "",
        ].join("\n");
        const r = withFile("bad-types.ts", bad, () => tsc("--noEmit"));
        expect(r.status).not.toBe(0);
        expect(r.stdout.trim().split("\n")).toEqual([
            "bad-types.ts(5,5): error TS2561: Object literal may only specify known properties, but 'registrationAdress' does not exist in type 'FleetRke2Args'. Did you mean to write 'registrationAddress'?",
        ]);
    });

    test("a bad value fails at run time with drover's DroverInputError, before anything is registered", () => {
        const bad = [
            'import * as pulumi from "@pulumi/pulumi";',
            'import * as drover from "drover";',
            'import { edgeCluster } from "./site";',
            "",
            "async function main(): Promise<void> {",
            "    let registered = 0;",
            "    await pulumi.runtime.setMocks(",
            "        {",
            "            newResource: (a) => {",
            "                registered++;",
            "                return { id: `${a.name}-id`, state: a.inputs };",
            "            },",
            "            call: (a) => a.inputs,",
            "        },",
            '        "drover-consumer-example",',
            '        "edge",',
            "        false,",
            "    );",
            '    const args = edgeCluster({ environment: "edge", renderDirectory: "out/edge-a" });',
            "    const rke2 = { ...args.rke2, controlPlane: { ...args.rke2.controlPlane, count: 2 } };",
            "    let error: unknown;",
            "    try {",
            '        new drover.FleetCluster("edge-a", { ...args, rke2 });',
            "    } catch (e) {",
            "        error = e;",
            "    }",
            "    await new Promise((r) => setTimeout(r, 500));",
            "    console.log(",
            "        JSON.stringify({",
            "            instanceOf: error instanceof drover.DroverInputError,",
            "            message: error instanceof Error ? error.message : String(error),",
            "            registered,",
            "        }),",
            "    );",
            "}",
            "",
            "main().then(() => process.exit(0));",
            "",
        ].join("\n");
        const r = withFile("bad-value.ts", bad, () => {
            must("tsc", process.execPath, [path.join(app, "node_modules", "typescript", "bin", "tsc")], app);
            return run(process.execPath, [path.join("bin", "bad-value.js")], app);
        });
        expect(r.status).toBe(0);
        expect(JSON.parse(r.stdout.trim())).toEqual({
            instanceOf: true,
            message:
                'FleetCluster "edge-a": rke2.controlPlane.count 2 must be odd (1, 3, 5, 7 or 9) so etcd keeps quorum when a server is down; use 3',
            registered: 0,
        });
    });
});
