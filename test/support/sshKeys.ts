import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A real key pair made by OpenSSH's ssh-keygen (Debian's openssh-client), for tests. */
export interface TestKeyPair {
    privateKey: string;
    /** `<type> <base64>`, without the comment. */
    publicKey: string;
}

/** Generates a key pair with ssh-keygen in a temporary directory and removes the files. */
export function sshKeygen(
    type: "ed25519" | "ecdsa" | "rsa" = "ed25519",
    format: "openssh" | "pem" = "openssh",
): TestKeyPair {
    const dir = mkdtempSync(join(tmpdir(), "drover-testkey-"));
    try {
        const file = join(dir, "id");
        const args = ["-q", "-t", type, "-N", "", "-C", "test", "-f", file];
        if (format === "pem") {
            args.push("-m", "PEM");
        }
        execFileSync("ssh-keygen", args);
        const publicKey = readFileSync(`${file}.pub`, "utf8").trim().split(" ").slice(0, 2).join(" ");
        return { privateKey: readFileSync(file, "utf8"), publicKey };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * The lines of an OpenSSH or PEM private key that give the private key away. An OpenSSH private key file also holds
 * its public key in clear, so a line of it can be a piece of the public key, which is meant to be shown: those
 * lines are left out, as are the BEGIN/END markers and short lines.
 */
export function privateKeyLines(privateKey: string, publicKey: string): string[] {
    const publicB64 = publicKey.split(" ")[1] ?? "";
    return privateKey.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----") && !publicB64.includes(l));
}
