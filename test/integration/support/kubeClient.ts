import * as https from "https";

/** How to reach one API server: loopback URL, its CA and an admin bearer token. */
export interface KubeAccess {
    url: string;
    ca: string;
    token: string;
}

export interface KubeResponse {
    status: number;
    body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One HTTPS request to the API server, verifying its certificate against the CA. */
export function kubeRequest(
    access: KubeAccess,
    method: string,
    path: string,
    body?: unknown,
    contentType = "application/json",
): Promise<KubeResponse> {
    const url = new URL(path, access.url);
    const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
        const req = https.request(
            url,
            {
                method,
                ca: access.ca,
                headers: {
                    authorization: `Bearer ${access.token}`,
                    accept: "application/json",
                    ...(payload === undefined
                        ? {}
                        : { "content-type": contentType, "content-length": Buffer.byteLength(payload) }),
                },
                timeout: 15000,
            },
            (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c: Buffer) => chunks.push(c));
                res.on("end", () => {
                    const text = Buffer.concat(chunks).toString("utf8");
                    let parsed: unknown = text;
                    try {
                        parsed = text ? JSON.parse(text) : undefined;
                    } catch {
                        // not JSON (e.g. /readyz): keep the text
                    }
                    resolve({ status: res.statusCode ?? 0, body: parsed });
                });
            },
        );
        req.on("timeout", () => req.destroy(new Error(`${method} ${url.href} timed out`)));
        req.on("error", reject);
        if (payload !== undefined) {
            req.write(payload);
        }
        req.end();
    });
}

/** GET that returns undefined on 404 and fails on any other error status. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function kubeGet(access: KubeAccess, path: string): Promise<any> {
    const res = await kubeRequest(access, "GET", path);
    if (res.status === 404) {
        return undefined;
    }
    if (res.status >= 300) {
        throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return res.body;
}

/** Creates an object, or replaces nothing if it exists (409 is fine). */
export async function kubeCreate(access: KubeAccess, path: string, obj: unknown): Promise<void> {
    const res = await kubeRequest(access, "POST", path, obj);
    if (res.status >= 300 && res.status !== 409) {
        throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    }
}

/** Polls until `check` returns a value, or fails after `timeoutMs` saying what was last seen. */
export async function waitFor<T>(
    what: string,
    check: () => Promise<T | undefined>,
    timeoutMs = 60000,
    everyMs = 250,
): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
        try {
            const v = await check();
            if (v !== undefined) {
                return v;
            }
        } catch (e) {
            last = e;
        }
        if (Date.now() > deadline) {
            throw new Error(
                `timed out after ${timeoutMs} ms waiting for ${what}${last ? `; last error: ${String(last)}` : ""}`,
            );
        }
        await new Promise((r) => setTimeout(r, everyMs));
    }
}
