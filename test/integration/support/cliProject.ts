import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { toolchainEnv, toolPath } from "./toolchain";

/** The repository root; project work dirs live under its git-ignored `.it-work/`. */
export const REPO_ROOT = path.resolve(__dirname, "../../..");

/** What one `pulumi` CLI run printed and how it ended. */
export interface CliResult {
    /** The exit code, or null when the process was killed (see `signal`). */
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
}

/** A Pulumi project on disk, run with the real `pulumi` CLI of the offline toolchain. */
export interface CliProject {
    dir: string;
    /**
     * Runs `pulumi <args> --non-interactive --color never` in the project directory, with `extraEnv` added to the
     * toolchain's environment. Resolves with the outcome whatever the exit code.
     */
    pulumi(args: string[], extraEnv?: Record<string, string>): Promise<CliResult>;
    /** Removes the project and its state, unless DROVER_IT_KEEP is set. */
    dispose(): void;
}

const PASSPHRASE = "drover-integration-tests";
/** A preview that loads a TypeScript policy pack takes well under a minute here; this only stops a hang. */
const RUN_TIMEOUT_MS = 8 * 60 * 1000;

/**
 * Writes a project (file name -> content) into `.it-work/<name>-*` and sets it up for the CLI on a `file://`
 * backend in a temporary directory with passphrase secrets. Programs run by the language host from this directory
 * resolve `@pulumi/*`, ts-node and drover's sources from the repository's node_modules.
 */
export function createCliProject(name: string, files: Record<string, string>): CliProject {
    const workRoot = path.join(REPO_ROOT, ".it-work");
    fs.mkdirSync(workRoot, { recursive: true });
    const dir = fs.mkdtempSync(path.join(workRoot, `${name}-`));
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), `drover-it-${name}-`));
    for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), content);
    }
    const env = {
        ...toolchainEnv(),
        PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
        PULUMI_BACKEND_URL: `file://${stateDir}`,
    };
    const pulumiBin = toolPath(env, "pulumi");
    return {
        dir,
        pulumi: (args, extraEnv = {}) =>
            runCli(pulumiBin, [...args, "--non-interactive", "--color", "never"], dir, { ...env, ...extraEnv }),
        dispose() {
            if (process.env.DROVER_IT_KEEP) {
                return;
            }
            fs.rmSync(dir, { recursive: true, force: true });
            fs.rmSync(stateDir, { recursive: true, force: true });
        },
    };
}

function runCli(bin: string, args: string[], cwd: string, env: Record<string, string>): Promise<CliResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(bin, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
        child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
        child.on("error", (e) => {
            clearTimeout(timer);
            reject(e);
        });
        child.on("close", (code, signal) => {
            clearTimeout(timer);
            resolve({ code, signal, stdout, stderr });
        });
    });
}

/** Fails with the command's whole output unless it exited 0. */
export function expectSuccess(what: string, r: CliResult): void {
    if (r.code !== 0) {
        throw new Error(`${what} failed (exit ${r.code ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
    }
}
