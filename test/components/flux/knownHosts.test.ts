import {
    entriesFor,
    sshFingerprint,
    hostMatches,
    knownHostsFingerprint,
    knownHostsProblems,
    parseKnownHosts,
} from "../../../components/flux/knownHosts";
import { GIT_HOST, HASHED_LINE, HOST_KEYS } from "./fixtures";

describe("fingerprint", () => {
    it.each(Object.entries(HOST_KEYS))("matches ssh-keygen -lf for the %s key", (_name, { key, fingerprint: fp }) => {
        const [entry] = parseKnownHosts(`host.example ${key}`).entries;
        expect(sshFingerprint(entry.blob)).toBe(fp);
    });

    it("is the fingerprint of the first key pinned for the Git host", () => {
        const text = [
            `other.example ${HOST_KEYS.rsa.key}`,
            `${GIT_HOST} ${HOST_KEYS.ecdsa256.key}`,
            `${GIT_HOST} ${HOST_KEYS.ed25519.key}`,
        ].join("\n");
        expect(knownHostsFingerprint(text, GIT_HOST)).toBe(HOST_KEYS.ecdsa256.fingerprint);
        expect(knownHostsFingerprint(text, "other.example")).toBe(HOST_KEYS.rsa.fingerprint);
        expect(knownHostsFingerprint(text, "missing.example")).toBe("");
    });
});

describe("host matching", () => {
    it("matches a host hashed by ssh-keygen -H, and nothing else", () => {
        const [entry] = parseKnownHosts(HASHED_LINE).entries;
        expect(hostMatches(entry.hosts[0], GIT_HOST)).toBe(true);
        expect(hostMatches(entry.hosts[0], "git.example.org")).toBe(false);
        expect(knownHostsFingerprint(HASHED_LINE, GIT_HOST)).toBe(HOST_KEYS.ecdsa256.fingerprint);
    });

    it("matches every name of a comma-separated host list, and [host]:port literally", () => {
        const { entries } = parseKnownHosts(`a.example,[b.example]:2222,10.0.0.5 ${HOST_KEYS.ed25519.key}`);
        expect(entriesFor(entries, "a.example")).toHaveLength(1);
        expect(entriesFor(entries, "[b.example]:2222")).toHaveLength(1);
        expect(entriesFor(entries, "b.example")).toHaveLength(0);
        expect(entriesFor(entries, "10.0.0.5")).toHaveLength(1);
    });

    it("skips blank lines and comments and keeps line numbers", () => {
        const { entries, problems } = parseKnownHosts(
            `# pinned 2026-08\n\n${GIT_HOST} ${HOST_KEYS.ed25519.key} comment\n`,
        );
        expect(problems).toEqual([]);
        expect(entries.map((e) => [e.line, e.keyType, e.hosts])).toEqual([[3, "ssh-ed25519", [GIT_HOST]]]);
    });
});

