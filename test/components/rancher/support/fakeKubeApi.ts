import * as http from "http";
import * as https from "https";
import { AddressInfo } from "net";
import * as YAML from "yaml";

/** A resource type the fake serves. */
export interface FakeResource {
    group: string;
    version: string;
    kind: string;
    plural: string;
    namespaced: boolean;
    /** Has a `/status` subresource: writes to the object keep the old status, `/status` writes only the status. */
    status?: boolean;
}

const BUILTIN: FakeResource[] = [
    { group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false, status: true },
    { group: "", version: "v1", kind: "Secret", plural: "secrets", namespaced: true },
    { group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", namespaced: true },
    { group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true },
    { group: "", version: "v1", kind: "Service", plural: "services", namespaced: true, status: true },
    { group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true, status: true },
    { group: "apps", version: "v1", kind: "DaemonSet", plural: "daemonsets", namespaced: true, status: true },
    {
        group: "rbac.authorization.k8s.io",
        version: "v1",
        kind: "ClusterRole",
        plural: "clusterroles",
        namespaced: false,
    },
    {
        group: "rbac.authorization.k8s.io",
        version: "v1",
        kind: "ClusterRoleBinding",
        plural: "clusterrolebindings",
        namespaced: false,
    },
    { group: "scheduling.k8s.io", version: "v1", kind: "PriorityClass", plural: "priorityclasses", namespaced: false },
    {
        group: "apiextensions.k8s.io",
        version: "v1",
        kind: "CustomResourceDefinition",
        plural: "customresourcedefinitions",
        namespaced: false,
        status: true,
    },
];

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Route {
    resource: FakeResource;
    namespace?: string;
    name?: string;
    sub?: string;
}

interface Fault {
    method: string;
    path: RegExp;
    status: number;
    message: string;
    times: number;
}

/** One request the fake answered. */
export interface LoggedRequest {
    method: string;
    path: string;
    contentType?: string;
}

function mergePatch(target: unknown, patch: unknown): unknown {
    if (patch === null || typeof patch !== "object" || Array.isArray(patch)) {
        return patch;
    }
    const out: Obj = target !== null && typeof target === "object" && !Array.isArray(target) ? { ...target } : {};
    for (const [k, v] of Object.entries(patch as Obj)) {
        if (v === null) {
            delete out[k];
        } else {
            out[k] = mergePatch(out[k], v);
        }
    }
    return out;
}

function gv(r: FakeResource): string {
    return r.group === "" ? r.version : `${r.group}/${r.version}`;
}

/**
 * An in-process Kubernetes API server over loopback HTTP(S), with the semantics drover relies on: discovery,
 * get/list/create/replace/merge-patch/apply/delete, namespaces that must exist, status subresources, finalizers,
 * CRDs that register new resources, bearer-token auth and injectable faults. Not a conformance test double:
 * server-side apply is approximated by a merge, and there is no watch.
 */
export class FakeKubeApi {
    readonly requests: LoggedRequest[] = [];
    private readonly resources: FakeResource[] = [...BUILTIN];
    private readonly store = new Map<string, Obj>();
    private readonly faults: Fault[] = [];
    private server?: http.Server;
    private version = 1;

    constructor(private readonly opts: { token?: string; tls?: { cert: string; key: string; ca: string } } = {}) {}

    async start(): Promise<void> {
        const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
            const chunks: Buffer[] = [];
            req.on("data", (c: Buffer) => chunks.push(c));
            req.on("end", () => this.handle(req, Buffer.concat(chunks).toString("utf8"), res));
        };
        this.server = this.opts.tls
            ? https.createServer({ cert: this.opts.tls.cert, key: this.opts.tls.key }, handler)
            : http.createServer(handler);
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    }

    async stop(): Promise<void> {
        await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    }

    get url(): string {
        const port = (this.server!.address() as AddressInfo).port;
        return `${this.opts.tls ? "https" : "http"}://127.0.0.1:${port}`;
    }

    /** A kubeconfig for this server: CA data when it serves TLS, the bearer token when it wants one. */
    kubeconfig(): string {
        const cluster: Obj = { server: this.url };
        if (this.opts.tls) {
            cluster["certificate-authority-data"] = Buffer.from(this.opts.tls.ca).toString("base64");
        }
        return YAML.stringify({
            apiVersion: "v1",
            kind: "Config",
            "current-context": "fake",
            clusters: [{ name: "fake", cluster }],
            users: [{ name: "fake", user: this.opts.token ? { token: this.opts.token } : {} }],
            contexts: [{ name: "fake", context: { cluster: "fake", user: "fake" } }],
        });
    }

    /** Makes the next `times` matching requests fail with `status`. */
    fail(method: string, path: RegExp, status: number, message = "injected failure", times = 1): void {
        this.faults.push({ method, path, status, message, times });
    }

    /** Stores an object directly, as a controller with full access would (no admission, status kept). */
    put(obj: Obj): Obj {
        const r = this.resourceFor(obj.apiVersion, obj.kind);
        const stored = this.stamp(r, structuredClone(obj), obj.metadata?.namespace);
        this.store.set(this.key(r, stored.metadata.namespace, stored.metadata.name), stored);
        return stored;
    }

    /** The stored object, or undefined. */
    object(apiVersion: string, kind: string, namespace: string | undefined, name: string): Obj | undefined {
        const r = this.resourceFor(apiVersion, kind);
        const o = this.store.get(this.key(r, r.namespaced ? namespace : undefined, name));
        return o === undefined ? undefined : structuredClone(o);
    }

    /** Every stored object of a kind. */
    objects(apiVersion: string, kind: string): Obj[] {
        const r = this.resourceFor(apiVersion, kind);
        const prefix = `${gv(r)}|${r.plural}|`;
        return [...this.store.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => structuredClone(v));
    }

    private resourceFor(apiVersion: string, kind: string): FakeResource {
        const r = this.resources.find((x) => gv(x) === apiVersion && x.kind === kind);
        if (!r) {
            throw new Error(`fake API serves no ${kind} in ${apiVersion}`);
        }
        return r;
    }

    private key(r: FakeResource, namespace: string | undefined, name: string): string {
        return `${gv(r)}|${r.plural}|${r.namespaced ? (namespace ?? "") : ""}|${name}`;
    }

    private stamp(r: FakeResource, obj: Obj, namespace: string | undefined): Obj {
        obj.apiVersion = gv(r);
        obj.kind = r.kind;
        obj.metadata = { ...(obj.metadata ?? {}) };
        if (r.namespaced) {
            obj.metadata.namespace = namespace ?? obj.metadata.namespace ?? "default";
        } else {
            delete obj.metadata.namespace;
        }
        obj.metadata.uid ??= `uid-${this.version}`;
        obj.metadata.creationTimestamp ??= new Date(0).toISOString();
        obj.metadata.resourceVersion = String(++this.version);
        return obj;
    }

    private route(path: string): Route | "discovery" | undefined {
        const m = /^\/(api\/v1|apis\/([^/]+)\/([^/]+))(\/.*)?$/.exec(path);
        if (!m) {
            return undefined;
        }
        const group = m[2] ?? "";
        const version = m[3] ?? "v1";
        if (!this.resources.some((r) => r.group === group && r.version === version)) {
            return undefined;
        }
        const segs = (m[4] ?? "")
            .split("/")
            .filter((s) => s !== "")
            .map(decodeURIComponent);
        if (segs.length === 0) {
            return "discovery";
        }
        const find = (plural: string) =>
            this.resources.find((r) => r.group === group && r.version === version && r.plural === plural);
        if (segs[0] === "namespaces" && segs.length >= 3 && find(segs[2])?.namespaced) {
            return { resource: find(segs[2])!, namespace: segs[1], name: segs[3], sub: segs[4] };
        }
        const resource = find(segs[0]);
        return resource ? { resource, name: segs[1], sub: segs[2] } : undefined;
    }

    private handle(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
        const url = new URL(req.url ?? "/", "http://fake");
        const method = req.method ?? "GET";
        this.requests.push({ method, path: url.pathname, contentType: req.headers["content-type"] });
        const reply = (status: number, obj: unknown) => {
            res.writeHead(status, { "Content-Type": "application/json" });
            res.end(JSON.stringify(obj));
        };
        const fail = (status: number, reason: string, message: string) =>
            reply(status, { kind: "Status", apiVersion: "v1", status: "Failure", reason, message, code: status });
        if (this.opts.token && req.headers.authorization !== `Bearer ${this.opts.token}`) {
            return fail(401, "Unauthorized", "Unauthorized");
        }
        const fault = this.faults.find((f) => f.method === method && f.path.test(url.pathname) && f.times > 0);
        if (fault) {
            fault.times--;
            return fail(fault.status, fault.status === 403 ? "Forbidden" : "InternalError", fault.message);
        }
        const route = this.route(url.pathname);
        if (route === undefined) {
            return fail(404, "NotFound", `the server could not find the requested resource (${url.pathname})`);
        }
        try {
            if (route === "discovery") {
                return reply(200, this.discovery(url.pathname));
            }
            const [status, obj] = this.serve(method, route, body, req.headers["content-type"] ?? "");
            return reply(status, obj);
        } catch (e) {
            const err = e as { status?: number; reason?: string; message: string };
            return fail(err.status ?? 500, err.reason ?? "InternalError", err.message);
        }
    }

    private discovery(path: string): Obj {
        const groupVersion = path === "/api/v1" ? "v1" : path.replace(/^\/apis\//, "");
        const resources = this.resources
            .filter((r) => gv(r) === groupVersion)
            .flatMap((r) => [
                { name: r.plural, kind: r.kind, namespaced: r.namespaced, verbs: ["get", "list", "create", "delete"] },
                ...(r.status ? [{ name: `${r.plural}/status`, kind: r.kind, namespaced: r.namespaced }] : []),
            ]);
        return { kind: "APIResourceList", apiVersion: "v1", groupVersion, resources };
    }

    private error(status: number, reason: string, message: string): Error {
        return Object.assign(new Error(message), { status, reason });
    }

    private serve(method: string, route: Route, body: string, contentType: string): [number, unknown] {
        const r = route.resource;
        const what = `${r.plural}${r.group ? `.${r.group}` : ""}`;
        if (route.name === undefined) {
            if (method === "GET") {
                const prefix = `${gv(r)}|${r.plural}|${route.namespace === undefined ? "" : `${route.namespace}|`}`;
                const items = [...this.store.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v);
                return [200, { kind: `${r.kind}List`, apiVersion: gv(r), items }];
            }
            if (method === "POST") {
                const obj = JSON.parse(body) as Obj;
                return [201, this.create(r, route.namespace, obj)];
            }
            throw this.error(405, "MethodNotAllowed", `${method} is not supported on a collection`);
        }
        const key = this.key(r, route.namespace, route.name);
        const current = this.store.get(key);
        const notFound = () => this.error(404, "NotFound", `${what} "${route.name}" not found`);
        switch (method) {
            case "GET":
                if (!current) {
                    throw notFound();
                }
                return [200, current];
            case "DELETE":
                if (!current) {
                    throw notFound();
                }
                return [200, this.remove(r, key, current)];
            case "PUT":
                if (!current) {
                    throw notFound();
                }
                return [200, this.write(r, key, current, JSON.parse(body) as Obj, route.sub)];
            case "PATCH": {
                const patch = JSON.parse(body) as Obj;
                if (contentType.startsWith("application/apply-patch")) {
                    if (!current) {
                        return [
                            201,
                            this.create(r, route.namespace, {
                                ...patch,
                                metadata: { ...patch.metadata, name: route.name },
                            }),
                        ];
                    }
                    return [200, this.write(r, key, current, mergePatch(current, patch) as Obj, route.sub)];
                }
                if (!current) {
                    throw notFound();
                }
                return [200, this.write(r, key, current, mergePatch(current, patch) as Obj, route.sub)];
            }
            default:
                throw this.error(405, "MethodNotAllowed", `${method} is not supported`);
        }
    }

    private create(r: FakeResource, namespace: string | undefined, input: Obj): Obj {
        const name = input.metadata?.name as string | undefined;
        if (!name) {
            throw this.error(422, "Invalid", "metadata.name: Required value");
        }
        const ns = r.namespaced ? (namespace ?? input.metadata?.namespace ?? "default") : undefined;
        if (ns !== undefined && !this.store.has(this.key(BUILTIN[0], undefined, ns))) {
            throw this.error(404, "NotFound", `namespaces "${ns}" not found`);
        }
        const key = this.key(r, ns, name);
        if (this.store.has(key)) {
            throw this.error(409, "AlreadyExists", `${r.plural} "${name}" already exists`);
        }
        const obj = structuredClone(input);
        if (r.status) {
            delete obj.status;
        }
        const stored = this.stamp(r, obj, ns);
        this.store.set(key, stored);
        if (r.kind === "CustomResourceDefinition") {
            this.registerCrd(stored);
        }
        return stored;
    }

    private write(r: FakeResource, key: string, current: Obj, next: Obj, sub: string | undefined): Obj {
        let obj: Obj;
        if (sub === "status") {
            obj = { ...current, status: next.status };
        } else {
            const server = ["uid", "creationTimestamp", "deletionTimestamp"].filter((k) => k in current.metadata);
            obj = {
                ...next,
                metadata: { ...next.metadata, ...Object.fromEntries(server.map((k) => [k, current.metadata[k]])) },
            };
            if (r.status) {
                obj.status = current.status;
            }
        }
        const stored = this.stamp(r, obj, current.metadata.namespace);
        if (stored.metadata.deletionTimestamp && (stored.metadata.finalizers ?? []).length === 0) {
            this.store.delete(key);
        } else {
            this.store.set(key, stored);
        }
        return stored;
    }

    private remove(r: FakeResource, key: string, current: Obj): Obj {
        if ((current.metadata.finalizers ?? []).length > 0) {
            const marked = {
                ...current,
                metadata: { ...current.metadata, deletionTimestamp: new Date().toISOString() },
            };
            this.store.set(key, this.stamp(r, marked, current.metadata.namespace));
            return marked;
        }
        this.store.delete(key);
        if (r.kind === "Namespace") {
            for (const k of [...this.store.keys()]) {
                if (k.split("|")[2] === current.metadata.name) {
                    this.store.delete(k);
                }
            }
        }
        return current;
    }

    private registerCrd(crd: Obj): void {
        const spec = crd.spec as Obj;
        for (const v of (spec.versions ?? []) as Obj[]) {
            if (v.served === false) {
                continue;
            }
            this.resources.push({
                group: spec.group,
                version: v.name,
                kind: spec.names.kind,
                plural: spec.names.plural,
                namespaced: spec.scope === "Namespaced",
                status: v.subresources?.status !== undefined,
            });
        }
    }
}
