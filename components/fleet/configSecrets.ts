import { InputProblem } from "../common/errors";

/**
 * Secrets of a fleet stack. They come only from `pulumi config set --secret drover:<key>` (encrypted in the stack
 * file), never from plain configuration or files, and the stack program reads them with `config.getSecret`.
 */
export const CONFIG_SECRETS = {
    harvesterKubeconfig: "the kubeconfig of the Harvester cluster",
    rancherKubeconfig: "the kubeconfig of Rancher's local cluster",
    etcdS3AccessKey: "the access key of the etcd snapshot bucket",
    etcdS3SecretKey: "the secret key of the etcd snapshot bucket",
    registryPassword: "the password of the registry in rke2.registryAuths",
    gitHttpsToken: "the token (or password) Flux uses for an https:// Git repository",
    gitSshPrivateKey: "an existing SSH deploy key for Flux, instead of a generated one",
    nodeSshPrivateKey:
        "an existing SSH private key for the nodes' automation user (every cluster of the stack), instead of one generated per cluster",
    rke2JoinTokens:
        'existing RKE2 join tokens, a JSON map of cluster name to token (`{"prod-a": "..."}`) covering every cluster, instead of generated ones',
} as const;

export type ConfigSecretName = keyof typeof CONFIG_SECRETS;
export const CONFIG_SECRET_NAMES = Object.keys(CONFIG_SECRETS) as ConfigSecretName[];

/** Which secrets are set (encrypted and not empty). */
export type SecretsPresent = Record<ConfigSecretName, boolean>;

/** A config key whose name says it holds a credential. */
const SECRET_LOOKING = /(pass(word|wd)|secret|token|kubeconfig|private[-_]?key|access[-_]?key|credential|api[-_]?key)/i;

/** True for a config key (`namespace:name`) whose name looks like a credential. */
export function isSecretLookingKey(key: string): boolean {
    return SECRET_LOOKING.test(key.slice(key.indexOf(":") + 1));
}

/** The command that stores a value encrypted. */
export function setSecretCommand(key: string): string {
    return `pulumi config set --secret ${key} <value>`;
}

/**
 * Every credential-looking key (in any namespace) that holds a value in plain text. The value is never put in the
 * message. Empty values (the project defaults of the secret keys) are not credentials.
 */
export function plaintextSecretProblems(
    config: Record<string, unknown>,
    isSecret: (key: string) => boolean,
): InputProblem[] {
    return Object.keys(config)
        .filter((k) => isSecretLookingKey(k) && config[k] !== "" && config[k] !== undefined && !isSecret(k))
        .sort()
        .map((k) => ({
            path: k.startsWith("drover:") ? k.slice("drover:".length) : k,
            value: undefined,
            reason: `is stored in plain text in the stack configuration; store it encrypted: ${setSecretCommand(k)}`,
        }));
}

/** A secret field found in plain structured configuration, and where its value belongs instead. */
interface SecretField {
    /** Path below the block, e.g. `["etcdSnapshotS3", "secretKey"]`. */
    path: Array<string | number>;
    reason: string;
}

function moveTo(secret: ConfigSecretName): string {
    return `is a secret and must not be in the stack configuration; remove it and store it encrypted: ${setSecretCommand(`drover:${secret}`)}`;
}

type Loose = Record<string, unknown>;

function obj(v: unknown): Loose | undefined {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Loose) : undefined;
}

