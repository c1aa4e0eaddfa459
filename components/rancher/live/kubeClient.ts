// Serialized into state with the dynamic provider: see the note at the top of http.ts.
import { describeNetworkError, HttpResponse, HttpTransport, isTlsVerificationError } from "./http";
import { KubeConnection } from "./kubeconfig";

/** The parts of a Kubernetes object the run-time steps read. */
export interface KubeObject {
    apiVersion?: string;
    kind?: string;
    metadata?: {
        name?: string;
        namespace?: string;
        uid?: string;
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
        deletionTimestamp?: string;
        finalizers?: string[];
        [key: string]: unknown;
    };
    [key: string]: unknown;
}

/** Where an object lives in the API. */
export interface ResourceLocation {
    path: string;
    namespaced: boolean;
}

/** A small Kubernetes REST client: the calls RancherRegistration needs, over an injectable transport. */
export interface KubeClient {
    readonly server: string;
    /** The object at `path`, or undefined when the API answers 404. */
    get(path: string): Promise<KubeObject | undefined>;
    list(path: string): Promise<KubeObject[]>;
    create(path: string, obj: object): Promise<KubeObject>;
    /** JSON merge patch (RFC 7386). */
    mergePatch(path: string, patch: object): Promise<KubeObject>;
    /** Replaces the object at `path` (PUT), e.g. a `/status` subresource. */
    replace(path: string, obj: object): Promise<KubeObject>;
    /** Server-side apply, forcing ownership like `kubectl apply --server-side --force-conflicts`. */
    apply(obj: KubeObject, fieldManager: string): Promise<ResourceLocation>;
    /** Deletes in the background; false when the object was already gone. */
    remove(path: string): Promise<boolean>;
    /** Finds an object's path through API discovery, as kubectl does. */
    locate(apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<ResourceLocation>;
}

/** An error answer from the API server. */
export interface KubeApiError extends Error {
    status: number;
    reason: string;
}

/** True for an error answer from the API server with one of the given HTTP statuses. */
export function isApiError(e: unknown, ...statuses: number[]): e is KubeApiError {
    const s = (e as { status?: unknown } | undefined)?.status;
    return typeof s === "number" && (statuses.length === 0 || statuses.includes(s));
}

function apiError(method: string, path: string, res: HttpResponse): KubeApiError {
    let reason = "";
    let message = res.body.trim().slice(0, 300);
    try {
        const status = JSON.parse(res.body) as { reason?: string; message?: string };
        reason = status.reason ?? "";
        message = status.message ?? message;
    } catch {
        // not a Status object: keep the raw text
    }
    const e = new Error(`${method} ${path} answered ${res.status}${reason ? ` ${reason}` : ""}: ${message}`);
    return Object.assign(e, { status: res.status, reason });
}

interface ApiResource {
    name: string;
    kind: string;
    namespaced: boolean;
}

function groupPath(apiVersion: string): string {
    return apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** Creates a client for one API server. `requestTimeoutMs` bounds each request, not the waits built on top. */
export function createKubeClient(
    conn: KubeConnection,
    transport: HttpTransport,
    requestTimeoutMs = 30_000,
): KubeClient {
    const discovery = new Map<string, ApiResource[]>();

    async function call(method: string, path: string, body?: object, contentType?: string): Promise<HttpResponse> {
        const headers: Record<string, string> = { Accept: "application/json" };
        if (conn.authorization) {
            headers.Authorization = conn.authorization;
        }
        if (body !== undefined) {
            headers["Content-Type"] = contentType ?? "application/json";
        }
        try {
            return await transport({
                method,
                url: conn.server + path,
                headers,
                body: body === undefined ? undefined : JSON.stringify(body),
                tls: conn.tls,
                timeoutMs: requestTimeoutMs,
            });
        } catch (e) {
            const err = new Error(`cannot reach the Kubernetes API at ${conn.server}: ${describeNetworkError(e)}`);
            // A certificate the kubeconfig does not trust will not fix itself: only real network trouble is
            // worth another try (see waitUntil).
            throw Object.assign(err, { code: (e as { code?: unknown }).code, network: !isTlsVerificationError(e) });
        }
    }

    async function json(method: string, path: string, body?: object, contentType?: string): Promise<KubeObject> {
        const res = await call(method, path, body, contentType);
        if (res.status < 200 || res.status > 299) {
            throw apiError(method, path, res);
        }
        return JSON.parse(res.body) as KubeObject;
    }

    async function resourcesOf(apiVersion: string): Promise<ApiResource[]> {
        const hit = discovery.get(apiVersion);
        if (hit) {
            return hit;
        }
        const res = await call("GET", groupPath(apiVersion));
        if (res.status === 404) {
            return [];
        }
        if (res.status !== 200) {
            throw apiError("GET", groupPath(apiVersion), res);
        }
        const list = (JSON.parse(res.body) as { resources?: ApiResource[] }).resources ?? [];
        const top = list.filter((r) => !r.name.includes("/"));
        discovery.set(apiVersion, top);
        return top;
    }

    const client: KubeClient = {
        server: conn.server,
        async get(path) {
            const res = await call("GET", path);
            if (res.status === 404) {
                return undefined;
            }
            if (res.status !== 200) {
                throw apiError("GET", path, res);
            }
            return JSON.parse(res.body) as KubeObject;
        },
        async list(path) {
            const l = await json("GET", path);
            return Array.isArray(l.items) ? (l.items as KubeObject[]) : [];
        },
        create: (path, obj) => json("POST", path, obj),
        mergePatch: (path, patch) => json("PATCH", path, patch, "application/merge-patch+json"),
        replace: (path, obj) => json("PUT", path, obj),
        async apply(obj, fieldManager) {
            const { apiVersion = "", kind = "", metadata = {} } = obj;
            const loc = await client.locate(apiVersion, kind, metadata.namespace, metadata.name ?? "");
            const body = loc.namespaced
                ? { ...obj, metadata: { ...metadata, namespace: metadata.namespace ?? "default" } }
                : obj;
            const query = `?fieldManager=${encodeURIComponent(fieldManager)}&force=true`;
            await json("PATCH", loc.path + query, body, "application/apply-patch+yaml");
            return loc;
        },
        async remove(path) {
            const res = await call("DELETE", path, {
                apiVersion: "v1",
                kind: "DeleteOptions",
                propagationPolicy: "Background",
            });
            if (res.status === 404) {
                return false;
            }
            if (res.status < 200 || res.status > 299) {
                throw apiError("DELETE", path, res);
            }
            return true;
        },
        async locate(apiVersion, kind, namespace, name) {
            let r = (await resourcesOf(apiVersion)).find((x) => x.kind === kind);
            if (!r && discovery.delete(apiVersion)) {
                // A CRD may have been added since the group was first read.
                r = (await resourcesOf(apiVersion)).find((x) => x.kind === kind);
            }
            if (!r) {
                throw new Error(`the API server at ${conn.server} does not serve ${kind} in ${apiVersion}`);
            }
            const ns = r.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? "default")}` : "";
            return {
                path: `${groupPath(apiVersion)}${ns}/${r.name}/${encodeURIComponent(name)}`,
                namespaced: r.namespaced,
            };
        },
    };
    return client;
}

/**
 * Tells Pulumi's closure serializer to copy this module into the dynamic provider's code by value, also when drover
 * is installed under node_modules (a `require` of a drover file would fail: the package exports only its root).
 */
export const deploymentOnlyModule = true;
