import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { CONFIG_SECRET_NAMES, ConfigSecretName, FleetConfig } from "../components/fleet";

/** The environment variable the language host lists secret config keys in (sdk/nodejs/runtime/config.ts). */
const SECRET_KEYS_ENV = "PULUMI_CONFIG_SECRET_KEYS";

/**
 * True when a config key holds a secret (`pulumi config set --secret`). The SDK knows it from the secret keys the
 * language host passes (`pulumi.runtime.isConfigSecret`, exported at run time though marked internal); the
 * environment variable is the fallback for SDKs without it.
 */
export function isConfigSecret(key: string): boolean {
    const runtime = pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean };
    if (typeof runtime.isConfigSecret === "function") {
        return runtime.isConfigSecret(key);
    }
    try {
        const keys = JSON.parse(process.env[SECRET_KEYS_ENV] ?? "[]") as unknown;
        return Array.isArray(keys) && keys.includes(key);
    } catch {
        return false;
    }
}

/**
 * The project directory, where Pulumi.yaml is: relative paths in the configuration are relative to it. The program
 * itself runs from `dist/stacks/` (Pulumi.yaml `main`), which is also its working directory. The runtime's root
 * directory is used when it is a real one (some language hosts pass a placeholder); otherwise the nearest directory
 * above `cwd` that holds a Pulumi.yaml.
 */
export function findProjectRoot(cwd: string, given?: string): string {
    const isProject = (d: string) => ["Pulumi.yaml", "Pulumi.yml"].some((f) => fs.existsSync(path.join(d, f)));
    if (given && path.isAbsolute(given) && isProject(given)) {
        return given;
    }
    for (let d = path.resolve(cwd); ; d = path.dirname(d)) {
        if (isProject(d)) {
            return d;
        }
        if (path.dirname(d) === d) {
            return path.resolve(cwd);
        }
    }
}

/** The stack's whole configuration and which of its keys are secret. */
export function readStackConfig(): { config: Record<string, string>; secretKeys: string[] } {
    const config = pulumi.runtime.allConfig();
    return { config, secretKeys: Object.keys(config).filter(isConfigSecret) };
}

/** The values of the `drover:` secrets that are set, each a secret Output. */
export type SecretValues = Partial<Record<ConfigSecretName, pulumi.Output<string>>>;

/** Reads the secrets the configuration says are set, with `getSecret` (never as plain values). */
export function readSecrets(cfg: FleetConfig): SecretValues {
    const config = new pulumi.Config("drover");
    const out: SecretValues = {};
    for (const k of CONFIG_SECRET_NAMES) {
        if (cfg.secrets[k]) {
            out[k] = config.requireSecret(k);
        }
    }
    return out;
}
