import * as path from "path";
import { DroverInputError, InputProblem } from "../common/errors";
import { sshPrivateKeyProblem } from "../common/rules";
import { collectProblems, formatPath } from "../common/validation";
import { FleetClusterConfig, parseClusterEntry, EnvironmentContext } from "./configClusters";
import { configUsageProblems, duplicateProblems } from "./configRules";
import { decodeConfig, topLevelSchema } from "./configSchema";
import {
    CONFIG_SECRET_NAMES,
    joinTokenProblems,
    plaintextSecretProblems,
    SecretsPresent,
    stripFluxSecrets,
    stripRancherSecrets,
} from "./configSecrets";
import { policyConfigProblems } from "./configPolicy";

export { type FleetClusterConfig } from "./configClusters";

/** One environment's configuration, validated. Paths are absolute; secrets are only known to be set. */
export interface FleetConfig {
    /** The stack name. */
    stack: string;
    /** The environment (`drover:environment`). */
    environment: string;
    /** The CrossGuard config file of this environment. @default - none */
    policyConfig?: string;
    /** Refuse a policy config that leaves any policy advisory. @default false */
    requireMandatoryPolicies: boolean;
    /** Render into this directory (one sub-directory per cluster) instead of deploying. @default - deploy */
    renderDirectory?: string;
    /** The platform stack that publishes `harvesterKubeconfig` and `rancherKubeconfig`. @default - none */
    platformStack?: string;
    /** Which `drover:` secrets are set (encrypted); the program reads their values with `config.getSecret`. */
    secrets: SecretsPresent;
    /** The clusters, in configuration order. */
    clusters: FleetClusterConfig[];
}

export interface ParseFleetConfigOptions {
    /** Config keys (`drover:registryPassword`) whose values are secret: the runtime's secret keys. @default [] */
    secretKeys?: readonly string[];
    /** The project directory: relative paths in the configuration are relative to it. @default the working directory */
    rootDirectory?: string;
}

type Loose = Record<string, unknown>;

function str(v: unknown): string | undefined {
    return typeof v === "string" && v !== "" ? v : undefined;
}

/** An environment-level block with its secret fields removed and reported. */
function envBlock(name: "rancher" | "flux", v: unknown, problems: InputProblem[]): Loose | undefined {
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
        return undefined;
    }
    const { clean, found } = (name === "rancher" ? stripRancherSecrets : stripFluxSecrets)(v as Loose);
    problems.push(...found.map((f) => ({ path: formatPath([name, ...f.path]), value: undefined, reason: f.reason })));
    return clean;
}

function dedupe(problems: InputProblem[]): InputProblem[] {
    const seen = new Set<string>();
    return problems.filter((p) => {
        const k = `${p.path}\u0000${p.reason}\u0000${JSON.stringify(p.value) ?? ""}`;
        if (seen.has(k)) {
            return false;
        }
        seen.add(k);
        return true;
    });
}

/**
 * Validates one environment's whole configuration at once: the stack's config map (`drover:<key>` → value, as
 * `pulumi.runtime.allConfig()` returns it; structured values as JSON text or already parsed). Every cluster is
 * checked with FleetCluster's own validation, so each message is the one the component would give, at its
 * configuration path (`clusters[1].rke2.controlPlane.count`). Unknown keys, secrets in plain text and unused secrets
 * are errors. Throws one {@link DroverInputError} (`FleetConfig "<stack>"`) listing every problem.
 */
export function parseFleetConfig(
    stack: string,
    config: Record<string, unknown>,
    options: ParseFleetConfigOptions = {},
): FleetConfig {
    const secretKeys = new Set(options.secretKeys ?? []);
    const root = options.rootDirectory || process.cwd();
    const problems: InputProblem[] = plaintextSecretProblems(config, (k) => secretKeys.has(k));
    const decoded = decodeConfig(config);
    const v = decoded.values;
    problems.push(...decoded.problems, ...collectProblems(topLevelSchema, v));

    const secrets = Object.fromEntries(CONFIG_SECRET_NAMES.map((k) => [k, str(v[k]) !== undefined])) as SecretsPresent;
    const environment = str(v.environment);
    const renderDirectory = str(v.renderDirectory);
    const env: EnvironmentContext = {
        // A missing or bad environment is reported once, above; the clusters are checked with a stand-in.
        environment:
            environment !== undefined && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(environment) ? environment : "env",
        render: renderDirectory !== undefined,
        rootDirectory: root,
        rancher: envBlock("rancher", v.rancher, problems),
        flux: envBlock("flux", v.flux, problems),
        secrets,
    };
    const entries = Array.isArray(v.clusters) ? v.clusters : [];
    const parsed = entries.map((c, i) => parseClusterEntry(c, i, env));
    const clusters = parsed.flatMap((p) => (p.cluster ? [p.cluster] : []));
    problems.push(...parsed.flatMap((p) => p.problems));
    if (clusters.length === entries.length) {
        problems.push(...duplicateProblems(clusters, env.environment));
    }
    if (secrets.nodeSshPrivateKey) {
        const reason = sshPrivateKeyProblem(v.nodeSshPrivateKey as string, "drover's SSH connection");
        if (reason !== undefined) {
            problems.push({ path: "nodeSshPrivateKey", value: undefined, reason });
        }
    }
    if (secrets.rke2JoinTokens && clusters.length === entries.length) {
        problems.push(
            ...joinTokenProblems(
                v.rke2JoinTokens as string,
                clusters.map((c) => c.name),
            ),
        );
    }
    const platformStack = str(v.platformStack);
    problems.push(...configUsageProblems({ clusters, secrets, render: env.render, platformStack }));
    const requireMandatoryPolicies = v.requireMandatoryPolicies === true;
    const policyConfig = str(v.policyConfig) === undefined ? undefined : path.resolve(root, v.policyConfig as string);
    // Checked against the environment only when that is valid (a bad one is reported above).
    const knownEnv = env.environment === environment ? environment : undefined;
    problems.push(...policyConfigProblems(policyConfig, str(v.policyConfig), knownEnv, requireMandatoryPolicies));

    const all = dedupe(problems);
    if (all.length > 0) {
        throw new DroverInputError("FleetConfig", stack, all);
    }
    return {
        stack,
        environment: environment as string,
        ...(policyConfig !== undefined ? { policyConfig } : {}),
        requireMandatoryPolicies,
        ...(renderDirectory !== undefined ? { renderDirectory: path.resolve(root, renderDirectory) } : {}),
        ...(platformStack !== undefined ? { platformStack } : {}),
        secrets,
        clusters,
    };
}
