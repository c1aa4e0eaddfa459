import { createHash, createHmac } from "crypto";

/**
 * Pinned SSH host keys in OpenSSH `known_hosts` format, checked the way Flux reads them.
 *
 * Flux takes `known_hosts` from the source Secret and never scans the host itself, so the pin decides whether Flux can
 * connect. Known failure modes (fluxcd/flux2#5385): several keys on one line (only the first is read) and, in Flux
 * 2.6.0, an ssh-rsa or ssh-ed25519 key listed before the ecdsa-sha2-nistp256 key of the same host.
 */

/** Host key types Flux's SSH transport accepts (fluxcd/pkg/ssh), preferred first. */
export const SSH_HOST_KEY_TYPES = [
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "ssh-ed25519",
    "ssh-rsa",
] as const;

/** The key type Flux prefers; it must come first when a host has several keys. */
export const PREFERRED_HOST_KEY_TYPE = "ecdsa-sha2-nistp256";

/** One parsed known_hosts line. */
export interface KnownHostEntry {
    /** 1-based line number in the input. */
    line: number;
    /** The line as given, trimmed. */
    text: string;
    /** Host patterns: `name`, `[name]:port` or hashed `|1|salt|hash`. */
    hosts: string[];
    keyType: string;
    /** The key blob (SSH wire format). */
    blob: Buffer;
}

/** A problem with one line (or with the whole text when `line` is 0). */
export interface KnownHostsProblem {
    line: number;
    /** The offending line, or the whole text. */
    value: string;
    reason: string;
}

const HOST_NAME = /^(\[[A-Za-z0-9.:-]+\]:\d{1,5}|[A-Za-z0-9.:-]+)$/;
const HASHED = /^\|1\|[A-Za-z0-9+/]+=*\|[A-Za-z0-9+/]+=*$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The first length-prefixed string of an SSH wire-format key blob: its key type. */
function blobKeyType(blob: Buffer): string | undefined {
    if (blob.length < 4) {
        return undefined;
    }
    const n = blob.readUInt32BE(0);
    if (n === 0 || n > 64 || blob.length < 4 + n) {
        return undefined;
    }
    return blob.subarray(4, 4 + n).toString("latin1");
}

function parseLine(text: string, line: number): KnownHostEntry | KnownHostsProblem {
    const bad = (reason: string): KnownHostsProblem => ({ line, value: text, reason: `on line ${line} ${reason}` });
    if (text.startsWith("@")) {
        return bad(`uses the marker "${text.split(/\s+/)[0]}", which drover does not support; pin the host key itself`);
    }
    const fields = text.split(/\s+/);
    if (fields.length < 3) {
        return bad('is not "host[,host] keytype base64"; use e.g. the output of `ssh-keyscan -t ecdsa <host>`');
    }
    const [hostField, keyType, key, ...rest] = fields;
    const hosts = hostField.split(",");
    const badHost = hosts.find((h) => !HOST_NAME.test(h) && !HASHED.test(h));
    if (badHost !== undefined) {
        return bad(
            `has host "${badHost}", which is not a host name, "[host]:port" or a hashed host; pin the exact host (no wildcards or negations)`,
        );
    }
    if (!(SSH_HOST_KEY_TYPES as readonly string[]).includes(keyType)) {
        return bad(
            `has key type "${keyType}", which Flux does not support; use one of ${SSH_HOST_KEY_TYPES.map((t) => `"${t}"`).join(", ")}`,
        );
    }
    const blob = BASE64.test(key) ? Buffer.from(key, "base64") : Buffer.alloc(0);
    const inner = blobKeyType(blob);
    if (inner === undefined) {
        return bad(`has a key that is not base64 of an SSH public key; copy the line again from \`ssh-keyscan\``);
    }
    if (inner !== keyType) {
        return bad(`says "${keyType}" but its key is "${inner}"; copy the line again from \`ssh-keyscan\``);
    }
    if (rest.some((t) => (SSH_HOST_KEY_TYPES as readonly string[]).includes(t))) {
        return bad("has more than one key; put one key per line (Flux reads only the first key of a line)");
    }
    return { line, text, hosts, keyType, blob };
}

