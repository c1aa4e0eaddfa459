import { EngineEvent, LocalWorkspace, PulumiCommand, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { filesUnder } from "./files";
import { TOOLCHAIN_DIR, toolchainEnv } from "./toolchain";

/** A stack on a throw-away file backend, with everything the engine printed collected for the secrets scan. */
export interface TestStack {
    stack: Stack;
    dir: string;
    /** Engine output and events of every operation so far. */
    log: string[];
    /** The state file as the engine wrote it. */
    stateText(): Promise<string>;
    /** Destroys what is left, removes the stack and the temporary directory. */
    dispose(): Promise<void>;
}

const PASSPHRASE = "drover-integration-tests";

/**
 * Creates a stack for an inline program on a `file://` backend in a temporary directory, with the passphrase
 * secrets provider and the offline toolchain. It never touches the user's own Pulumi state or home.
 */
export async function createTestStack(
    projectName: string,
    program: PulumiFn,
    extraEnv: Record<string, string> = {},
): Promise<TestStack> {
    // The work dir sits in the checkout (git-ignored) so that dynamic providers, which the engine runs from it,
    // resolve @pulumi/pulumi and drover from this repository's node_modules. The state stays in a temp dir.
    const workRoot = path.resolve(__dirname, "../../../.it-work");
    fs.mkdirSync(workRoot, { recursive: true });
    const dir = fs.mkdtempSync(path.join(workRoot, `${projectName}-`));
    const backendDir = fs.mkdtempSync(path.join(os.tmpdir(), `drover-it-${projectName}-`));
    const backend = path.join(backendDir, "state");
    fs.mkdirSync(backend);
    const env = {
        ...toolchainEnv(),
        PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
        PULUMI_BACKEND_URL: `file://${backend}`,
        ...extraEnv,
    };
    const pulumiVersionDir = fs
        .readdirSync(TOOLCHAIN_DIR)
        .filter((d) => /^pulumi-\d/.test(d))
        .map((d) => path.join(TOOLCHAIN_DIR, d))[0];
    const pulumiCommand = await PulumiCommand.get({ root: pulumiVersionDir, skipVersionCheck: false });
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: "it", projectName, program },
        {
            workDir: dir,
            pulumiCommand,
            envVars: env,
            projectSettings: { name: projectName, runtime: "nodejs", backend: { url: `file://${backend}` } },
        },
    );
    const log: string[] = [];
    return {
        stack,
        dir,
        log,
        async stateText() {
            const files = filesUnder(backend).filter(
                (p) => p.endsWith(".json") && p.includes(`${path.sep}stacks${path.sep}`),
            );
            return files.map((f) => fs.readFileSync(f, "utf8")).join("\n");
        },
        async dispose() {
            try {
                await stack.destroy({ onOutput: (o) => log.push(o) });
                await stack.workspace.removeStack("it");
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
                fs.rmSync(backendDir, { recursive: true, force: true });
            }
        },
    };
}

/** Options that collect the engine's output and events into the stack's log. */
export function logTo(t: TestStack) {
    return {
        onOutput: (o: string) => t.log.push(o),
        onEvent: (e: EngineEvent) => t.log.push(JSON.stringify(e)),
    };
}

/** Every secret value that appears in plaintext in `haystack`, for the secrets scan. */
export function leakedSecrets(haystack: string, secrets: string[]): string[] {
    return secrets.filter((s) => s.length >= 8 && haystack.includes(s));
}

/**
 * The engine output and events without debug diagnostics. @pulumi/pulumi logs every RegisterResource response,
 * secrets included, as a *debug* diagnostic (sdk/nodejs/runtime/resource.ts, "RegisterResource RPC finished");
 * the CLI prints those only with --debug. They are Pulumi's, not drover's, and the README warns about them.
 */
export function nonDebugLog(t: TestStack): string {
    return t.log
        .filter((line) => {
            try {
                return (
                    (JSON.parse(line) as { diagnosticEvent?: { severity?: string } }).diagnosticEvent?.severity !==
                    "debug"
                );
            } catch {
                return true;
            }
        })
        .join("\n");
}

/**
 * The stack outputs the engine shows in plain text. The Automation API reads outputs with --show-secrets, so the
 * ones marked secret are left out: what matters is that no secret value sits in an output *not* marked secret.
 */
export async function plainOutputs(t: TestStack): Promise<string> {
    const outputs = await t.stack.outputs();
    return JSON.stringify(
        Object.fromEntries(
            Object.entries(outputs)
                .filter(([, o]) => !o.secret)
                .map(([k, o]) => [k, o.value]),
        ),
    );
}
