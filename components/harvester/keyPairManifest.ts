import { z } from "zod";
import { dnsLabel, dnsSubdomain, labelMap } from "../common/rules";

/** Builds a `harvesterhci.io/v1beta1 KeyPair`. */
export function buildKeyPair(spec: {
    name: string;
    namespace: string;
    publicKey: string;
    labels: Record<string, string>;
}) {
    return {
        apiVersion: "harvesterhci.io/v1beta1",
        kind: "KeyPair",
        metadata: {
            name: spec.name,
            namespace: spec.namespace,
            ...(Object.keys(spec.labels).length > 0 ? { labels: { ...spec.labels } } : {}),
        },
        spec: { publicKey: spec.publicKey.trim() },
    };
}

const PUBLIC_KEY =
    /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\n]*)?$/;

/** True for one OpenSSH public key line (`<type> <base64> [comment]`). */
export function isOpenSshPublicKey(key: string): boolean {
    return PUBLIC_KEY.test(key.trim());
}

/** The zod schema for {@link HarvesterKeyPairArgs}. */
export const keyPairArgsSchema = z.strictObject({
    namespace: dnsLabel("default"),
    keyPairName: dnsSubdomain("ops-key").optional(),
    publicKey: z.string().refine(isOpenSshPublicKey, {
        message: 'is not an OpenSSH public key; use one line such as "ssh-ed25519 AAAAC3Nza... user@host"',
    }),
    labels: labelMap().optional(),
});
