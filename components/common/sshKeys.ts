import { createPublicKey, JsonWebKey } from "node:crypto";

/**
 * The OpenSSH public key (`<type> <base64>`) of an SSH private key, computed locally: no provider call, so it is
 * known at preview. Reads OpenSSH keys (`-----BEGIN OPENSSH PRIVATE KEY-----`, any key type, encrypted or not:
 * the public half is stored in clear in that format) and unencrypted PEM keys (PKCS#8, SEC1 EC and PKCS#1 RSA)
 * of type ED25519, ECDSA P-256/P-384/P-521 or RSA. Returns a problem text (never containing the key) instead of
 * throwing.
 */
export function sshPublicKeyOf(privateKey: string): { publicKey: string } | { problem: string } {
    const text = privateKey.trim();
    if (text.startsWith("-----BEGIN OPENSSH PRIVATE KEY-----")) {
        return openSshPublicKey(text);
    }
    if (/^-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.test(text)) {
        return pemPublicKey(text);
    }
    return { problem: "is not an SSH private key (expected an OpenSSH or PEM private key block)" };
}

const OPENSSH_MAGIC = "openssh-key-v1\0";

/** An SSH wire-format reader over a buffer (RFC 4251 `string` and `uint32`). */
class WireReader {
    private offset = 0;
    constructor(private readonly buf: Buffer) {}

    uint32(): number {
        if (this.offset + 4 > this.buf.length) {
            throw new RangeError("truncated");
        }
        const v = this.buf.readUInt32BE(this.offset);
        this.offset += 4;
        return v;
    }

    bytes(): Buffer {
        const len = this.uint32();
        if (this.offset + len > this.buf.length) {
            throw new RangeError("truncated");
        }
        const v = this.buf.subarray(this.offset, this.offset + len);
        this.offset += len;
        return v;
    }

    skipMagic(magic: string): boolean {
        const ok = this.buf.subarray(0, magic.length).toString("latin1") === magic;
        this.offset = magic.length;
        return ok;
    }
}

function openSshPublicKey(text: string): { publicKey: string } | { problem: string } {
    const body = text.replace(/-----(BEGIN|END) OPENSSH PRIVATE KEY-----/g, "").replace(/\s+/g, "");
    try {
        const r = new WireReader(Buffer.from(body, "base64"));
        if (!r.skipMagic(OPENSSH_MAGIC)) {
            return { problem: "is not a valid OpenSSH private key (bad header)" };
        }
        r.bytes(); // cipher name
        r.bytes(); // KDF name
        r.bytes(); // KDF options
        if (r.uint32() < 1) {
            return { problem: "is an OpenSSH private key file that holds no key" };
        }
        const blob = r.bytes();
        const type = new WireReader(blob).bytes().toString("latin1");
        if (!/^[a-z0-9@.-]+$/.test(type)) {
            return { problem: "is not a valid OpenSSH private key (unreadable key type)" };
        }
        return { publicKey: `${type} ${blob.toString("base64")}` };
    } catch {
        return { problem: "is not a valid OpenSSH private key (truncated)" };
    }
}

function wireString(data: Buffer | string): Buffer {
    const b = typeof data === "string" ? Buffer.from(data, "latin1") : data;
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
}

/** An RFC 4251 mpint from an unsigned big-endian integer. */
function mpint(unsigned: Buffer): Buffer {
    let i = 0;
    while (i < unsigned.length - 1 && unsigned[i] === 0) {
        i++;
    }
    const trimmed = unsigned.subarray(i);
    return wireString(trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

const EC_CURVES: Record<string, string> = { "P-256": "nistp256", "P-384": "nistp384", "P-521": "nistp521" };

function b64url(v: string | undefined): Buffer {
    return Buffer.from(v ?? "", "base64url");
}

function blobOfJwk(jwk: JsonWebKey): Buffer | undefined {
    if (jwk.kty === "OKP" && jwk.crv === "Ed25519") {
        return Buffer.concat([wireString("ssh-ed25519"), wireString(b64url(jwk.x))]);
    }
    if (jwk.kty === "EC" && typeof jwk.crv === "string" && EC_CURVES[jwk.crv] !== undefined) {
        const curve = EC_CURVES[jwk.crv];
        const point = Buffer.concat([Buffer.from([4]), b64url(jwk.x), b64url(jwk.y)]);
        return Buffer.concat([wireString(`ecdsa-sha2-${curve}`), wireString(curve), wireString(point)]);
    }
    if (jwk.kty === "RSA") {
        return Buffer.concat([wireString("ssh-rsa"), mpint(b64url(jwk.e)), mpint(b64url(jwk.n))]);
    }
    return undefined;
}

function pemPublicKey(text: string): { publicKey: string } | { problem: string } {
    if (text.includes("ENCRYPTED")) {
        return { problem: "is an encrypted PEM key; give it unencrypted (it is kept secret) or in OpenSSH format" };
    }
    let jwk: JsonWebKey;
    try {
        jwk = createPublicKey(text).export({ format: "jwk" });
    } catch {
        return { problem: "is not a valid PEM private key" };
    }
    const blob = blobOfJwk(jwk);
    if (blob === undefined) {
        return { problem: "has a key type SSH cannot use here; use ED25519, ECDSA (P-256, P-384, P-521) or RSA" };
    }
    const type = new WireReader(blob).bytes().toString("latin1");
    return { publicKey: `${type} ${blob.toString("base64")}` };
}
