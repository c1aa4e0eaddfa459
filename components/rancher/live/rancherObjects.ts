// Serialized into state with the dynamic provider: see the note at the top of http.ts.
import { RANCHER } from "../constants";
import { KubeObject } from "./kubeClient";

/** API paths of the Rancher objects drover reads, on Rancher's local cluster. */
export const rancherPaths = {
    provisioningCluster: (namespace: string, name: string) =>
        `/apis/${RANCHER.provisioningApiVersion}/namespaces/${namespace}/clusters/${name}`,
    managementCluster: (id: string) => `/apis/${RANCHER.managementApiVersion}/clusters/${id}`,
    registrationToken: (id: string) =>
        `/apis/${RANCHER.managementApiVersion}/namespaces/${id}/clusterregistrationtokens/${RANCHER.registrationTokenName}`,
    secret: (namespace: string, name: string) => `/api/v1/namespaces/${namespace}/secrets/${name}`,
    setting: (name: string) => `/apis/${RANCHER.managementApiVersion}/settings/${name}`,
};

interface Condition {
    type?: string;
    status?: string;
    message?: string;
    reason?: string;
}

/** The provisioning Cluster status fields drover reads (pkg/apis/provisioning.cattle.io/v1/cluster_types.go). */
export interface ProvisioningStatus {
    clusterName: string;
    ready: boolean;
    agentDeployed: boolean;
    conditions: Condition[];
}

export function provisioningStatus(obj: KubeObject | undefined): ProvisioningStatus {
    const s = (obj?.status ?? {}) as Record<string, unknown>;
    return {
        clusterName: typeof s.clusterName === "string" ? s.clusterName : "",
        ready: s.ready === true,
        agentDeployed: s.agentDeployed === true,
        conditions: Array.isArray(s.conditions) ? (s.conditions as Condition[]) : [],
    };
}

/** `Ready=False "message"`, for the conditions that are not True (all when `all`). */
export function describeConditions(conditions: Condition[], all = false): string {
    const shown = conditions.filter((c) => all || c.status !== "True");
    if (shown.length === 0) {
        return conditions.length === 0 ? "no conditions" : "all conditions True";
    }
    return shown
        .map((c) => {
            const detail = c.message || c.reason;
            return `${c.type ?? "?"}=${c.status ?? "?"}${detail ? ` ${JSON.stringify(detail)}` : ""}`;
        })
        .join(", ");
}

/** What a human needs to know about a provisioning Cluster while waiting on it. */
export function describeProvisioningCluster(obj: KubeObject | undefined): string {
    if (!obj) {
        return "the provisioning Cluster does not exist";
    }
    const s = provisioningStatus(obj);
    const parts = [
        `clusterName=${s.clusterName ? s.clusterName : "(empty)"}`,
        `ready=${String(s.ready)}`,
        `agentDeployed=${String(s.agentDeployed)}`,
        describeConditions(s.conditions),
    ];
    if (obj.metadata?.deletionTimestamp) {
        parts.push(`being deleted since ${obj.metadata.deletionTimestamp}`);
        parts.push(`finalizers [${(obj.metadata.finalizers ?? []).join(", ")}]`);
    }
    return parts.join(", ");
}

/** The effective value of a Rancher Setting: `value`, else `default`. */
export function settingValue(obj: KubeObject): string {
    const v = obj.value;
    const d = obj.default;
    if (typeof v === "string" && v !== "") {
        return v;
    }
    return typeof d === "string" ? d : "";
}

/** Replaces Rancher's `{token}` placeholder (also URL-encoded, as url.String() would write it). */
export function substituteToken(s: string, token: string): string {
    return s.split(RANCHER.tokenPlaceholder).join(token).split("%7Btoken%7D").join(token);
}

/** Hides the token in an import manifest URL: `.../v3/import/***_c-m-abc.yaml`. */
export function redactImportUrl(url: string): string {
    return url.replace(/\/v3\/import\/[^/]*_/, "/v3/import/***_");
}

/** How a ClusterRegistrationToken carries its token. */
export type TokenSource = "status" | "secret";

/** A resolved registration: the manifest URL with the real token in it. */
export interface Registration {
    token: string;
    manifestUrl: string;
    tokenSource: TokenSource;
}

/** What the ClusterRegistrationToken says, before the token Secret (if any) is read. */
export type TokenState =
    | { state: "missing" }
    | { state: "pending"; seen: string }
    | { state: "no-manifest-url"; seen: string }
    | { state: "in-status"; token: string; manifestUrl: string }
    | { state: "in-secret"; secretName: string; manifestUrl: string };

/**
 * Reads a ClusterRegistrationToken in either of Rancher's forms: up to v2.13.7 / v2.14.3 the token is in
 * `status.token` and `status.manifestUrl` holds it; from v2.13.8 / v2.14.4 / v2.15.0 `status.token` is empty,
 * `status.tokenSecretName` names a Secret with the token and `status.manifestUrl` holds `{token}`.
 */
export function tokenState(crt: KubeObject | undefined): TokenState {
    if (!crt) {
        return { state: "missing" };
    }
    const s = (crt.status ?? {}) as Record<string, unknown>;
    const token = typeof s.token === "string" ? s.token : "";
    const secretName = typeof s.tokenSecretName === "string" ? s.tokenSecretName : "";
    const manifestUrl = typeof s.manifestUrl === "string" ? s.manifestUrl : "";
    const hasPlaceholder = manifestUrl.includes(RANCHER.tokenPlaceholder) || manifestUrl.includes("%7Btoken%7D");
    if (token === "" && secretName === "" && !hasPlaceholder) {
        return { state: "pending", seen: "the ClusterRegistrationToken has no token yet" };
    }
    if (manifestUrl === "") {
        return { state: "no-manifest-url", seen: "the ClusterRegistrationToken has a token but no manifestUrl" };
    }
    if (token !== "" && !hasPlaceholder) {
        return { state: "in-status", token, manifestUrl };
    }
    return {
        state: "in-secret",
        secretName: secretName || `${RANCHER.tokenSecretPrefix}${crt.metadata?.name ?? RANCHER.registrationTokenName}`,
        manifestUrl,
    };
}

/** The token from a `crt-token-*` Secret, or "" when the Secret has none yet. */
export function tokenFromSecret(secret: KubeObject | undefined): string {
    const data = (secret?.data ?? {}) as Record<string, unknown>;
    const b64 = data[RANCHER.tokenSecretKey];
    return typeof b64 === "string" ? Buffer.from(b64, "base64").toString("utf8") : "";
}

/**
 * Tells Pulumi's closure serializer to copy this module into the dynamic provider's code by value, also when drover
 * is installed under node_modules (a `require` of a drover file would fail: the package exports only its root).
 */
export const deploymentOnlyModule = true;
