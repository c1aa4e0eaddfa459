import * as fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { parseKubeconfig } from "../../../../components/rancher/live/kubeconfig";
import { caChecksumOf, parseManifest } from "../../../../components/rancher/live/manifest";
import {
    describeConditions,
    redactImportUrl,
    substituteToken,
    tokenFromSecret,
    tokenState,
} from "../../../../components/rancher/live/rancherObjects";
import { formatDuration, waitUntil } from "../../../../components/rancher/live/wait";
import { TLS } from "../support/world";

const URL_WITH = (t: string) => `https://rancher.example.internal/v3/import/${t}_c-m-abcd1234.yaml`;

describe("tokenState reads both of Rancher's ClusterRegistrationToken forms", () => {
    const crt = (status: Record<string, unknown>) => ({ metadata: { name: "default-token" }, status });
    it.each([
        ["no object", undefined, { state: "missing" }],
        ["no token yet", crt({}), { state: "pending", seen: "the ClusterRegistrationToken has no token yet" }],
        [
            "v2.13.7 and older: token and URL in the status",
            crt({ token: "tok", manifestUrl: URL_WITH("tok") }),
            { state: "in-status", token: "tok", manifestUrl: URL_WITH("tok") },
        ],
        [
            "v2.13.8, v2.14.4, v2.15: Secret name and placeholder",
            crt({ token: "", tokenSecretName: "crt-token-default-token", manifestUrl: URL_WITH("{token}") }),
            { state: "in-secret", secretName: "crt-token-default-token", manifestUrl: URL_WITH("{token}") },
        ],
        [
            "placeholder without a Secret name: Rancher's naming rule",
            crt({ manifestUrl: URL_WITH("{token}") }),
            { state: "in-secret", secretName: "crt-token-default-token", manifestUrl: URL_WITH("{token}") },
        ],
        [
            "server-url unset (old form)",
            crt({ token: "tok" }),
            { state: "no-manifest-url", seen: "the ClusterRegistrationToken has a token but no manifestUrl" },
        ],
        [
            "server-url unset (new form)",
            crt({ tokenSecretName: "crt-token-default-token", manifestUrl: "" }),
            { state: "no-manifest-url", seen: "the ClusterRegistrationToken has a token but no manifestUrl" },
        ],
    ])("%s", (_name, obj, expected) => {
        expect(tokenState(obj)).toEqual(expected);
    });
});

describe("token handling", () => {
    it("substitutes the placeholder, also URL-encoded", () => {
        expect(substituteToken(URL_WITH("{token}"), "abc")).toBe(URL_WITH("abc"));
        expect(substituteToken(URL_WITH("%7Btoken%7D"), "abc")).toBe(URL_WITH("abc"));
    });

    it("hides any token in an import URL", () => {
        fc.assert(
            fc.property(fc.stringMatching(/^[a-z0-9]{1,64}$/), (token) => {
                const shown = redactImportUrl(URL_WITH(token));
                expect(shown).toBe("https://rancher.example.internal/v3/import/***_c-m-abcd1234.yaml");
            }),
        );
    });

    it("reads the token from a crt-token Secret", () => {
        const secret = { data: { token: Buffer.from("s3cret").toString("base64") } };
        expect(tokenFromSecret(secret)).toBe("s3cret");
        expect(tokenFromSecret({ data: {} })).toBe("");
        expect(tokenFromSecret(undefined)).toBe("");
    });

    it("describes conditions that are not True", () => {
        expect(
            describeConditions([
                { type: "Ready", status: "False", message: "waiting" },
                { type: "Connected", status: "True" },
                { type: "Updated", status: "Unknown", reason: "Pending" },
            ]),
        ).toBe('Ready=False "waiting", Updated=Unknown "Pending"');
        expect(describeConditions([])).toBe("no conditions");
        expect(describeConditions([{ type: "Ready", status: "True" }])).toBe("all conditions True");
    });
});

describe("caChecksumOf", () => {
    it("matches sha256sum of the CA file, as Rancher's --ca-checksum", () => {
        expect(caChecksumOf(TLS.ca)).toBe(TLS.caSha256);
        // Rancher adds the final newline when the setting lacks it.
        expect(caChecksumOf(TLS.ca.trimEnd())).toBe(TLS.caSha256);
    });
});