describe("knownHostsProblems", () => {
    const keyPart = HOST_KEYS.ecdsa256.key.split(" ")[1];
    it.each([
        {
            rule: "empty text",
            text: "  \n",
            reason: "has no host key; pin the Git host's key, e.g. the output of `ssh-keyscan -t ecdsa git.example.internal`",
        },
        {
            rule: "missing fields",
            text: `${GIT_HOST} ecdsa-sha2-nistp256`,
            reason: 'on line 1 is not "host[,host] keytype base64"; use e.g. the output of `ssh-keyscan -t ecdsa <host>`',
        },
        {
            rule: "unsupported key type",
            text: `${GIT_HOST} ssh-dss AAAAB3NzaC1kc3M=`,
            reason: 'on line 1 has key type "ssh-dss", which Flux does not support; use one of "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-ed25519", "ssh-rsa"',
        },
        {
            rule: "key that is not base64 of a key",
            text: `${GIT_HOST} ssh-ed25519 not-base64!`,
            reason: "on line 1 has a key that is not base64 of an SSH public key; copy the line again from `ssh-keyscan`",
        },
        {
            rule: "key type that does not match the key",
            text: `${GIT_HOST} ssh-ed25519 ${keyPart}`,
            reason: 'on line 1 says "ssh-ed25519" but its key is "ecdsa-sha2-nistp256"; copy the line again from `ssh-keyscan`',
        },
        {
            rule: "several keys on one line",
            text: `${GIT_HOST} ${HOST_KEYS.ecdsa256.key} ${HOST_KEYS.ed25519.key}`,
            reason: "on line 1 has more than one key; put one key per line (Flux reads only the first key of a line)",
        },
        {
            rule: "a marker line",
            text: `@cert-authority *.example.internal ${HOST_KEYS.ed25519.key}`,
            reason: 'on line 1 uses the marker "@cert-authority", which drover does not support; pin the host key itself',
        },
        {
            rule: "a wildcard host",
            text: `*.example.internal ${HOST_KEYS.ed25519.key}`,
            reason: 'on line 1 has host "*.example.internal", which is not a host name, "[host]:port" or a hashed host; pin the exact host (no wildcards or negations)',
        },
        {
            rule: "the ecdsa-sha2-nistp256 key after another key of the same host",
            text: `${GIT_HOST} ${HOST_KEYS.ed25519.key}\n${GIT_HOST} ${HOST_KEYS.ecdsa256.key}`,
            reason: 'on line 1 comes before the ecdsa-sha2-nistp256 key of "git.example.internal" (line 2); list the ecdsa-sha2-nistp256 key first, as Flux expects (fluxcd/flux2#5385)',
        },
        {
            rule: "no key for the Git host",
            text: `github.com ${HOST_KEYS.githubEcdsa.key}`,
            reason: 'has no key for "git.example.internal", the host of gitUrl; add its line from `ssh-keyscan -t ecdsa git.example.internal`',
        },
    ])("reports $rule", ({ text, reason }) => {
        expect(knownHostsProblems(text, GIT_HOST).map((p) => p.reason)).toEqual([reason]);
    });

    it("tells how to scan a host on another port", () => {
        const [p] = knownHostsProblems(`${GIT_HOST} ${HOST_KEYS.ed25519.key}`, `[${GIT_HOST}]:2222`);
        expect(p.reason).toBe(
            'has no key for "[git.example.internal]:2222", the host of gitUrl; add its line from `ssh-keyscan -p 2222 -t ecdsa git.example.internal`',
        );
    });

    it("checks the order of hashed lines against the Git host", () => {
        const hashedEd = HASHED_LINE.replace(HOST_KEYS.ecdsa256.key, HOST_KEYS.ed25519.key);
        expect(knownHostsProblems(`${hashedEd}\n${HASHED_LINE}`, GIT_HOST).map((p) => p.line)).toEqual([1]);
        expect(knownHostsProblems(`${HASHED_LINE}\n${hashedEd}`, GIT_HOST)).toEqual([]);
    });

    it("accepts several keys of a host, one per line, ecdsa-sha2-nistp256 first", () => {
        const text = [
            `${GIT_HOST} ${HOST_KEYS.ecdsa256.key}`,
            `${GIT_HOST} ${HOST_KEYS.ed25519.key}`,
            `${GIT_HOST} ${HOST_KEYS.rsa.key}`,
        ].join("\n");
        expect(knownHostsProblems(text, GIT_HOST)).toEqual([]);
    });

    it("accepts a host with only non-ECDSA keys in any order", () => {
        const text = `${GIT_HOST} ${HOST_KEYS.rsa.key}\n${GIT_HOST} ${HOST_KEYS.ed25519.key}`;
        expect(knownHostsProblems(text, GIT_HOST)).toEqual([]);
    });

    it("reports every bad line, with the line as the value", () => {
        const problems = knownHostsProblems(`${GIT_HOST} ${HOST_KEYS.ed25519.key}\nbad\nalso bad line`, GIT_HOST);
        expect(problems.map((p) => [p.line, p.value])).toEqual([
            [2, "bad"],
            [3, "also bad line"],
        ]);
    });
});
