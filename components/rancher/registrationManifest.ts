import { z } from "zod";
import { InputProblem } from "../common/errors";
import { intBetween, isLabelKey, labelMap } from "../common/rules";
import { RANCHER } from "./constants";
import { kubeconfigProblem } from "./live/kubeconfig";

/** Resolved description of the provisioning Cluster of an imported cluster. */
export interface ProvisioningClusterSpec {
    name: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    versionManagement: "true" | "false" | "system-default";
}

/** The annotations drover manages on Rancher's cluster: the caller's plus the version-management one. */
export function managedAnnotations(spec: Omit<ProvisioningClusterSpec, "name" | "labels">): Record<string, string> {
    return { ...spec.annotations, [RANCHER.versionManagementAnnotation]: spec.versionManagement };
}

/**
 * Builds the `provisioning.cattle.io/v1 Cluster` of an imported cluster: in `fleet-default`, with an empty spec
 * (no `rkeConfig` means "imported", pkg/controllers/provisioningv2/cluster/controller.go).
 */
export function buildProvisioningCluster(spec: ProvisioningClusterSpec) {
    return {
        apiVersion: RANCHER.provisioningApiVersion,
        kind: "Cluster",
        metadata: {
            name: spec.name,
            namespace: RANCHER.fleetNamespace,
            ...(Object.keys(spec.labels).length > 0 ? { labels: { ...spec.labels } } : {}),
            annotations: {
                ...managedAnnotations(spec),
                // Rancher sets the Ready condition only after drover has applied the agent, so an engine-side wait
                // for it (PULUMI_K8S_AWAIT_ALL=true) would block the very step that makes it Ready. drover waits
                // itself, with a bound and a message.
                "pulumi.com/skipAwait": "true",
            },
        },
        spec: {},
    };
}

/** How the import manifest's TLS is trusted, from which argument is set (validation ensures exactly one). */
export function caTrustOf(args: {
    caBundle?: unknown;
    insecureSkipTlsVerify?: boolean;
}): "bundle" | "checksum" | "insecure" {
    if (args.insecureSkipTlsVerify === true) {
        return "insecure";
    }
    return args.caBundle !== undefined ? "bundle" : "checksum";
}

const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LEGACY_ID = /^c-[a-z0-9]{5}$/;
const SHA256 = /^[0-9a-fA-F]{64}$/;
const EXAMPLE = 'use another name, e.g. "prod-a"';

/** Rancher's webhook rules for provisioning Cluster names (rancher/webhook provisioning cluster validator). */
const clusterName = z
    .string({
        error: (iss) =>
            iss.input === undefined
                ? 'is required; give the cluster\'s name in Rancher, e.g. "prod-a"'
                : "must be a string",
    })
    .superRefine((s, ctx) => {
        const problem =
            s === "local"
                ? `is the name of Rancher's own cluster; ${EXAMPLE}`
                : LEGACY_ID.test(s)
                  ? `has the form "c-xxxxx" that Rancher keeps for its own cluster ids; ${EXAMPLE}`
                  : s.length < 2 || s.length > 63 || !CLUSTER_NAME.test(s)
                    ? 'is not a valid Rancher cluster name (2 to 63 lower-case letters, digits and "-", starting and ' +
                      'ending with a letter or digit); use e.g. "prod-a"'
                    : undefined;
        if (problem) {
            ctx.addIssue({ code: "custom", input: s, message: problem });
        }
    });

/** A kubeconfig given as a plain string is parsed now; its text is secret, so messages never show it. */
const kubeconfig = z.string().superRefine((s, ctx) => {
    const problem = kubeconfigProblem(s);
    if (problem) {
        ctx.addIssue({ code: "custom", input: undefined, message: problem });
    }
});

const annotationMap = z.record(z.string(), z.string()).superRefine((annotations, ctx) => {
    for (const k of Object.keys(annotations)) {
        if (k === RANCHER.versionManagementAnnotation) {
            ctx.addIssue({
                code: "custom",
                path: [k],
                input: undefined,
                message: "is set by versionManagement; use that",
            });
        } else if (!isLabelKey(k)) {
            ctx.addIssue({
                code: "custom",
                path: [k],
                input: undefined,
                message: 'is not a valid annotation key; use e.g. "example.com/owner"',
            });
        }
    }
});