describe("parseKubeconfig", () => {
    const kc = (cluster: object, user: object, extra: object = {}) =>
        YAML.stringify({
            "current-context": "c",
            contexts: [{ name: "c", context: { cluster: "k", user: "u" } }],
            clusters: [{ name: "k", cluster }],
            users: [{ name: "u", user }],
            ...extra,
        });
    const b64 = (s: string) => Buffer.from(s).toString("base64");

    it("reads RKE2's form: CA data and a client certificate", () => {
        const conn = parseKubeconfig(
            kc(
                { server: "https://10.0.0.10:6443/", "certificate-authority-data": b64("CA") },
                { "client-certificate-data": b64("CERT"), "client-key-data": b64("KEY") },
            ),
            "clusterKubeconfig",
        );
        expect(conn).toEqual({
            server: "https://10.0.0.10:6443",
            tls: { ca: "CA", cert: "CERT", key: "KEY", insecure: false, servername: undefined },
            authorization: undefined,
        });
    });

    it("reads Rancher's form: a bearer token, and files, TLS server name and basic auth", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kc-"));
        fs.writeFileSync(path.join(dir, "ca.pem"), "FILE-CA");
        fs.writeFileSync(path.join(dir, "token"), "file-token\n");
        const conn = parseKubeconfig(
            kc(
                {
                    server: "https://rancher:6443",
                    "certificate-authority": path.join(dir, "ca.pem"),
                    "tls-server-name": "k8s",
                },
                { tokenFile: path.join(dir, "token") },
            ),
            "rancherKubeconfig",
        );
        expect(conn.tls).toEqual({
            ca: "FILE-CA",
            insecure: false,
            servername: "k8s",
            cert: undefined,
            key: undefined,
        });
        expect(conn.authorization).toBe("Bearer file-token");
        const basic = parseKubeconfig(kc({ server: "http://x:8080" }, { username: "a", password: "b" }), "k");
        expect(basic.authorization).toBe(`Basic ${b64("a:b")}`);
        expect(
            parseKubeconfig(kc({ server: "https://x", "insecure-skip-tls-verify": true }, {}), "k").tls.insecure,
        ).toBe(true);
    });

    it.each([
        ["not YAML", "{{{", "it is not valid YAML or JSON"],
        ["a scalar", "hello", "it is not a YAML mapping with clusters, users and contexts"],
        [
            "an unknown current context",
            kc({ server: "https://x" }, {}, { "current-context": "other" }),
            'its current-context "other" is not listed under contexts',
        ],
        ["no server", kc({}, {}), 'its cluster has no server URL such as "https://10.0.0.10:6443"'],
        [
            "an exec plugin",
            kc({ server: "https://x" }, { exec: { command: "aws", args: ["eks", "get-token", "--token", "t0p"] } }),
            "its user authenticates with an exec or auth-provider plugin, which drover cannot run; use a kubeconfig " +
                "with a client certificate or a token (e.g. RKE2's /etc/rancher/rke2/rke2.yaml)",
        ],
        [
            "a certificate without its key",
            kc({ server: "https://x" }, { "client-certificate-data": b64("CERT") }),
            "its user has a client certificate without a key, or a key without a certificate",
        ],
        [
            "a proxy",
            kc({ server: "https://x", "proxy-url": "http://proxy:3128" }, {}),
            "its cluster uses proxy-url, which drover does not support; reach the API server directly",
        ],
    ])("rejects %s, naming the argument and never echoing the content", (_n, text, reason) => {
        let message = "";
        try {
            parseKubeconfig(text, "clusterKubeconfig");
        } catch (e) {
            message = (e as Error).message;
        }
        expect(message).toBe(`clusterKubeconfig is not a usable kubeconfig: ${reason}`);
        expect(message).not.toContain("t0p");
    });
});

describe("parseManifest", () => {
    const label = 'Rancher cluster "prod-a" (c-m-abcd1234)';

    it("keeps file order and flattens Lists", () => {
        const text = [
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: cattle-system}",
            "",
            "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ServiceAccount, metadata: {name: cattle, namespace: cattle-system}}",
        ].join("\n---\n");
        expect(parseManifest(text, label).map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
            "Namespace/cattle-system",
            "ServiceAccount/cattle",
        ]);
    });

    it.each([
        [
            "HTML from a proxy",
            "<html><body>Login</body></html>",
            "holds something that is not a Kubernetes object with apiVersion, kind and metadata.name; is Rancher's server-url pointing at Rancher?",
        ],
        [
            "an object without a name",
            "apiVersion: v1\nkind: Secret\nmetadata: {}",
            "holds something that is not a Kubernetes object with apiVersion, kind and metadata.name; is Rancher's server-url pointing at Rancher?",
        ],
        ["nothing", "---\n", "is empty"],
        [
            "broken YAML",
            "a: [1,\n",
            "is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
        ],
    ])("rejects %s", (_n, text, reason) => {
        expect(() => parseManifest(text, label)).toThrow(`the import manifest of ${label} ${reason}`);
    });
});

describe("waits", () => {
    it.each([
        [300, "0.3s"],
        [45_000, "45s"],
        [300_000, "5m"],
        [90_000, "1m30s"],
    ])("formats %i ms as %s", (ms, text) => {
        expect(formatDuration(ms)).toBe(text);
    });

    it("polls through transient errors and stops at once on others", async () => {
        let now = 0;
        const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
        let calls = 0;
        const value = await waitUntil({ what: "x", timeoutMs: 10_000, intervalMs: 1000, clock }, async () => {
            calls++;
            if (calls < 3) {
                throw Object.assign(new Error("503"), { status: 503 });
            }
            return { done: true, value: 42 };
        });
        expect(value).toBe(42);
        expect(now).toBe(2000);
        await expect(
            waitUntil({ what: "x", timeoutMs: 10_000, intervalMs: 1000, clock }, async () => {
                throw Object.assign(new Error("forbidden"), { status: 403 });
            }),
        ).rejects.toThrow("forbidden");
    });

    it("bounds the wait and reports the last thing seen", async () => {
        let now = 0;
        const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
        let n = 0;
        await expect(
            waitUntil(
                { what: "the thing", timeoutMs: 5000, intervalMs: 2000, clock, hint: "Look there" },
                async () => ({
                    done: false,
                    seen: `look ${++n}`,
                }),
            ),
        ).rejects.toThrow("timed out after 5s waiting for the thing; last seen: look 4. Look there");
        expect(now).toBe(5000);
    });
});
