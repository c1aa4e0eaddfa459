import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

/**
 * Install manifests (Flux's `install.yaml`, the Flux Operator's `install.yaml`), from a URL or a local file.
 *
 * A local file is read while the program runs, before anything is registered, so a missing or altered file fails
 * `pulumi preview` at once. A URL is fetched with Node's `fetch` while the program runs (also in preview and with
 * `renderYamlToDirectory`), so the machine running Pulumi needs to reach it; in an air gap that is a file server on the
 * local network (e.g. Hauler's), or use a local path. The objects are registered one by one by drover, not by the
 * provider, so drover sets the options of each (ownership, retention, order).
 */

/** A Kubernetes object read from a manifest. */
export interface KubeObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; [key: string]: unknown };
    [key: string]: unknown;
}

/** True when the manifest source is an http(s) URL rather than a local path. */
export function isManifestUrl(source: string): boolean {
    return /^https?:\/\//i.test(source);
}

/** The SHA-256 of the manifest text, as `sha256sum` prints it. */
export function sha256Hex(text: string): string {
    return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Checks an optional pinned checksum; returns the problem, if any. */
export function checksumProblem(text: string, expected: string | undefined): string | undefined {
    if (expected === undefined) {
        return undefined;
    }
    const actual = sha256Hex(text);
    return actual === expected
        ? undefined
        : `has SHA-256 ${actual}, not the pinned manifestSha256 ${expected}; check the file or update the checksum`;
}

/** Manifests already parsed, by their text: a fleet reads the same install manifest once per cluster, or twice. */
const parsed = new Map<string, KubeObject[]>();
const MAX_PARSED = 8;

/**
 * Parses a multi-document manifest into objects; List kinds are flattened. Throws with the document number. A text
 * parsed before is not parsed again; every caller gets its own copy of the objects.
 */
export function parseManifest(text: string): KubeObject[] {
    const known = parsed.get(text);
    if (known !== undefined) {
        return copyOf(known);
    }
    const objs = parseManifestText(text);
    if (parsed.size >= MAX_PARSED) {
        parsed.clear();
    }
    parsed.set(text, copyOf(objs));
    return objs;
}

/** A deep copy of parsed YAML (arrays, plain objects and scalars), made with this realm's Array and Object. */
function copyOf<T>(v: T): T {
    if (Array.isArray(v)) {
        return v.map(copyOf) as T;
    }
    if (v !== null && typeof v === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
            out[k] = copyOf(x);
        }
        return out as T;
    }
    return v;
}

function parseManifestText(text: string): KubeObject[] {
    const docs = YAML.parseAllDocuments(text);
    const out: KubeObject[] = [];
    docs.forEach((doc, i) => {
        if (doc.errors.length > 0) {
            throw new Error(
                `document ${i + 1} is not valid YAML (${doc.errors[0].message.split("\n")[0].replace(/:$/, "")})`,
            );
        }
        const value = doc.toJSON() as unknown;
        if (value === null || value === undefined) {
            return;
        }
        const objs = isList(value) ? value.items : [value];
        for (const o of objs) {
            out.push(checkObject(o, i + 1));
        }
    });
    if (out.length === 0) {
        throw new Error("contains no Kubernetes objects");
    }
    return out;
}

function isList(v: unknown): v is { items: unknown[] } {
    const o = v as { kind?: unknown; items?: unknown };
    return typeof o === "object" && typeof o.kind === "string" && o.kind.endsWith("List") && Array.isArray(o.items);
}

function checkObject(o: unknown, doc: number): KubeObject {
    const obj = o as Partial<KubeObject> | null;
    if (
        obj === null ||
        typeof obj !== "object" ||
        typeof obj.apiVersion !== "string" ||
        typeof obj.kind !== "string" ||
        typeof obj.metadata?.name !== "string"
    ) {
        throw new Error(`document ${doc} is not a Kubernetes object with apiVersion, kind and metadata.name`);
    }
    return obj as KubeObject;
}

/**
 * Reads, checks and parses a local manifest, synchronously. Returns the objects, or the problem (with the fix) for
 * the argument that named the file.
 */
export function loadLocalManifest(file: string, sha256?: string): KubeObject[] | { problem: string } {
    const abs = path.resolve(file);
    let text: string;
    try {
        text = fs.readFileSync(abs, "utf8");
    } catch {
        return {
            problem: `cannot be read (looked for "${abs}"); download the release's install.yaml there or give its URL`,
        };
    }
    const bad = checksumProblem(text, sha256);
    if (bad !== undefined) {
        return { problem: bad };
    }
    try {
        return parseManifest(text);
    } catch (e) {
        return { problem: `is not a usable manifest: ${(e as Error).message}` };
    }
}

/** An error's message with its cause's code (fetch reports "fetch failed" and hides ECONNREFUSED in `cause`). */
function errorText(e: unknown): string {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const cause = err.cause?.code ?? err.cause?.message;
    return cause ? `${err.message}: ${cause}` : err.message;
}

/**
 * Fetches, checks and parses a manifest from a URL. Rejects with a message naming the argument and the URL; the
 * message never contains credentials because drover's manifest URLs carry none.
 */
export async function fetchManifest(
    url: string,
    sha256: string | undefined,
    what: string,
    timeoutMs = 60_000,
): Promise<KubeObject[]> {
    let text: string;
    try {
        const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
        if (!res.ok) {
            throw new Error(`HTTP ${res.status} ${res.statusText}`.trim());
        }
        text = await res.text();
    } catch (e) {
        throw new Error(
            `${what} "${url}" could not be fetched (${errorText(e)}); check the URL, or download it and give a local path`,
        );
    }
    const bad = checksumProblem(text, sha256);
    if (bad !== undefined) {
        throw new Error(`${what} "${url}" ${bad}`);
    }
    try {
        return parseManifest(text);
    } catch (e) {
        throw new Error(`${what} "${url}" is not a usable manifest: ${(e as Error).message}`);
    }
}
