import * as pulumi from "@pulumi/pulumi";
import { DroverInputError } from "../../../components/common/errors";
import type * as fluxModule from "../../../components/flux";
import { sha256Hex } from "../../../components/flux/manifest";
import { RecordedResource, settle } from "../../support/mocks";
import {
    FLUX_INSTALL,
    GIT_HOST,
    HOST_KEYS,
    HTTPS_URL,
    KNOWN_HOSTS,
    removeFixtures,
    SSH_URL,
    writeFixture,
} from "./fixtures";
import { recordFlux } from "./fluxMocks";

let flux: typeof fluxModule;
let recorded: RecordedResource[];
let installPath: string;

const KUBECONFIG = "apiVersion: v1\nclusters: []\nusers: []\ncontexts: []\n";

beforeAll(async () => {
    ({ recorded } = await recordFlux());
    flux = await import("../../../components/flux");
    installPath = writeFixture("install.yaml", FLUX_INSTALL);
});

afterAll(removeFixtures);

beforeEach(() => {
    recorded.length = 0;
});

const base: fluxModule.FluxBootstrapArgs = {
    gitUrl: SSH_URL,
    branch: "main",
    path: "clusters/dev/dev-a",
    knownHosts: KNOWN_HOSTS,
    version: "v2.7.0",
};
const manifests = (): fluxModule.FluxBootstrapArgs => ({
    ...base,
    mode: "manifests",
    installManifest: installPath,
    kubeconfig: KUBECONFIG,
});
const https: fluxModule.FluxBootstrapArgs = { ...base, gitUrl: HTTPS_URL, knownHosts: undefined };

const PEM_KEY =
    "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIHVzZXItc2VjcmV0LWtleS1ieXRlcy0wMTIzNDU2Nzg5\n-----END PRIVATE KEY-----\n";

const POD = "apiVersion: v1\nkind: Pod\nmetadata: { name: debug, namespace: flux-system }\n";

type Case = { rule: string; args: () => Record<string, unknown>; message: string | (() => string) };

