// Serialized into state with the dynamic provider: see the note at the top of http.ts.
import { createHash } from "crypto";
import { parseAllDocuments } from "yaml";
import { RANCHER } from "../constants";
import { describeNetworkError, HttpResponse, HttpTransport, isTlsVerificationError, TlsOptions } from "./http";
import { KubeClient, KubeObject } from "./kubeClient";
import { rancherPaths, redactImportUrl, settingValue } from "./rancherObjects";
import { Clock } from "./wait";

/** How to trust Rancher's certificate when fetching the import manifest. Exactly one is meant to be set. */
export interface ManifestTrust {
    /** PEM CA bundle that signed Rancher's certificate. */
    caBundle?: string;
    /** SHA-256 (hex) of Rancher's `cacerts` setting, as in `--ca-checksum` / `CATTLE_CA_CHECKSUM`. */
    caChecksum?: string;
    /** Skip verification: an explicit opt-in only. */
    insecure: boolean;
}

export interface FetchOptions {
    url: string;
    trust: ManifestTrust;
    transport: HttpTransport;
    /** Rancher's local cluster, to read the `cacerts` setting for a checksum. */
    rancher: KubeClient;
    /** `Rancher cluster "prod-a" (c-m-...)`, for messages. */
    label: string;
    /** Bound of one request. */
    requestTimeoutMs: number;
    /** Tries for network failures (not for TLS or HTTP errors, which a retry does not cure). */
    attempts: number;
    clock: Clock;
}

/** SHA-256 of a CA bundle the way Rancher computes its CA checksum: over the PEM text ending in a newline. */
export function caChecksumOf(pem: string): string {
    return createHash("sha256")
        .update(pem.endsWith("\n") ? pem : `${pem}\n`)
        .digest("hex");
}

async function rancherCaCerts(o: FetchOptions, origin: string): Promise<string> {
    const setting = await o.rancher.get(rancherPaths.setting(RANCHER.caCertsSetting)).catch(() => undefined);
    if (setting) {
        return settingValue(setting);
    }
    // The Setting is not readable with this kubeconfig: ask Rancher's public endpoint, as its agent does
    // (package/run.sh). Unverified TLS is fine here because the checksum is checked next.
    const res = await o.transport({
        method: "GET",
        url: `${origin}/v3/settings/${RANCHER.caCertsSetting}`,
        headers: { Accept: "application/json" },
        tls: { insecure: true },
        timeoutMs: o.requestTimeoutMs,
    });
    try {
        return res.status === 200 ? String((JSON.parse(res.body) as { value?: unknown }).value ?? "") : "";
    } catch {
        return "";
    }
}

/** Rancher's CA, after checking it against the pinned checksum. */
async function caForChecksum(o: FetchOptions, origin: string, checksum: string): Promise<string> {
    // Rancher hashes the setting as it is (plus a final newline), so do not trim it.
    const pem = await rancherCaCerts(o, origin);
    if (pem.trim() === "") {
        throw new Error(
            `caChecksum was given, but Rancher publishes no CA certificate (its cacerts setting is empty, as when ` +
                `Rancher's certificate comes from a public CA); pass that CA as caBundle instead`,
        );
    }
    const actual = caChecksumOf(pem);
    if (actual !== checksum.toLowerCase()) {
        throw new Error(
            `caChecksum "${checksum}" does not match Rancher's CA certificate (its cacerts setting has sha256 ` +
                `"${actual}"); check the checksum, or pass the CA itself as caBundle`,
        );
    }
    return pem;
}

async function tlsFor(o: FetchOptions, origin: string): Promise<TlsOptions> {
    if (o.trust.insecure) {
        return { insecure: true };
    }
    if (o.trust.caBundle !== undefined && o.trust.caBundle.trim() !== "") {
        return { ca: o.trust.caBundle };
    }
    if (o.trust.caChecksum !== undefined && o.trust.caChecksum !== "") {
        return { ca: await caForChecksum(o, origin, o.trust.caChecksum) };
    }
    throw new Error(
        "caBundle and caChecksum are both empty at run time, so Rancher's certificate cannot be verified; " +
            "give one of them a value",
    );
}