/** Parses known_hosts text. Blank lines and `#` comments are skipped. */
export function parseKnownHosts(text: string): { entries: KnownHostEntry[]; problems: KnownHostsProblem[] } {
    const entries: KnownHostEntry[] = [];
    const problems: KnownHostsProblem[] = [];
    text.split(/\r?\n/).forEach((raw, i) => {
        const t = raw.trim();
        if (t === "" || t.startsWith("#")) {
            return;
        }
        const r = parseLine(t, i + 1);
        if ("reason" in r) {
            problems.push(r);
        } else {
            entries.push(r);
        }
    });
    return { entries, problems };
}

/** How to get the line for a host: `ssh-keyscan -t ecdsa host` (with `-p port` off port 22). */
function keyscanHint(host: string): string {
    const m = /^\[(.+)\]:(\d+)$/.exec(host);
    return m ? `ssh-keyscan -p ${m[2]} -t ecdsa ${m[1]}` : `ssh-keyscan -t ecdsa ${host}`;
}

/**
 * Every problem Flux would have with this known_hosts text: malformed lines, several keys on a line, the
 * ecdsa-sha2-nistp256 key not first for a host, and (when `host` is given) no key at all for the Git host.
 */
export function knownHostsProblems(text: string, host?: string): KnownHostsProblem[] {
    const { entries, problems } = parseKnownHosts(text);
    if (entries.length === 0 && problems.length === 0) {
        return [
            {
                line: 0,
                value: text,
                reason: `has no host key; pin the Git host's key, e.g. the output of \`${keyscanHint(host ?? "<host>")}\``,
            },
        ];
    }
    problems.push(...orderProblems(entries, host));
    if (host !== undefined && problems.length === 0 && entriesFor(entries, host).length === 0) {
        problems.push({
            line: 0,
            value: text,
            reason: `has no key for "${host}", the host of gitUrl; add its line from \`${keyscanHint(host)}\``,
        });
    }
    return problems;
}

/** True when a known_hosts host pattern (plain or hashed) names `host`. */
export function hostMatches(pattern: string, host: string): boolean {
    if (pattern.startsWith("|1|")) {
        const [, , salt, hash] = pattern.split("|");
        const mac = createHmac("sha1", Buffer.from(salt, "base64")).update(host).digest("base64");
        return mac === hash;
    }
    return pattern === host;
}

/** The entries that list `host` (as written in known_hosts: `name` or `[name]:port`), in file order. */
export function entriesFor(entries: KnownHostEntry[], host: string): KnownHostEntry[] {
    return entries.filter((e) => e.hosts.some((h) => hostMatches(h, host)));
}

/** When a host has several keys, its ecdsa-sha2-nistp256 key must come first (fluxcd/flux2#5385). */
function orderProblems(entries: KnownHostEntry[], extraHost?: string): KnownHostsProblem[] {
    const problems: KnownHostsProblem[] = [];
    const hosts = new Set(entries.flatMap((e) => e.hosts.filter((h) => !h.startsWith("|"))));
    if (extraHost !== undefined) {
        hosts.add(extraHost);
    }
    const reported = new Set<number>();
    for (const host of hosts) {
        const mine = entriesFor(entries, host);
        const preferred = mine.find((e) => e.keyType === PREFERRED_HOST_KEY_TYPE);
        if (mine.length > 1 && preferred !== undefined && mine[0] !== preferred && !reported.has(mine[0].line)) {
            reported.add(mine[0].line);
            problems.push({
                line: mine[0].line,
                value: mine[0].text,
                reason:
                    `on line ${mine[0].line} comes before the ${PREFERRED_HOST_KEY_TYPE} key of "${host}" (line ${preferred.line}); ` +
                    `list the ${PREFERRED_HOST_KEY_TYPE} key first, as Flux expects (fluxcd/flux2#5385)`,
            });
        }
    }
    return problems;
}

/** The SHA-256 fingerprint of a key blob as `ssh-keygen -lf` prints it: `SHA256:<base64 without padding>`. */
export function sshFingerprint(blob: Buffer): string {
    return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

/**
 * The fingerprint of the key Flux will check for `host`: the first pinned key for that host. Empty when the text
 * pins no key for it.
 */
export function knownHostsFingerprint(text: string, host: string): string {
    const [first] = entriesFor(parseKnownHosts(text).entries, host);
    return first ? sshFingerprint(first.blob) : "";
}
