import fc from "fast-check";
import {
    isGitUrlProblem,
    knownHostsName,
    parseGitUrl,
    redactGitUrl,
    scpToSshUrl,
} from "../../../components/flux/gitUrl";

describe("parseGitUrl", () => {
    it.each([
        [
            "ssh://git@git.example.internal/platform/fleet.git",
            { scheme: "ssh", user: "git", host: "git.example.internal", port: undefined, path: "platform/fleet.git" },
        ],
        [
            "ssh://git@git.example.internal:2222/platform/fleet.git",
            { scheme: "ssh", user: "git", host: "git.example.internal", port: 2222, path: "platform/fleet.git" },
        ],
        [
            "https://git.example.internal/platform/fleet.git",
            { scheme: "https", host: "git.example.internal", port: undefined, path: "platform/fleet.git" },
        ],
        [
            "https://git.example.internal:8443/platform/fleet",
            { scheme: "https", host: "git.example.internal", port: 8443, path: "platform/fleet" },
        ],
    ])("accepts %s", (url, expected) => {
        expect(parseGitUrl(url)).toEqual(expected);
    });

    it.each([
        [
            "git@git.example.internal:platform/fleet.git",
            'is an scp-like address, which Flux does not support; use "ssh://git@git.example.internal/platform/fleet.git"',
        ],
        [
            "http://git.example.internal/platform/fleet.git",
            'uses plain http, which sends credentials and content in clear text; use "https://git.example.internal/platform/fleet.git"',
        ],
        [
            "git://git.example.internal/platform/fleet.git",
            'is not an ssh:// or https:// Git URL; use e.g. "ssh://git@git.example.internal/org/fleet.git"',
        ],
        [
            "ssh://git.example.internal/platform/fleet.git",
            'has no user; use "ssh://git@git.example.internal/platform/fleet.git"',
        ],
        [
            "ssh://git:hunter2@git.example.internal/platform/fleet.git",
            'carries a password; use "ssh://git@git.example.internal/platform/fleet.git"',
        ],
        [
            "https://bot:tok@git.example.internal/platform/fleet.git",
            'carries credentials; use "https://git.example.internal/platform/fleet.git" and set httpsToken (or httpsUsername and httpsPassword)',
        ],
        ["ssh://git@git.example.internal:70000/fleet.git", "has a port outside 1-65535"],
        ["ssh://git@git.example.internal/", 'must name a repository path and nothing after it, e.g. "/org/fleet.git"'],
        [
            "https://git.example.internal/fleet.git?ref=main",
            'must name a repository path and nothing after it, e.g. "/org/fleet.git"',
        ],
    ])("rejects %s", (url, problem) => {
        expect(parseGitUrl(url)).toEqual({ problem });
    });

    it("converts any scp-like address into an ssh:// URL that parses to the same user, host and path", () => {
        const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
        fc.assert(
            fc.property(
                fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/),
                fc.array(label, { minLength: 1, maxLength: 3 }),
                fc.array(label, { minLength: 1, maxLength: 3 }),
                (user, hostLabels, pathParts) => {
                    const host = hostLabels.join(".");
                    const repoPath = `${pathParts.join("/")}.git`;
                    const ssh = scpToSshUrl(`${user}@${host}:${repoPath}`);
                    expect(ssh).toBe(`ssh://${user}@${host}/${repoPath}`);
                    const parsed = parseGitUrl(ssh!);
                    expect(isGitUrlProblem(parsed)).toBe(false);
                    expect(parsed).toMatchObject({ scheme: "ssh", user, host, path: repoPath });
                },
            ),
        );
    });

    it("does not mistake ssh:// or https:// URLs with ports for scp-like addresses", () => {
        expect(scpToSshUrl("ssh://git@host:22/x.git")).toBeUndefined();
        expect(scpToSshUrl("https://host:443/x.git")).toBeUndefined();
    });
});

describe("redactGitUrl", () => {
    it.each([
        ["https://bot:tok@git.example.internal/fleet.git", "https://git.example.internal/fleet.git"],
        ["https://tok@git.example.internal/fleet.git", "https://git.example.internal/fleet.git"],
        ["ssh://git:pw@git.example.internal/fleet.git", "ssh://git@git.example.internal/fleet.git"],
        ["ssh://git@git.example.internal/fleet.git", "ssh://git@git.example.internal/fleet.git"],
        ["https://git.example.internal/fleet.git", "https://git.example.internal/fleet.git"],
    ])("%s becomes %s", (url, redacted) => {
        expect(redactGitUrl(url)).toBe(redacted);
    });
});

describe("knownHostsName", () => {
    it("uses the bare host on port 22 and [host]:port elsewhere, as ssh-keygen does", () => {
        const at = (u: string) => {
            const p = parseGitUrl(u);
            if (isGitUrlProblem(p)) {
                throw new Error(p.problem);
            }
            return knownHostsName(p);
        };
        expect(at("ssh://git@h.example/x.git")).toBe("h.example");
        expect(at("ssh://git@h.example:22/x.git")).toBe("h.example");
        expect(at("ssh://git@h.example:2222/x.git")).toBe("[h.example]:2222");
    });
});