// Each case changes one thing and gives the exact message users see (after `FluxBootstrap "flux": `).
const cases: Case[] = [
    {
        rule: "scp-like Git URLs are converted in the message",
        args: () => ({ ...base, gitUrl: "git@git.example.internal:platform/fleet.git" }),
        message:
            'gitUrl "git@git.example.internal:platform/fleet.git" is an scp-like address, which Flux does not support; use "ssh://git@git.example.internal/platform/fleet.git"',
    },
    {
        rule: "plain http Git URLs are refused",
        args: () => ({ ...https, gitUrl: "http://git.example.internal/platform/fleet.git" }),
        message:
            'gitUrl "http://git.example.internal/platform/fleet.git" uses plain http, which sends credentials and content in clear text; use "https://git.example.internal/platform/fleet.git"',
    },
    {
        rule: "credentials do not go in the URL",
        args: () => ({ ...https, gitUrl: "https://bot:tok@git.example.internal/fleet.git" }),
        message:
            'gitUrl "https://bot:tok@git.example.internal/fleet.git" carries credentials; use "https://git.example.internal/fleet.git" and set httpsToken (or httpsUsername and httpsPassword)',
    },
    {
        rule: "ssh URLs name a user",
        args: () => ({ ...base, gitUrl: "ssh://git.example.internal/fleet.git" }),
        message:
            'gitUrl "ssh://git.example.internal/fleet.git" has no user; use "ssh://git@git.example.internal/fleet.git"',
    },
    {
        rule: "branch is a valid ref name",
        args: () => ({ ...base, branch: "feature..x" }),
        message: 'branch "feature..x" is not a valid Git branch name; use e.g. "main"',
    },
    {
        rule: "path stays inside the repository",
        args: () => ({ ...base, path: "../other" }),
        message: 'path "../other" is not a relative path inside the repository; use e.g. "clusters/dev/dev-a"',
    },
    {
        rule: "path is relative",
        args: () => ({ ...base, path: "/clusters/dev" }),
        message: 'path "/clusters/dev" is not a relative path inside the repository; use e.g. "clusters/dev/dev-a"',
    },
    {
        rule: "version is pinned",
        args: () => ({ ...base, version: "2.x" }),
        message: 'version "2.x" is not a pinned Flux version; use e.g. "v2.7.0"',
    },
    {
        rule: "version is required",
        args: () => ({ ...base, version: undefined }),
        message: "version is required",
    },
    {
        rule: "mode is known",
        args: () => ({ ...base, mode: "helm" }),
        message: 'mode "helm" is not supported; use one of "operator", "manifests"',
    },
    {
        rule: "interval is a Flux duration",
        args: () => ({ ...base, interval: "1 minute" }),
        message: 'interval "1 minute" is not a duration Flux accepts; use e.g. "1m0s" or "5m"',
    },
    {
        rule: "the operator always prunes",
        args: () => ({ ...base, prune: false }),
        message:
            'prune false cannot be false in mode "operator": the Flux Operator always prunes its sync Kustomization; keep prune or use mode "manifests"',
    },
    {
        rule: "installManifest belongs to mode manifests",
        args: () => ({ ...base, installManifest: installPath }),
        message: 'installManifest applies only to mode "manifests"; use operatorManifest in mode "operator"',
    },
    {
        rule: "a local manifest must exist",
        args: () => ({ ...manifests(), installManifest: "/nonexistent/flux/install.yaml" }),
        message:
            'installManifest "/nonexistent/flux/install.yaml" does not exist (looked for "/nonexistent/flux/install.yaml"); download the release\'s install.yaml there or give its URL',
    },
    {
        rule: "a manifest is a URL or a path",
        args: () => ({ ...manifests(), installManifest: "ftp://files.example.internal/install.yaml" }),
        message:
            'installManifest "ftp://files.example.internal/install.yaml" is not an http(s):// URL or a local path; use e.g. "https://files.example.internal/flux/v2.7.0/install.yaml"',
    },
    {
        rule: "a plain http manifest needs a checksum",
        args: () => ({ ...base, operatorManifest: "http://hauler.example.internal/flux-operator/install.yaml" }),
        message:
            'operatorManifest "http://hauler.example.internal/flux-operator/install.yaml" is plain http, so its content could be altered on the way; set manifestSha256 or use https://',
    },
    {
        rule: "a local manifest must match its checksum",
        args: () => ({ ...manifests(), manifestSha256: sha256Hex("something else") }),
        message: () =>
            `installManifest "${installPath}" has SHA-256 ${sha256Hex(FLUX_INSTALL)}, not the pinned manifestSha256 ${sha256Hex("something else")}; check the file or update the checksum`,
    },
    {
        rule: "a local manifest holds only kinds drover can install",
        args: () => ({ ...manifests(), installManifest: writeFixture("pod.yaml", POD) }),
        message: () =>
            `installManifest "${writeFixture("pod.yaml", POD)}" is not a usable manifest: contains a v1 Pod "debug", which drover cannot install`,
    },
    {
        rule: "operatorManifest belongs to mode operator",
        args: () => ({ ...manifests(), operatorManifest: "https://files.example.internal/op.yaml" }),
        message: 'operatorManifest applies only to mode "operator"; remove it or set mode "operator"',
    },
    {
        rule: "operatorVersion is pinned",
        args: () => ({ ...base, operatorVersion: "0.58" }),
        message: 'operatorVersion "0.58" is not a pinned Flux Operator version; use e.g. "v0.58.1"',
    },
    {
        rule: "manifestSha256 is hex SHA-256",
        args: () => ({ ...base, manifestSha256: "abc" }),
        message:
            'manifestSha256 "abc" is not a SHA-256 checksum (64 lower-case hex digits); use the output of `sha256sum install.yaml`',
    },
    {
        rule: "registry is a registry path",
        args: () => ({ ...base, registry: "https://Hauler.example/fluxcd" }),
        message:
            'registry "https://Hauler.example/fluxcd" is not a registry path; use e.g. "registry.example.internal/fluxcd"',
    },
    {
        rule: "knownHosts is required over SSH (no trust on first use)",
        args: () => ({ ...base, knownHosts: undefined }),
        message:
            "knownHosts is required for an ssh:// gitUrl (drover never trusts a host key on first use); pin the host key, e.g. the output of `ssh-keyscan -t ecdsa <git host>`",
    },
    {
        rule: "knownHosts pins the Git host",
        args: () => ({ ...base, knownHosts: `github.com ${HOST_KEYS.githubEcdsa.key}` }),
        message:
            'knownHosts "github.com ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyN... has no key for "git.example.internal", the host of gitUrl; add its line from `ssh-keyscan -t ecdsa git.example.internal`',
    },
    {
        rule: "knownHosts pins [host]:port off port 22",
        args: () => ({ ...base, gitUrl: `ssh://git@${GIT_HOST}:2222/platform/fleet.git` }),
        message:
            'knownHosts "git.example.internal ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAA... has no key for "[git.example.internal]:2222", the host of gitUrl; add its line from `ssh-keyscan -p 2222 -t ecdsa git.example.internal`',
    },
    {
        rule: "knownHosts has one key per line",
        args: () => ({ ...base, knownHosts: `${GIT_HOST} ${HOST_KEYS.ecdsa256.key} ${HOST_KEYS.ed25519.key}` }),
        message:
            'knownHosts "git.example.internal ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAA... on line 1 has more than one key; put one key per line (Flux reads only the first key of a line)',
    },
    {
        rule: "knownHosts lists the ecdsa-sha2-nistp256 key first",
        args: () => ({ ...base, knownHosts: `${GIT_HOST} ${HOST_KEYS.rsa.key}\n${KNOWN_HOSTS}` }),
        message:
            'knownHosts "git.example.internal ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC0aEfLq3w6H5tJUW4... on line 1 comes before the ecdsa-sha2-nistp256 key of "git.example.internal" (line 2); list the ecdsa-sha2-nistp256 key first, as Flux expects (fluxcd/flux2#5385)',
    },
    {
        rule: "knownHosts uses a supported key type",
        args: () => ({ ...base, knownHosts: `${GIT_HOST} ssh-dss AAAAB3NzaC1kc3M=` }),
        message:
            'knownHosts "git.example.internal ssh-dss AAAAB3NzaC1kc3M=" on line 1 has key type "ssh-dss", which Flux does not support; use one of "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-ed25519", "ssh-rsa"',
    },
    {
        rule: "sshKeyAlgorithm is known",
        args: () => ({ ...base, sshKeyAlgorithm: "rsa" }),
        message: 'sshKeyAlgorithm "rsa" is not supported; use one of "ecdsa-p384", "ed25519"',
    },
    {
        rule: "sshKeyAlgorithm is only for generated keys",
        args: () => ({ ...base, sshKeyAlgorithm: "ed25519", sshPrivateKey: PEM_KEY }),
        message: "sshKeyAlgorithm applies only to a key drover generates; remove it or sshPrivateKey",
    },
    {
        rule: "sshPrivateKey is a private key (and is never printed)",
        args: () => ({ ...base, sshPrivateKey: "ssh-ed25519 AAAA-not-a-private-key" }),
        message:
            'sshPrivateKey is not a PEM or OpenSSH private key; give the whole "-----BEGIN ... PRIVATE KEY-----" block',
    },
    {
        rule: "sshPrivateKey has no passphrase",
        args: () => ({
            ...base,
            sshPrivateKey: "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n",
        }),
        message:
            'sshPrivateKey is protected by a passphrase, which Flux cannot use here; remove it with `ssh-keygen -p -N "" -f <key>`',
    },
    {
        rule: "https credentials do not apply to SSH",
        args: () => ({ ...base, httpsToken: "tok" }),
        message: "httpsToken applies only to an https:// gitUrl; remove it",
    },
    {
        rule: "a CA does not apply to SSH",
        args: () => ({ ...base, caCert: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" }),
        message: "caCert applies only to an https:// gitUrl; remove it",
    },
    {
        rule: "knownHosts does not apply to https",
        args: () => ({ ...https, knownHosts: KNOWN_HOSTS }),
        message: "knownHosts applies only to an ssh:// gitUrl; remove it",
    },
    {
        rule: "an SSH key does not apply to https",
        args: () => ({ ...https, sshPrivateKey: PEM_KEY }),
        message: "sshPrivateKey applies only to an ssh:// gitUrl; remove it",
    },
    {
        rule: "a token or a password, not both",
        args: () => ({ ...https, httpsToken: "tok", httpsUsername: "bot", httpsPassword: "pw" }),
        message: "httpsPassword cannot be combined with httpsToken; give a token, or a user name and password",
    },
    {
        rule: "a password needs a user name",
        args: () => ({ ...https, httpsPassword: "pw" }),
        message: "httpsUsername is required with httpsPassword",
    },
    {
        rule: "a user name needs a password or token",
        args: () => ({ ...https, httpsUsername: "bot" }),
        message: "httpsUsername needs httpsPassword or httpsToken; add one or remove it",
    },
    {
        rule: "an empty token is refused (and never printed)",
        args: () => ({ ...https, httpsToken: " " }),
        message: "httpsToken is empty; give the token",
    },
    {
        rule: "a token is a string (and never printed)",
        args: () => ({ ...https, httpsToken: 12345 }),
        message: "httpsToken must be a string",
    },
    {
        rule: "caCert is a PEM certificate",
        args: () => ({ ...https, caCert: "not a cert" }),
        message:
            'caCert "not a cert" is not a PEM certificate; give the "-----BEGIN CERTIFICATE-----" block of the Git host\'s CA',
    },
    {
        rule: "defaultServiceAccount is an object name",
        args: () => ({ ...base, defaultServiceAccount: "Flux_Tenant" }),
        message:
            'defaultServiceAccount "Flux_Tenant" is not a valid Kubernetes object name (lower-case letters, digits, "-" and "."); use e.g. "flux-tenant"',
    },
    {
        rule: "hardening switches are booleans",
        args: () => ({ ...base, noRemoteBases: "yes" }),
        message: 'noRemoteBases "yes" must be a boolean',
    },
    {
        rule: "mode manifests needs a kubeconfig for a safe destroy",
        args: () => ({ ...manifests(), kubeconfig: undefined }),
        message:
            'kubeconfig is required in mode "manifests" unless retainOnDelete is true: destroy uses it to stop Flux and remove its finalizers before its CRDs go; pass the cluster\'s kubeconfig as a secret',
    },
    {
        rule: "kubeconfig is a kubeconfig (and is never printed)",
        args: () => ({ ...manifests(), kubeconfig: "token: s3cr3t" }),
        message:
            "kubeconfig is not a kubeconfig (YAML with clusters and users); pass the cluster's kubeconfig file content",
    },
    {
        rule: "unknown arguments are rejected",
        args: () => ({ ...base, knownhosts: KNOWN_HOSTS }),
        message: "knownhosts is not a known field; remove it or fix its spelling",
    },
];

describe("FluxBootstrap rejects bad input before registering anything", () => {
    it.each(cases)("$rule", async ({ args, message }) => {
        const a = args();
        const expected = typeof message === "string" ? message : message();
        expect(() => new flux.FluxBootstrap("flux", a as unknown as fluxModule.FluxBootstrapArgs)).toThrow(
            new Error(`FluxBootstrap "flux": ${expected}`),
        );
        await settle();
        expect(recorded).toEqual([]);
    });

    it("throws drover's one error type, with every problem at once", () => {
        let err: unknown;
        try {
            new flux.FluxBootstrap("flux", { ...base, version: "latest", branch: "a b", knownHosts: undefined });
        } catch (e) {
            err = e;
        }
        expect(err).toBeInstanceOf(DroverInputError);
        expect(err).toBeInstanceOf(pulumi.InputPropertiesError);
        expect((err as DroverInputError).problems.map((p) => p.path)).toEqual(["branch", "version", "knownHosts"]);
    });

    it("never puts a secret into a message", () => {
        const secrets = { httpsToken: "tok-s3cr3t-1", httpsPassword: "pw-s3cr3t-2" };
        const attempts: Array<Record<string, unknown>> = [
            { ...https, ...secrets, httpsUsername: "bot" },
            { ...base, ...secrets },
            { ...base, sshPrivateKey: "-----BEGIN PRIVATE KEY----- pk-s3cr3t-3" },
            { ...manifests(), kubeconfig: "users: kc-s3cr3t-4" },
        ];
        for (const a of attempts) {
            let message = "";
            try {
                new flux.FluxBootstrap("flux", a as unknown as fluxModule.FluxBootstrapArgs);
            } catch (e) {
                message = (e as Error).message;
            }
            expect(message).toMatch(/^FluxBootstrap "flux": /);
            expect(message).not.toMatch(/s3cr3t/);
        }
    });

    it("checks known values when others are Outputs, and counts an Output as given", () => {
        expect(
            () => new flux.FluxBootstrap("flux", { ...base, gitUrl: pulumi.output(SSH_URL), version: "latest" }),
        ).toThrow('FluxBootstrap "flux": version "latest" is not a pinned Flux version; use e.g. "v2.7.0"');
        expect(
            () =>
                new flux.FluxBootstrap("flux", {
                    ...https,
                    httpsToken: pulumi.secret("tok"),
                    httpsPassword: pulumi.secret("pw"),
                    httpsUsername: "bot",
                }),
        ).toThrow(
            'FluxBootstrap "flux": httpsPassword cannot be combined with httpsToken; give a token, or a user name and password',
        );
    });
});
