import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { z } from "zod";
import { DroverInputError, InputProblem } from "../common/errors";
import { dnsSubdomain, secretText, sshPrivateKey } from "../common/rules";
import { collectProblems } from "../common/validation";
import { authOf, FluxBootstrapArgs, FLUX_MODES, FLUX_SSH_KEY_ALGORITHMS } from "./args";
import { isGitUrlProblem, knownHostsName, parseGitUrl } from "./gitUrl";
import { knownHostsProblems } from "./knownHosts";
import { isManifestUrl } from "./manifest";

/** A pinned release: `v2.7.0` (a leading "v" is optional), with an optional pre-release suffix. */
export const PINNED_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
/** A Go duration as the Flux CRDs accept it. */
export const DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;

/** A Git branch name (git check-ref-format rules). */
export function isBranchName(b: string): boolean {
    return (
        b.length > 0 &&
        !/[\s~^:?*[\\\x00-\x1f\x7f]/.test(b) &&
        !b.includes("..") &&
        !b.includes("@{") &&
        !b.includes("//") &&
        !/^[-/.]|[/.]$|\.lock$|\/\./.test(b) &&
        b !== "@"
    );
}

/** A relative path inside the repository (no "..", not absolute). */
export function isRepoPath(p: string): boolean {
    const t = p.trim();
    return t !== "" && !t.startsWith("/") && !/\s/.test(t) && !t.split("/").includes("..") && !t.includes("\\");
}

function nonEmpty(what: string) {
    return secretText((s) => (s.trim() === "" ? `is empty; give the ${what}` : undefined));
}

const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

const manifestSource = (example: string) =>
    z.string().refine((s) => isManifestUrl(s) || (s.trim() !== "" && !HAS_SCHEME.test(s)), {
        message: `is not an http(s):// URL or a local path; use e.g. "${example}"`,
    });

const fields = z.strictObject({
    gitUrl: z.string().superRefine((u, ctx) => {
        const parsed = parseGitUrl(u);
        if (isGitUrlProblem(parsed)) {
            ctx.addIssue({ code: "custom", input: u, message: parsed.problem });
        }
    }),
    branch: z.string().refine(isBranchName, { message: 'is not a valid Git branch name; use e.g. "main"' }).optional(),
    path: z.string().refine(isRepoPath, {
        message: 'is not a relative path inside the repository; use e.g. "clusters/dev/dev-a"',
    }),
    version: z.string().refine((v) => PINNED_VERSION.test(v), {
        message: 'is not a pinned Flux version; use e.g. "v2.7.0"',
    }),
    mode: z.enum(FLUX_MODES).optional(),
    interval: z
        .string()
        .refine((d) => DURATION.test(d), { message: 'is not a duration Flux accepts; use e.g. "1m0s" or "5m"' })
        .optional(),
    prune: z.boolean().optional(),
    installManifest: manifestSource("https://files.example.internal/flux/v2.7.0/install.yaml").optional(),
    operatorVersion: z
        .string()
        .refine((v) => PINNED_VERSION.test(v), { message: 'is not a pinned Flux Operator version; use e.g. "v0.58.1"' })
        .optional(),
    operatorManifest: manifestSource("https://files.example.internal/flux-operator/install.yaml").optional(),
    manifestSha256: z
        .string()
        .refine((s) => /^[0-9a-f]{64}$/.test(s), {
            message: "is not a SHA-256 checksum (64 lower-case hex digits); use the output of `sha256sum install.yaml`",
        })
        .optional(),
    registry: z
        .string()
        .refine((r) => /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/.test(r), {
            message: 'is not a registry path; use e.g. "registry.example.internal/fluxcd"',
        })
        .optional(),
    knownHosts: z.string().optional(),
    sshKeyAlgorithm: z.enum(FLUX_SSH_KEY_ALGORITHMS).optional(),
    sshPrivateKey: sshPrivateKey("Flux"),
    httpsToken: nonEmpty("token"),
    httpsUsername: z.string().min(1, { message: 'is empty; give the user name, e.g. "git"' }).optional(),
    httpsPassword: nonEmpty("password"),
    caCert: z
        .string()
        .refine((c) => /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/.test(c.trim()), {
            message: 'is not a PEM certificate; give the "-----BEGIN CERTIFICATE-----" block of the Git host\'s CA',
        })
        .optional(),
    noCrossNamespaceRefs: z.boolean().optional(),
    noRemoteBases: z.boolean().optional(),
    defaultServiceAccount: dnsSubdomain("flux-tenant").optional(),
    networkPolicies: z.boolean().optional(),
    retainOnDelete: z.boolean().optional(),
    kubeconfig: secretText(kubeconfigProblem),
});

function kubeconfigProblem(k: string): string | undefined {
    let doc: unknown;
    try {
        doc = YAML.parse(k);
    } catch {
        doc = undefined;
    }
    const c = doc as { clusters?: unknown; users?: unknown } | undefined;
    return c && typeof c === "object" && Array.isArray(c.clusters) && Array.isArray(c.users)
        ? undefined
        : "is not a kubeconfig (YAML with clusters and users); pass the cluster's kubeconfig file content";
}

type Parsed = z.infer<typeof fields>;

/** Checks that need several known values: the pinned host key against the Git host, local files, plain http. */
function crossChecks(a: Parsed, ctx: z.RefinementCtx): void {
    const url = typeof a.gitUrl === "string" ? parseGitUrl(a.gitUrl) : undefined;
    if (a.knownHosts !== undefined) {
        const host = url && !isGitUrlProblem(url) && url.scheme === "ssh" ? knownHostsName(url) : undefined;
        for (const p of knownHostsProblems(a.knownHosts, host)) {
            ctx.addIssue({ code: "custom", path: ["knownHosts"], input: p.value, message: p.reason });
        }
    }
    if (a.mode !== "manifests" && a.prune === false) {
        ctx.addIssue({
            code: "custom",
            path: ["prune"],
            input: false,
            message:
                'cannot be false in mode "operator": the Flux Operator always prunes its sync Kustomization; keep prune or use mode "manifests"',
        });
    }
    for (const key of ["installManifest", "operatorManifest"] as const) {
        const src = a[key];
        if (src === undefined) {
            continue;
        }
        if (/^http:\/\//i.test(src) && a.manifestSha256 === undefined) {
            ctx.addIssue({
                code: "custom",
                path: [key],
                input: src,
                message:
                    "is plain http, so its content could be altered on the way; set manifestSha256 or use https://",
            });
        } else if (!HAS_SCHEME.test(src) && !fs.existsSync(path.resolve(src))) {
            ctx.addIssue({
                code: "custom",
                path: [key],
                input: src,
                message: `does not exist (looked for "${path.resolve(src)}"); download the release's install.yaml there or give its URL`,
            });
        }
    }
}

/** The zod schema for {@link FluxBootstrapArgs} (values; see {@link presenceProblems} for which fields go together). */
export const fluxBootstrapArgsSchema = fields.superRefine(crossChecks);

function given(v: unknown): boolean {
    return v !== undefined;
}

/**
 * Rules about which arguments go together. They look at the raw arguments, so an Output counts as given even
 * though its value is not known yet.
 */
export function presenceProblems(args: FluxBootstrapArgs): InputProblem[] {
    const problems: InputProblem[] = [];
    const add = (p: string, reason: string) => problems.push({ path: p, value: undefined, reason });
    const auth = authOf(args);
    if (auth === "ssh") {
        if (!given(args.knownHosts)) {
            add(
                "knownHosts",
                "is required for an ssh:// gitUrl (drover never trusts a host key on first use); pin the host key, e.g. the output of `ssh-keyscan -t ecdsa <git host>`",
            );
        }
        for (const k of ["httpsToken", "httpsUsername", "httpsPassword", "caCert"] as const) {
            if (given(args[k])) {
                add(k, "applies only to an https:// gitUrl; remove it");
            }
        }
        if (given(args.sshKeyAlgorithm) && given(args.sshPrivateKey)) {
            add("sshKeyAlgorithm", "applies only to a key drover generates; remove it or sshPrivateKey");
        }
    } else {
        for (const k of ["knownHosts", "sshPrivateKey", "sshKeyAlgorithm"] as const) {
            if (given(args[k])) {
                add(k, "applies only to an ssh:// gitUrl; remove it");
            }
        }
        if (given(args.httpsToken) && given(args.httpsPassword)) {
            add("httpsPassword", "cannot be combined with httpsToken; give a token, or a user name and password");
        } else if (given(args.httpsPassword) && !given(args.httpsUsername)) {
            add("httpsUsername", "is required with httpsPassword");
        } else if (given(args.httpsUsername) && !given(args.httpsPassword) && !given(args.httpsToken)) {
            add("httpsUsername", "needs httpsPassword or httpsToken; add one or remove it");
        }
    }
    modeProblems(args, add);
    return problems;
}

function modeProblems(args: FluxBootstrapArgs, add: (p: string, reason: string) => void): void {
    if (args.mode === "manifests") {
        for (const k of ["operatorManifest", "operatorVersion"] as const) {
            if (given(args[k])) {
                add(k, 'applies only to mode "operator"; remove it or set mode "operator"');
            }
        }
        if (!given(args.kubeconfig) && args.retainOnDelete !== true) {
            add(
                "kubeconfig",
                'is required in mode "manifests" unless retainOnDelete is true: destroy uses it to stop Flux and remove its finalizers before its CRDs go; pass the cluster\'s kubeconfig as a secret',
            );
        }
    } else if (args.mode === undefined || args.mode === "operator") {
        if (given(args.installManifest)) {
            add("installManifest", 'applies only to mode "manifests"; use operatorManifest in mode "operator"');
        }
    }
}

/** Validates FluxBootstrap arguments synchronously; throws one {@link DroverInputError} listing every problem. */
export function validateFluxArgs(name: string, args: FluxBootstrapArgs): void {
    const problems = [...collectProblems(fluxBootstrapArgsSchema, args), ...presenceProblems(args)];
    if (problems.length > 0) {
        throw new DroverInputError("FluxBootstrap", name, problems);
    }
}
