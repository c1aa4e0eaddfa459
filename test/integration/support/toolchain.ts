import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Where `npm run toolchain` (scripts/toolchain/build.sh) caches what it builds. */
export const TOOLCHAIN_DIR = process.env.DROVER_TOOLCHAIN_DIR ?? path.join(os.homedir(), ".cache", "drover-toolchain");

/**
 * The environment the toolchain's env.sh sets up: PATH with the Pulumi CLI, language host, kube-apiserver and
 * etcd first, PULUMI_HOME with the provider plugins, and the switches that forbid any download.
 * Fails with the command to run when the toolchain has not been built.
 */
export function toolchainEnv(): Record<string, string> {
    const envFile = path.join(TOOLCHAIN_DIR, "env.sh");
    if (!fs.existsSync(envFile)) {
        throw new Error(`The offline toolchain is missing (${envFile}); build it with \`npm run toolchain\` first.`);
    }
    const out = execFileSync("bash", ["-c", `set -a; source "$1"; env -0`, "bash", envFile], { encoding: "utf8" });
    const env: Record<string, string> = {};
    for (const entry of out.split("\0")) {
        const i = entry.indexOf("=");
        if (i > 0) {
            env[entry.slice(0, i)] = entry.slice(i + 1);
        }
    }
    return env;
}

/** Finds a binary on the toolchain PATH, or fails naming the build step. */
export function toolPath(env: Record<string, string>, name: string): string {
    for (const dir of (env.PATH ?? "").split(":")) {
        const p = path.join(dir, name);
        if (dir && fs.existsSync(p)) {
            return p;
        }
    }
    throw new Error(`${name} is not on the toolchain PATH; run \`npm run toolchain\` to build it.`);
}
