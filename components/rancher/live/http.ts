// Run-time code of RancherRegistration. Pulumi serializes it into the state of a dynamic resource, so every file
// under live/ keeps to what Pulumi's closure serializer handles: named imports only (no `import * as`, no default
// imports), no @pulumi/pulumi, plain functions and objects, no classes with private `#fields`.
import { request as httpRequest } from "http";
import { request as httpsRequest } from "https";

/** TLS settings of one request. */
export interface TlsOptions {
    /** PEM CA bundle; replaces the system trust store when set. */
    ca?: string;
    /** PEM client certificate and key (kubeconfig client auth). */
    cert?: string;
    key?: string;
    /** Skip server certificate verification. */
    insecure?: boolean;
    /** Name to verify the server certificate against, when it differs from the URL's host. */
    servername?: string;
}

export interface HttpRequest {
    method: string;
    url: string;
    headers?: Record<string, string>;
    body?: string;
    tls?: TlsOptions;
    timeoutMs: number;
}

export interface HttpResponse {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
}

/** Sends one HTTP(S) request. Injectable, so the run-time steps can be tested without a network. */
export type HttpTransport = (req: HttpRequest) => Promise<HttpResponse>;

/** Largest response body read (the import manifest is about 10 KiB; Kubernetes lists stay small here). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The transport used in deployments: Node's own http and https modules, nothing else. */
export const nodeTransport: HttpTransport = (req) =>
    new Promise<HttpResponse>((resolve, reject) => {
        const url = new URL(req.url);
        const secure = url.protocol === "https:";
        const send = secure ? httpsRequest : httpRequest;
        const tls = req.tls ?? {};
        const options = {
            method: req.method,
            headers: {
                ...(req.headers ?? {}),
                ...(req.body === undefined ? {} : { "Content-Length": String(Buffer.byteLength(req.body)) }),
            },
            timeout: req.timeoutMs,
            ...(secure
                ? {
                      ca: tls.ca,
                      cert: tls.cert,
                      key: tls.key,
                      rejectUnauthorized: tls.insecure !== true,
                      servername: tls.servername,
                      // Never reuse a pooled socket: each request carries its own trust settings.
                      agent: false as const,
                  }
                : { agent: false as const }),
        };
        const r = send(url, options, (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on("data", (c: Buffer) => {
                size += c.length;
                if (size > MAX_BODY_BYTES) {
                    res.destroy(withCode(new Error(`response larger than ${MAX_BODY_BYTES} bytes`), "ETOOLARGE"));
                    return;
                }
                chunks.push(c);
            });
            res.on("error", reject);
            res.on("end", () =>
                resolve({
                    status: res.statusCode ?? 0,
                    headers: res.headers,
                    body: Buffer.concat(chunks).toString("utf8"),
                }),
            );
        });
        r.on("timeout", () => r.destroy(withCode(new Error(`no answer within ${req.timeoutMs} ms`), "ETIMEDOUT")));
        r.on("error", reject);
        if (req.body !== undefined) {
            r.write(req.body);
        }
        r.end();
    });

function withCode(e: Error, code: string): Error {
    return Object.assign(e, { code });
}

/** The error code Node attaches (`ECONNREFUSED`, `SELF_SIGNED_CERT_IN_CHAIN`, ...), or "". */
export function errorCode(e: unknown): string {
    const code = (e as { code?: unknown } | undefined)?.code;
    return typeof code === "string" ? code : "";
}

/** True when a request failed because the server's certificate could not be verified. */
export function isTlsVerificationError(e: unknown): boolean {
    return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT/.test(errorCode(e));
}

/** `message (CODE)` for a network error, without repeating the code when the message already has it. */
export function describeNetworkError(e: unknown): string {
    // Duck-typed: errors from Node's own modules may come from another realm (e.g. under jest).
    const m = (e as { message?: unknown } | undefined)?.message;
    const message = typeof m === "string" ? m : String(e);
    const code = errorCode(e);
    return code && !message.includes(code) ? `${message} (${code})` : message;
}

/**
 * Tells Pulumi's closure serializer to copy this module into the dynamic provider's code by value, also when drover
 * is installed under node_modules (a `require` of a drover file would fail: the package exports only its root).
 */
export const deploymentOnlyModule = true;
