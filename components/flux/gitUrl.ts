/** Git URLs as Flux's source-controller accepts them (source-controller docs/spec/v1/gitrepositories.md). */

/** A Git URL split into the parts drover needs. */
export interface GitUrl {
    scheme: "ssh" | "https";
    /** The SSH user (`git` on most Git hosts); absent for https. */
    user?: string;
    host: string;
    /** The port when the URL names one. */
    port?: number;
    /** The repository path, without the leading "/". */
    path: string;
}

const SCP_LIKE = /^([A-Za-z0-9._-]+)@([A-Za-z0-9.-]+):(?!\/\/)(.+)$/;

/** Converts an scp-like address (`git@host:org/repo.git`) to the `ssh://` form Flux needs; undefined if not scp-like. */
export function scpToSshUrl(url: string): string | undefined {
    const m = SCP_LIKE.exec(url.trim());
    if (!m) {
        return undefined;
    }
    return `ssh://${m[1]}@${m[2]}/${m[3].replace(/^\/+/, "")}`;
}

function parsePort(port: string): number | undefined | "bad" {
    if (port === "") {
        return undefined;
    }
    const n = Number(port);
    return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : "bad";
}

/** Parses an `ssh://` or `https://` Git URL; returns a reason (with the fix) when Flux could not use it. */
export function parseGitUrl(url: string): GitUrl | { problem: string } {
    const scp = scpToSshUrl(url);
    if (scp !== undefined) {
        return { problem: `is an scp-like address, which Flux does not support; use "${scp}"` };
    }
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url)?.[1].toLowerCase();
    if (scheme === "http") {
        return {
            problem: `uses plain http, which sends credentials and content in clear text; use "https://${url.slice(7)}"`,
        };
    }
    if (scheme !== "ssh" && scheme !== "https") {
        return {
            problem: 'is not an ssh:// or https:// Git URL; use e.g. "ssh://git@git.example.internal/org/fleet.git"',
        };
    }
    const authority = url.replace(/^[^:]+:\/\//, "").split("/")[0];
    const portText = /:(\d+)$/.exec(authority.split("@").pop() ?? "")?.[1];
    if (portText !== undefined && parsePort(portText) === "bad") {
        return { problem: "has a port outside 1-65535" };
    }
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        return { problem: 'is not a valid URL; use e.g. "ssh://git@git.example.internal/org/fleet.git"' };
    }
    const port = parsePort(parsed.port);
    const path = decodeURIComponent(parsed.pathname).replace(/^\/+/, "");
    if (parsed.hostname === "" || /\s/.test(url)) {
        return { problem: 'has no host or contains spaces; use e.g. "ssh://git@git.example.internal/org/fleet.git"' };
    }
    if (port === "bad") {
        return { problem: "has a port outside 1-65535" };
    }
    if (path === "" || parsed.search !== "" || parsed.hash !== "") {
        return { problem: 'must name a repository path and nothing after it, e.g. "/org/fleet.git"' };
    }
    if (scheme === "https") {
        if (parsed.username !== "" || parsed.password !== "") {
            return {
                problem: `carries credentials; use "https://${parsed.host}${parsed.pathname}" and set httpsToken (or httpsUsername and httpsPassword)`,
            };
        }
        return { scheme, host: parsed.hostname, port, path };
    }
    if (parsed.password !== "") {
        return { problem: `carries a password; use "ssh://${parsed.username}@${parsed.host}${parsed.pathname}"` };
    }
    if (parsed.username === "") {
        return { problem: `has no user; use "ssh://git@${parsed.host}${parsed.pathname}"` };
    }
    return { scheme, user: decodeURIComponent(parsed.username), host: parsed.hostname, port, path };
}

/** True when {@link parseGitUrl} returned a problem. */
export function isGitUrlProblem(v: GitUrl | { problem: string }): v is { problem: string } {
    return "problem" in v;
}

/** Removes any credentials from a URL, so it can be shown and recorded (e.g. in policy settings). */
export function redactGitUrl(url: string): string {
    return url.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^@/]*)@/, (_m, scheme: string, userinfo: string) => {
        if (scheme.toLowerCase() === "ssh://") {
            return `${scheme}${userinfo.split(":")[0]}@`;
        }
        return scheme;
    });
}

/** The host name as a known_hosts line must list it for this URL: `host`, or `[host]:port` off port 22. */
export function knownHostsName(url: GitUrl): string {
    return url.port === undefined || url.port === 22 ? url.host : `[${url.host}]:${url.port}`;
}
