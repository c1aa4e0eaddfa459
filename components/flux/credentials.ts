import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { DroverInputError } from "../common/errors";
import { sshPublicKeyOf } from "../common/sshKeys";
import { authOf, FluxBootstrapArgs } from "./args";
import { isGitUrlProblem, knownHostsName, parseGitUrl } from "./gitUrl";
import { knownHostsFingerprint } from "./knownHosts";
import { fluxHttpsSecretData, SourceSecretData, fluxSshSecretData } from "./syncManifest";

/** The deploy key: the private half stays secret, the public half is for the Git host. */
export interface DeployKey {
    privateKey: pulumi.Output<string>;
    publicKey: pulumi.Output<string>;
}

/** The public half of the caller's deploy key; the argument check already ran where the key was known. */
function derivePublicKey(privateKey: string, name: string): string {
    const derived = sshPublicKeyOf(privateKey);
    if ("problem" in derived) {
        throw new DroverInputError("FluxBootstrap", name, [
            { path: "sshPrivateKey", value: undefined, reason: derived.problem },
        ]);
    }
    return derived.publicKey;
}

/**
 * Generates the SSH deploy key with @pulumi/tls (ECDSA P-384 like `flux bootstrap`, or ED25519), or takes the
 * caller's key and derives its public half locally. The private key is OpenSSH-encoded, which Flux reads for every type.
 */
export function deployKey(name: string, args: FluxBootstrapArgs, parent: pulumi.Resource): DeployKey {
    if (args.sshPrivateKey !== undefined) {
        const key = pulumi.secret(pulumi.output(args.sshPrivateKey));
        // Derived locally (no provider call), so the public key is known at preview. The public key is not secret,
        // but it comes from a secret input; it is meant to be shown (to add it to the Git host).
        const publicKey = pulumi.unsecret(key.apply((k) => derivePublicKey(k, name)));
        return { privateKey: key, publicKey };
    }
    const algorithm =
        args.sshKeyAlgorithm === "ed25519" ? { algorithm: "ED25519" } : { algorithm: "ECDSA", ecdsaCurve: "P384" };
    const key = new tls.PrivateKey(`${name}-deploy-key`, algorithm, { parent });
    return {
        privateKey: pulumi.secret(key.privateKeyOpenssh),
        publicKey: key.publicKeyOpenssh.apply((k) => k.trim()),
    };
}

/**
 * The source Secret's data, base64-encoded and secret; undefined for a public https repository without a CA.
 * SSH: `identity`, `identity.pub`, `known_hosts`. HTTPS: `username`/`password` (a token is the password), `ca.crt`.
 */
export function sourceSecretData(
    args: FluxBootstrapArgs,
    key: DeployKey | undefined,
): pulumi.Output<Record<string, string>> | undefined {
    let data: pulumi.Output<SourceSecretData>;
    if (key !== undefined) {
        data = pulumi
            .all([key.privateKey, key.publicKey, pulumi.output(args.knownHosts ?? "")])
            .apply(([priv, pub, kh]) => fluxSshSecretData(priv, pub, kh));
    } else {
        const password = args.httpsToken ?? args.httpsPassword;
        if (password === undefined && args.caCert === undefined) {
            return undefined;
        }
        data = pulumi
            .all([args.httpsUsername, password, args.caCert])
            .apply(([username, pw, ca]) => fluxHttpsSecretData({ username, password: pw, caCert: ca }));
    }
    // Whatever the caller passed, the Secret's content is a secret in state and in every output derived from it.
    return pulumi.secret(
        data.apply((d) =>
            Object.fromEntries(Object.entries(d).map(([k, v]) => [k, Buffer.from(v, "utf8").toString("base64")])),
        ),
    );
}

/** The fingerprint of the pinned key Flux will check, `SHA256:...`; "" for https. */
export function pinnedFingerprint(args: FluxBootstrapArgs): pulumi.Output<string> {
    if (authOf(args) !== "ssh" || args.knownHosts === undefined) {
        return pulumi.output("");
    }
    return pulumi.all([args.gitUrl, args.knownHosts]).apply(([u, kh]) => {
        const url = parseGitUrl(u);
        return isGitUrlProblem(url) ? "" : knownHostsFingerprint(kh, knownHostsName(url));
    });
}