/** Removes the secret fields of an RKE2 block (a copy), reporting each. */
export function stripRke2Secrets(rke2: Loose): { clean: Loose; found: SecretField[] } {
    const found: SecretField[] = [];
    const clean: Loose = { ...rke2 };
    if (clean.token !== undefined) {
        delete clean.token;
        found.push({
            path: ["token"],
            reason: `is a secret and must not be in the stack configuration; remove it: drover generates the join token and keeps it secret, or store existing tokens encrypted: ${setSecretCommand("drover:rke2JoinTokens")}`,
        });
    }
    if (clean.sshPrivateKey !== undefined) {
        delete clean.sshPrivateKey;
        found.push({ path: ["sshPrivateKey"], reason: moveTo("nodeSshPrivateKey") });
    }
    if (clean.cloudProviderConfig !== undefined) {
        delete clean.cloudProviderConfig;
        found.push({
            path: ["cloudProviderConfig"],
            reason: "is a kubeconfig, a secret, and must not be in the stack configuration; remove it (the stacks do not configure the Harvester cloud provider)",
        });
    }
    const s3 = obj(clean.etcdSnapshotS3);
    if (s3 && (s3.accessKey !== undefined || s3.secretKey !== undefined)) {
        const { accessKey, secretKey, ...rest } = s3;
        clean.etcdSnapshotS3 = rest;
        if (accessKey !== undefined) {
            found.push({ path: ["etcdSnapshotS3", "accessKey"], reason: moveTo("etcdS3AccessKey") });
        }
        if (secretKey !== undefined) {
            found.push({ path: ["etcdSnapshotS3", "secretKey"], reason: moveTo("etcdS3SecretKey") });
        }
    }
    if (Array.isArray(clean.registryAuths)) {
        clean.registryAuths = clean.registryAuths.map((a: unknown, i: number) => {
            const auth = obj(a);
            if (auth?.password === undefined) {
                return a;
            }
            found.push({ path: ["registryAuths", i, "password"], reason: moveTo("registryPassword") });
            const { password: _password, ...rest } = auth;
            return rest;
        });
    }
    return { clean, found };
}

/** The Flux arguments that come from a stack secret, never from the `flux` block: argument → secret config key. */
export const FLUX_SECRET_FIELDS: ReadonlyArray<readonly [string, ConfigSecretName]> = [
    ["httpsToken", "gitHttpsToken"],
    ["httpsPassword", "gitHttpsToken"],
    ["sshPrivateKey", "gitSshPrivateKey"],
];

/** Removes the secret fields of a Flux block (a copy), reporting each. */
export function stripFluxSecrets(flux: Loose): { clean: Loose; found: SecretField[] } {
    const found: SecretField[] = [];
    const clean: Loose = { ...flux };
    for (const [field, secret] of FLUX_SECRET_FIELDS) {
        if (clean[field] !== undefined) {
            delete clean[field];
            found.push({ path: [field], reason: moveTo(secret) });
        }
    }
    return { clean, found };
}

/** Removes the secret fields of a Rancher block (a copy), reporting each. */
export function stripRancherSecrets(rancher: Loose): { clean: Loose; found: SecretField[] } {
    const clean: Loose = { ...rancher };
    if (clean.rancherKubeconfig === undefined) {
        return { clean, found: [] };
    }
    delete clean.rancherKubeconfig;
    return { clean, found: [{ path: ["rancherKubeconfig"], reason: moveTo("rancherKubeconfig") }] };
}

/**
 * Problems of the `rke2JoinTokens` secret: a JSON object with a non-empty token for each configured cluster and
 * for no other. Values are never put in a message.
 */
export function joinTokenProblems(raw: string, clusterNames: readonly string[]): InputProblem[] {
    const problem = (reason: string): InputProblem[] => [{ path: "rke2JoinTokens", value: undefined, reason }];
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch {
        parsed = undefined;
    }
    const map = obj(parsed);
    if (map === undefined) {
        return problem(
            `is not a JSON object of cluster name to token; store e.g. '{"${clusterNames[0] ?? "prod-a"}":"<token>"}' with ${setSecretCommand("drover:rke2JoinTokens")}`,
        );
    }
    const out: InputProblem[] = [];
    for (const n of clusterNames) {
        if (typeof map[n] !== "string" || (map[n] as string).trim() === "") {
            out.push(
                ...problem(
                    `has no token for cluster "${n}"; add one, or remove the key to let drover generate every token`,
                ),
            );
        }
    }
    for (const k of Object.keys(map).filter((k) => !clusterNames.includes(k))) {
        out.push(...problem(`has a token for "${k}", which is not a configured cluster; remove it or fix the name`));
    }
    return out;
}
