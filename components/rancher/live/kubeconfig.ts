// Serialized into state with the dynamic provider: see the note at the top of http.ts.
import { readFileSync } from "fs";
import { parse } from "yaml";
import { TlsOptions } from "./http";

/** Everything needed to call one Kubernetes API server, taken from a kubeconfig. Holds credentials. */
export interface KubeConnection {
    /** `https://host:port`, without a trailing slash. */
    server: string;
    tls: TlsOptions;
    /** `Authorization` header value (`Bearer ...` or `Basic ...`), when the user authenticates that way. */
    authorization?: string;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(o: Obj, key: string): string | undefined {
    const v = o[key];
    return typeof v === "string" && v !== "" ? v : undefined;
}

function named(list: unknown, name: string | undefined, field: string): Obj | undefined {
    if (!Array.isArray(list)) {
        return undefined;
    }
    const entries = list.filter(isObj);
    const hit = name === undefined && entries.length === 1 ? entries[0] : entries.find((e) => e.name === name);
    return hit && isObj(hit[field]) ? (hit[field] as Obj) : undefined;
}

function decode(b64: string): string {
    return Buffer.from(b64, "base64").toString("utf8");
}

function dataOrFile(o: Obj, dataKey: string, fileKey: string, fail: (reason: string) => never): string | undefined {
    const data = str(o, dataKey);
    if (data !== undefined) {
        return decode(data);
    }
    const file = str(o, fileKey);
    if (file === undefined) {
        return undefined;
    }
    try {
        return readFileSync(file, "utf8");
    } catch (e) {
        return fail(`${fileKey} ${JSON.stringify(file)} cannot be read (${(e as Error).message})`);
    }
}

/**
 * Reads a kubeconfig (YAML or JSON) and returns how to reach its current context's API server. Supports what
 * RKE2 and Rancher write: CA data, client certificates, bearer tokens and basic auth. Errors name the problem but
 * never repeat the kubeconfig, which holds credentials.
 *
 * @param label the argument name that starts error messages, e.g. `clusterKubeconfig`
 */
export function parseKubeconfig(text: string, label: string): KubeConnection {
    try {
        return readKubeconfig(text);
    } catch (e) {
        throw new Error(`${label} ${(e as Error).message}`);
    }
}

/** What is wrong with a kubeconfig, as `is not a usable kubeconfig: <reason>`, or undefined when it is usable. */
export function kubeconfigProblem(text: string): string | undefined {
    try {
        readKubeconfig(text);
        return undefined;
    } catch (e) {
        return (e as Error).message;
    }
}

function readKubeconfig(text: string): KubeConnection {
    const fail = (reason: string): never => {
        throw new Error(`is not a usable kubeconfig: ${reason}`);
    };
    let doc: unknown;
    try {
        doc = parse(text);
    } catch {
        return fail("it is not valid YAML or JSON");
    }
    if (!isObj(doc)) {
        return fail("it is not a YAML mapping with clusters, users and contexts");
    }
    const contextName = str(doc, "current-context");
    const context = named(doc.contexts, contextName, "context");
    if (contextName !== undefined && context === undefined) {
        fail(`its current-context ${JSON.stringify(contextName)} is not listed under contexts`);
    }
    const cluster = named(doc.clusters, context ? str(context, "cluster") : undefined, "cluster");
    if (cluster === undefined) {
        return fail("it names no cluster for its current context");
    }
    const server = str(cluster, "server");
    if (server === undefined || !/^https?:\/\/[^/\s]+/.test(server)) {
        return fail('its cluster has no server URL such as "https://10.0.0.10:6443"');
    }
    if (str(cluster, "proxy-url") !== undefined) {
        fail("its cluster uses proxy-url, which drover does not support; reach the API server directly");
    }
    const tls: TlsOptions = {
        ca: dataOrFile(cluster, "certificate-authority-data", "certificate-authority", fail),
        insecure: cluster["insecure-skip-tls-verify"] === true,
        servername: str(cluster, "tls-server-name"),
    };
    const user = named(doc.users, context ? str(context, "user") : undefined, "user") ?? {};
    if (user.exec !== undefined || user["auth-provider"] !== undefined) {
        fail(
            "its user authenticates with an exec or auth-provider plugin, which drover cannot run; " +
                "use a kubeconfig with a client certificate or a token (e.g. RKE2's /etc/rancher/rke2/rke2.yaml)",
        );
    }
    tls.cert = dataOrFile(user, "client-certificate-data", "client-certificate", fail);
    tls.key = dataOrFile(user, "client-key-data", "client-key", fail);
    if ((tls.cert === undefined) !== (tls.key === undefined)) {
        fail("its user has a client certificate without a key, or a key without a certificate");
    }
    let authorization: string | undefined;
    const token = str(user, "token") ?? readTokenFile(user, fail);
    const username = str(user, "username");
    if (token !== undefined) {
        authorization = `Bearer ${token.trim()}`;
    } else if (username !== undefined) {
        authorization = `Basic ${Buffer.from(`${username}:${str(user, "password") ?? ""}`).toString("base64")}`;
    }
    return { server: server.replace(/\/+$/, ""), tls, authorization };
}

function readTokenFile(user: Obj, fail: (reason: string) => never): string | undefined {
    const file = str(user, "tokenFile");
    if (file === undefined) {
        return undefined;
    }
    try {
        return readFileSync(file, "utf8");
    } catch (e) {
        return fail(`tokenFile ${JSON.stringify(file)} cannot be read (${(e as Error).message})`);
    }
}

/**
 * Tells Pulumi's closure serializer to copy this module into the dynamic provider's code by value, also when drover
 * is installed under node_modules (a `require` of a drover file would fail: the package exports only its root).
 */
export const deploymentOnlyModule = true;