/**
 * Fetches the import manifest (`<server-url>/v3/import/<token>_<id>.yaml`) with verified TLS: against `caBundle`,
 * or against Rancher's own CA once it matches `caChecksum`. Plain http and unverified https only with `insecure`.
 * Errors never contain the token.
 */
export async function fetchImportManifest(o: FetchOptions): Promise<string> {
    const shown = redactImportUrl(o.url);
    const url = new URL(o.url);
    if (url.protocol === "http:" && !o.trust.insecure) {
        throw new Error(
            `refusing to fetch the import manifest of ${o.label} over plain http (${shown}): its token would travel ` +
                `unencrypted; give Rancher an https:// server-url, or set insecureSkipTlsVerify: true to accept this`,
        );
    }
    const tls = url.protocol === "https:" ? await tlsFor(o, url.origin) : undefined;
    let lastError: unknown;
    for (let attempt = 1; attempt <= o.attempts; attempt++) {
        let res: HttpResponse;
        try {
            res = await o.transport({ method: "GET", url: o.url, tls, timeoutMs: o.requestTimeoutMs });
        } catch (e) {
            if (isTlsVerificationError(e)) {
                throw new Error(
                    `cannot verify Rancher's TLS certificate when fetching the import manifest of ${o.label} from ` +
                        `${shown}: ${describeNetworkError(e)}; pass Rancher's CA as caBundle or its checksum as ` +
                        `caChecksum, or set insecureSkipTlsVerify: true to skip verification explicitly`,
                );
            }
            lastError = e;
            if (attempt < o.attempts) {
                await o.clock.sleep(1000 * 2 ** attempt);
            }
            continue;
        }
        if (res.status === 200) {
            return res.body;
        }
        const why =
            res.status === 404
                ? ": Rancher does not know this token and cluster id (was the cluster removed from Rancher?)"
                : "";
        throw new Error(`Rancher answered ${res.status} for the import manifest of ${o.label} (${shown})${why}`);
    }
    throw new Error(
        `cannot fetch the import manifest of ${o.label} from ${shown}: ` +
            `${describeNetworkError(lastError).split(o.url).join(shown)} (${o.attempts} attempts); ` +
            `check that Rancher's server-url is reachable from where pulumi runs`,
    );
}

/** Splits the manifest into objects, in file order; `List` objects are flattened. */
export function parseManifest(text: string, label: string): KubeObject[] {
    const docs = parseAllDocuments(text);
    const bad = docs.find((d) => d.errors.length > 0);
    if (bad) {
        throw new Error(`the import manifest of ${label} is not valid YAML: ${bad.errors[0].message.split("\n")[0]}`);
    }
    const objects: KubeObject[] = [];
    const add = (o: unknown): void => {
        if (o === null || o === undefined) {
            return;
        }
        const obj = o as KubeObject;
        if (typeof obj === "object" && typeof obj.kind === "string" && obj.kind.endsWith("List")) {
            if (Array.isArray(obj.items)) {
                (obj.items as unknown[]).forEach(add);
                return;
            }
        }
        if (typeof obj !== "object" || Array.isArray(obj) || !obj.apiVersion || !obj.kind || !obj.metadata?.name) {
            throw new Error(
                `the import manifest of ${label} holds something that is not a Kubernetes object with apiVersion, ` +
                    `kind and metadata.name; is Rancher's server-url pointing at Rancher?`,
            );
        }
        objects.push(obj);
    };
    docs.map((d) => d.toJSON() as unknown).forEach(add);
    if (objects.length === 0) {
        throw new Error(`the import manifest of ${label} is empty`);
    }
    return objects;
}

/**
 * Tells Pulumi's closure serializer to copy this module into the dynamic provider's code by value, also when drover
 * is installed under node_modules (a `require` of a drover file would fail: the package exports only its root).
 */
export const deploymentOnlyModule = true;