/** The zod schema for the plain parts of {@link RancherRegistrationArgs}; presence rules are in {@link presenceProblems}. */
export const registrationArgsSchema = z.strictObject({
    // Providers are resources, which validation skips; presenceProblems checks them.
    rancherProvider: z.unknown().optional(),
    clusterProvider: z.unknown().optional(),
    rancherKubeconfig: kubeconfig.optional(),
    clusterKubeconfig: kubeconfig.optional(),
    clusterName,
    labels: labelMap().optional(),
    annotations: annotationMap.optional(),
    versionManagement: z.enum(["true", "false", "system-default"]).optional(),
    caBundle: z
        .string()
        .refine((s) => s.includes("-----BEGIN CERTIFICATE-----"), {
            message:
                'is not a PEM certificate bundle; pass the CA certificate(s) that signed Rancher\'s certificate, starting with "-----BEGIN CERTIFICATE-----"',
        })
        .optional(),
    caChecksum: z
        .string()
        .refine((s) => SHA256.test(s), {
            message:
                "is not a SHA-256 checksum (64 hex digits); use sha256sum of Rancher's CA certificate, as for Rancher's --ca-checksum",
        })
        .optional(),
    insecureSkipTlsVerify: z.boolean().optional(),
    live: z.boolean().optional(),
    registrationTimeoutMinutes: intBetween(1, 120).optional(),
    readyTimeoutMinutes: intBetween(1, 1440).optional(),
    deleteTimeoutMinutes: intBetween(1, 1440).optional(),
});

/** The argument fields whose presence matters, whatever their (possibly unknown) value. */
export interface PresenceArgs {
    /** As RancherRegistrationArgs.rancherProvider. @default - absent */
    rancherProvider?: unknown;
    /** Not accepted: named only to point callers at clusterKubeconfig. @default - absent */
    clusterProvider?: unknown;
    /** As RancherRegistrationArgs.rancherKubeconfig. @default - absent */
    rancherKubeconfig?: unknown;
    /** As RancherRegistrationArgs.clusterKubeconfig. @default - absent */
    clusterKubeconfig?: unknown;
    /** As RancherRegistrationArgs.caBundle. @default - absent */
    caBundle?: unknown;
    /** As RancherRegistrationArgs.caChecksum. @default - absent */
    caChecksum?: unknown;
    /** As RancherRegistrationArgs.insecureSkipTlsVerify. @default - absent */
    insecureSkipTlsVerify?: unknown;
    /** As RancherRegistrationArgs.live. @default - absent */
    live?: unknown;
}

/**
 * Rules about which arguments are given, checked on the raw arguments: an Output counts as given even though its
 * value is unknown. `isProvider` tells a kubernetes provider from anything else.
 */
export function presenceProblems(args: PresenceArgs, isProvider: (v: unknown) => boolean): InputProblem[] {
    const problems: InputProblem[] = [];
    const add = (path: string, reason: string) => problems.push({ path, value: undefined, reason });
    const example = 'e.g. new k8s.Provider("rancher", { kubeconfig })';
    if (args.rancherProvider === undefined) {
        add("rancherProvider", `is required; pass the kubernetes provider of Rancher's local cluster, ${example}`);
    } else if (!isProvider(args.rancherProvider)) {
        add("rancherProvider", `is not a kubernetes provider; pass ${example}`);
    }
    if (args.clusterProvider !== undefined) {
        add(
            "clusterProvider",
            "is not supported: drover applies Rancher's agent itself and needs the downstream cluster's kubeconfig; pass clusterKubeconfig instead",
        );
    }
    if (args.live !== false) {
        const renderOnly = "or set live: false to only render the provisioning Cluster";
        if (args.rancherKubeconfig === undefined) {
            add(
                "rancherKubeconfig",
                `is required to register the cluster (the kubeconfig of Rancher's local cluster, the one rancherProvider uses); ${renderOnly}`,
            );
        }
        if (args.clusterKubeconfig === undefined) {
            add(
                "clusterKubeconfig",
                `is required to register the cluster (the kubeconfig of the downstream cluster, where Rancher's agent is applied); ${renderOnly}`,
            );
        }
    }
    const verifying = args.caBundle !== undefined || args.caChecksum !== undefined;
    if (args.caBundle !== undefined && args.caChecksum !== undefined) {
        add("caChecksum", "is given together with caBundle; give only one of them");
    }
    if (args.insecureSkipTlsVerify === true && verifying) {
        problems.push({
            path: "insecureSkipTlsVerify",
            value: true,
            reason: "cannot be combined with caBundle or caChecksum, which verify the certificate; drop one of them",
        });
    }
    if (args.insecureSkipTlsVerify !== true && !verifying) {
        add(
            "caBundle",
            "is required to verify Rancher's certificate: give Rancher's CA (PEM) as caBundle or its SHA-256 as caChecksum, " +
                "or set insecureSkipTlsVerify: true to skip verification (not recommended)",
        );
    }
    return problems;
}

/** Defaults of the waits, in minutes. */
export const REGISTRATION_DEFAULTS = {
    registrationTimeoutMinutes: 5,
    readyTimeoutMinutes: 15,
    deleteTimeoutMinutes: 10,
    versionManagement: "false",
} as const;
