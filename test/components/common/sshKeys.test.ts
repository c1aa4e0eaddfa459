import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sshPublicKeyOf } from "../../../components/common/sshKeys";

// The reference is OpenSSH's own `ssh-keygen -y` (Debian's openssh-client), run on the same key file.
let dir: string;
beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "drover-sshkeys-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sshKeygenPublic(file: string): string {
    return execFileSync("ssh-keygen", ["-y", "-f", file], { encoding: "utf8" }).trim().split(" ").slice(0, 2).join(" ");
}

function openSshKey(type: string, bits?: number, passphrase = ""): string {
    const file = join(dir, `${type}-${bits ?? 0}-${passphrase.length}`);
    rmSync(file, { force: true });
    const args = ["-q", "-t", type, "-N", passphrase, "-C", "test", "-f", file];
    if (bits !== undefined) {
        args.push("-b", String(bits));
    }
    execFileSync("ssh-keygen", args);
    return file;
}

describe("sshPublicKeyOf", () => {
    it.each([
        ["ed25519", undefined],
        ["ecdsa", 256],
        ["ecdsa", 384],
        ["ecdsa", 521],
        ["rsa", 2048],
    ])("matches ssh-keygen -y for an OpenSSH %s key (%s bits)", (type, bits) => {
        const file = openSshKey(type, bits);
        expect(sshPublicKeyOf(readFileSync(file, "utf8"))).toEqual({ publicKey: sshKeygenPublic(file) });
    });

    it("reads the public half of a passphrase-protected OpenSSH key without the passphrase", () => {
        const file = openSshKey("ed25519", undefined, "s3cret-passphrase");
        const expected = readFileSync(`${file}.pub`, "utf8").trim().split(" ").slice(0, 2).join(" ");
        expect(sshPublicKeyOf(readFileSync(file, "utf8"))).toEqual({ publicKey: expected });
    });

    it.each([
        [
            "P-384 SEC1",
            () => generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey.export({ format: "pem", type: "sec1" }),
        ],
        [
            "P-256 PKCS#8",
            () =>
                generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "pem", type: "pkcs8" }),
        ],
        [
            "RSA PKCS#1",
            () =>
                generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "pem", type: "pkcs1" }),
        ],
    ])("matches ssh-keygen -y for a PEM %s key", (label, make) => {
        const file = join(dir, `pem-${label.replace(/\W/g, "")}`);
        writeFileSync(file, String(make()), { mode: 0o600 });
        expect(sshPublicKeyOf(readFileSync(file, "utf8"))).toEqual({ publicKey: sshKeygenPublic(file) });
    });

    it("encodes a PEM ED25519 key (which ssh-keygen cannot read) as ssh-ed25519 with its raw 32-byte key", () => {
        const { privateKey, publicKey } = generateKeyPairSync("ed25519");
        const raw = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
        const result = sshPublicKeyOf(String(privateKey.export({ format: "pem", type: "pkcs8" })));
        expect(result).toHaveProperty("publicKey");
        const [type, b64] = (result as { publicKey: string }).publicKey.split(" ");
        const blob = Buffer.from(b64, "base64");
        expect(type).toBe("ssh-ed25519");
        expect(blob.readUInt32BE(0)).toBe(11);
        expect(blob.subarray(4, 15).toString()).toBe("ssh-ed25519");
        expect(blob.readUInt32BE(15)).toBe(32);
        expect(blob.subarray(19)).toEqual(raw);
    });

    it.each([
        ["not a key", "is not an SSH private key (expected an OpenSSH or PEM private key block)"],
        [
            "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----",
            "is not a valid OpenSSH private key (bad header)",
        ],
        [
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----",
            "is not a valid OpenSSH private key (truncated)",
        ],
        ["-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", "is not a valid PEM private key"],
        [
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----",
            "is an encrypted PEM key; give it unencrypted (it is kept secret) or in OpenSSH format",
        ],
    ])("reports a problem for %j", (key, problem) => {
        expect(sshPublicKeyOf(key)).toEqual({ problem });
    });

    it("rejects a key type SSH cannot use, without echoing the key", () => {
        const pem = String(generateKeyPairSync("x25519").privateKey.export({ format: "pem", type: "pkcs8" }));
        const result = sshPublicKeyOf(pem);
        expect(result).toEqual({
            problem: "has a key type SSH cannot use here; use ED25519, ECDSA (P-256, P-384, P-521) or RSA",
        });
    });
});
