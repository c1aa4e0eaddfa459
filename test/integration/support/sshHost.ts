import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { assertPortFree, freePort } from "./ports";

/**
 * A loopback SSH host that stands in for a node VM when a test runs the scripts drover hands to
 * `command.remote.Command`: Debian's own `/usr/sbin/sshd` on 127.0.0.1, with an ED25519 host key and client key
 * generated for this host only, public-key login only.
 *
 * sshd runs in a private mount namespace (`unshare --mount`, so it needs root), where the node's filesystem is
 * laid out without writing this machine's:
 * - `/run` is a tmpfs-backed overlay, holding sshd's privilege-separation directory `/run/sshd` (which the
 *   Debian service creates at start) and whatever `sudo` keeps there;
 * - `user` other than root is an account that exists only in the namespace, as cloud-init creates drover's
 *   automation user on a VM: a line in an overlay of `/etc/passwd`, `/etc/shadow` and `/etc/group`, passwordless
 *   sudo in `/etc/sudoers.d`, login shell `/bin/bash`;
 * - each of `fakeDirs` (say `/etc/rancher`) is an empty, root-owned directory of the host's temp dir (see
 *   {@link SshHost.fakePath}), bind-mounted over the real one, or over one created in an overlay of its parent.
 */
export interface SshHostOptions {
    /** Login user. Not root: created in the namespace only, with passwordless sudo. @default "root" */
    user?: string;
    /** Absolute directories on the "node" to replace with empty, test-owned directories. @default [] */
    fakeDirs?: string[];
    /** Loopback port. @default - a free port the kernel picks */
    port?: number;
}

export interface SshResult {
    /** Exit status of the remote command; null when the run was killed at its time limit. */
    code: number | null;
    stdout: string;
    stderr: string;
    /** Wall-clock time of the whole `ssh` run. */
    ms: number;
}

export interface SshHost {
    readonly host: string;
    readonly port: number;
    readonly user: string;
    /** The client's private key (OpenSSH format), as `command.remote` would be given it. */
    readonly privateKey: string;
    readonly privateKeyPath: string;
    /** The generated host key's public half, pinned in {@link knownHostsPath}. */
    readonly hostPublicKey: string;
    readonly knownHostsPath: string;
    /** Where, on this machine, the file a session sees at `remotePath` (inside one of `fakeDirs`) lives. */
    fakePath(remotePath: string): string;
    /**
     * Runs `command` as the SSH exec request, verbatim, as `command.remote.Command` does (its provider calls
     * `session.Run(cmd)`): sshd hands it to the user's login shell with `-c`. Fails when ssh itself fails (255).
     */
    run(command: string, opts?: { timeoutMs?: number }): Promise<SshResult>;
    /** Stops sshd and removes the temp dir (keys, config, fake directories). */
    stop(): Promise<void>;
}

const SSHD = "/usr/sbin/sshd";
const INSTALL_HINT = "run `bash scripts/test-deps.sh` (installs openssh-server, openssh-client, sudo and openssl)";

function requireTools(user: string): void {
    if (!fs.existsSync(SSHD)) {
        throw new Error(`${SSHD} is missing: ${INSTALL_HINT}`);
    }
    for (const tool of ["ssh", "ssh-keygen", "unshare", ...(user === "root" ? [] : ["sudo"])]) {
        try {
            execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
        } catch {
            throw new Error(`${tool} is missing: ${INSTALL_HINT}`);
        }
    }
    if (process.getuid?.() !== 0) {
        throw new Error(
            "an SSH test host needs root: sshd switches users and its filesystem is mounted in a private namespace",
        );
    }
}

/** The deepest existing ancestor of `dir` (or `dir` itself). */
function existingAncestor(dir: string): string {
    let d = dir;
    while (!fs.existsSync(d)) {
        d = path.dirname(d);
    }
    return d;
}

function checkOptions(user: string, dirs: string[]): void {
    if (!/^[a-z_][a-z0-9_-]{0,30}$/.test(user)) {
        throw new Error(`user: "${user}" is not a valid login name`);
    }
    if (
        user !== "root" &&
        fs
            .readFileSync("/etc/passwd", "utf8")
            .split("\n")
            .some((l) => l.startsWith(`${user}:`))
    ) {
        throw new Error(`user: "${user}" is an account of this machine; the test host only adds accounts it owns`);
    }
    for (const d of dirs) {
        if (!path.isAbsolute(d) || path.normalize(d) !== d || d === "/" || d.endsWith("/")) {
            throw new Error(`fakeDirs: "${d}" must be a normalized absolute directory other than /`);
        }
        if (existingAncestor(d) === "/") {
            throw new Error(`fakeDirs: "${d}" would need an overlay on /; use a directory below an existing one`);
        }
        const outer = dirs.find((o) => o !== d && d.startsWith(`${o}/`));
        if (outer !== undefined) {
            throw new Error(`fakeDirs: "${d}" is inside "${outer}"; list only "${outer}"`);
        }
    }
}

/** A uid (and gid) no account or group of this machine uses. */
function freeId(): number {
    const used = new Set(
        ["/etc/passwd", "/etc/group"].flatMap((f) =>
            fs
                .readFileSync(f, "utf8")
                .split("\n")
                .map((l) => Number(l.split(":")[2])),
        ),
    );
    let id = 2000;
    while (used.has(id)) {
        id++;
    }
    return id;
}

const q = (s: string) => `'${s.replace(/'/g, `'"'"'`)}'`;

/** Shell lines that add `user` to the namespace's overlay of /etc, as cloud-init would on a VM. */
function userLines(dir: string, user: string): string[] {
    if (user === "root") {
        return [];
    }
    const id = freeId();
    const home = path.join(dir, "home");
    return [
        `printf '%s\\n' ${q(`${user}:x:${id}:${id}:drover test user:${home}:/bin/bash`)} >> /etc/passwd`,
        // "*": no password, but not locked; sshd without PAM refuses locked ("!") accounts, which a VM's PAM allows.
        `printf '%s\\n' ${q(`${user}:*:20000:0:99999:7:::`)} >> /etc/shadow`,
        `printf '%s\\n' ${q(`${user}:x:${id}:`)} >> /etc/group`,
        `printf '%s\\n' ${q(`${user} ALL=(ALL) NOPASSWD:ALL`)} > /etc/sudoers.d/90-drover-test-user`,
        "chmod 0440 /etc/sudoers.d/90-drover-test-user",
        `mkdir -p ${q(home)}`,
        `chown ${id}:${id} ${q(home)}`,
    ];
}

/**
 * The shell script run as `unshare --mount --propagation private sh <script>`: lays out the namespace (see
 * {@link SshHostOptions}), then execs sshd there (same pid, so signalling the child stops sshd).
 */
function namespaceScript(dir: string, user: string, fakeDirs: string[], sshdArgs: string[]): string {
    const needEtc = user === "root" ? [] : ["/etc"];
    // One overlay per missing directory's deepest existing ancestor, outermost first.
    const overlays = [...new Set(["/run", ...needEtc, ...fakeDirs.map(existingAncestor)])]
        .filter((a) => !fakeDirs.includes(a))
        .sort((a, b) => a.length - b.length);
    const ns = path.join(dir, "ns");
    const lines = ["set -eu", `mount -t tmpfs -o mode=0755 drover-sshhost ${q(ns)}`];
    overlays.forEach((lower, i) => {
        const [upper, work] = [path.join(ns, `${i}`, "upper"), path.join(ns, `${i}`, "work")];
        lines.push(
            `mkdir -p ${q(upper)} ${q(work)}`,
            `mount -t overlay drover-sshhost -o ${q(`lowerdir=${lower},upperdir=${upper},workdir=${work}`)} ${q(lower)}`,
        );
    });
    lines.push("mkdir -p -m 0755 /run/sshd", ...userLines(dir, user));
    for (const d of fakeDirs) {
        lines.push(`mkdir -p ${q(d)}`, `mount --bind ${q(path.join(dir, "fs", d))} ${q(d)}`);
    }
    lines.push(`exec ${sshdArgs.map(q).join(" ")}`);
    return `${lines.join("\n")}\n`;
}

function sshdConfig(dir: string, port: number, user: string): string {
    return [
        `Port ${port}`,
        "ListenAddress 127.0.0.1",
        `HostKey ${path.join(dir, "ssh_host_ed25519_key")}`,
        `PidFile ${path.join(dir, "sshd.pid")}`,
        `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
        "AuthenticationMethods publickey",
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        `PermitRootLogin ${user === "root" ? "prohibit-password" : "no"}`,
        `AllowUsers ${user}`,
        // The key files live in a temp dir that sshd's ownership checks would reject.
        "StrictModes no",
        // No PAM: no limits, login records or session modules of this machine take part.
        "UsePAM no",
        "PermitTTY no",
        "PrintLastLog no",
        "X11Forwarding no",
        "AllowTcpForwarding no",
        "AllowAgentForwarding no",
        "PrintMotd no",
        "LogLevel VERBOSE",
        "",
    ].join("\n");
}

function keygen(file: string, comment: string): void {
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file], { stdio: "pipe" });
}

function tail(text: string, lines = 15): string {
    return text.trimEnd().split("\n").slice(-lines).join("\n");
}

function banner(port: number): Promise<string> {
    return new Promise((resolve) => {
        const s = net.connect(port, "127.0.0.1");
        s.setTimeout(1000, () => s.destroy());
        s.once("data", (b) => {
            resolve(b.toString());
            s.destroy();
        });
        s.once("error", () => resolve(""));
        s.once("close", () => resolve(""));
    });
}

/** Resolves once something on the port speaks SSH, or fails when sshd exits or time runs out. */
async function waitForSsh(port: number, child: ChildProcess, log: () => string, timeoutMs = 15000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) {
            const text = log();
            const taken = /Address already in use/.test(text)
                ? ` — port ${port} is taken; pick another or stop its holder (\`ss -ltnp | grep :${port}\`)`
                : "";
            throw new Error(
                `sshd exited (${child.exitCode ?? child.signalCode}) before listening${taken}:\n${tail(text)}`,
            );
        }
        if ((await banner(port)).startsWith("SSH-2.0-")) {
            return;
        }
        if (Date.now() > deadline) {
            throw new Error(`sshd did not answer on 127.0.0.1:${port} within ${timeoutMs} ms:\n${tail(log())}`);
        }
        await new Promise((r) => setTimeout(r, 100));
    }
}

function runSsh(args: string[], timeoutMs: number): Promise<SshResult> {
    const start = Date.now();
    return new Promise((resolve, reject) => {
        const child = spawn("ssh", args, { stdio: ["ignore", "pipe", "pipe"] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (b: Buffer) => out.push(b));
        child.stderr.on("data", (b: Buffer) => err.push(b));
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        child.once("error", (e) => {
            clearTimeout(timer);
            reject(e);
        });
        child.once("close", (code) => {
            clearTimeout(timer);
            const stdout = Buffer.concat(out).toString();
            const stderr = Buffer.concat(err).toString();
            // 255 is ssh's own failure (refused, wrong key, host key mismatch), never a result of the command.
            if (code === 255) {
                reject(new Error(`ssh to 127.0.0.1 failed before running the command:\n${tail(stderr)}`));
            } else {
                resolve({ code, stdout, stderr, ms: Date.now() - start });
            }
        });
    });
}

/** Starts a loopback sshd (see {@link SshHostOptions}); call `stop()` when done. */
export async function startSshHost(opts: SshHostOptions = {}): Promise<SshHost> {
    const user = opts.user ?? "root";
    const fakeDirs = [...(opts.fakeDirs ?? [])];
    requireTools(user);
    checkOptions(user, fakeDirs);
    if (opts.port !== undefined) {
        await assertPortFree(opts.port);
    }
    const port = opts.port ?? (await freePort());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drover-sshhost-"));
    try {
        return await launch(dir, port, user, fakeDirs);
    } catch (e) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw e;
    }
}

/** Host and client keys; the temp dir is opened to other users so sshd can read authorized_keys as the user. */
function writeKeys(dir: string, port: number): { clientKey: string; hostPublicKey: string; knownHostsPath: string } {
    fs.chmodSync(dir, 0o755);
    const hostKey = path.join(dir, "ssh_host_ed25519_key");
    const clientKey = path.join(dir, "client_ed25519");
    keygen(hostKey, "drover-test-host");
    keygen(clientKey, "drover-test-client");
    fs.copyFileSync(`${clientKey}.pub`, path.join(dir, "authorized_keys"));
    fs.chmodSync(path.join(dir, "authorized_keys"), 0o644);
    const hostPublicKey = fs.readFileSync(`${hostKey}.pub`, "utf8").trim();
    const knownHostsPath = path.join(dir, "known_hosts");
    fs.writeFileSync(knownHostsPath, `[127.0.0.1]:${port} ${hostPublicKey.split(" ").slice(0, 2).join(" ")}\n`);
    return { clientKey, hostPublicKey, knownHostsPath };
}

function clientArgs(clientKey: string, port: number, knownHostsPath: string, user: string): string[] {
    const options = [
        "IdentitiesOnly=yes",
        "BatchMode=yes",
        "StrictHostKeyChecking=yes",
        `UserKnownHostsFile=${knownHostsPath}`,
        "GlobalKnownHostsFile=/dev/null",
        "ConnectTimeout=10",
        "LogLevel=ERROR",
    ];
    return [
        "-F",
        "/dev/null",
        "-i",
        clientKey,
        "-p",
        `${port}`,
        ...options.flatMap((o) => ["-o", o]),
        `${user}@127.0.0.1`,
    ];
}

async function launch(dir: string, port: number, user: string, fakeDirs: string[]): Promise<SshHost> {
    const { clientKey, hostPublicKey, knownHostsPath } = writeKeys(dir, port);
    const config = path.join(dir, "sshd_config");
    fs.writeFileSync(config, sshdConfig(dir, port, user));
    for (const d of fakeDirs) {
        fs.mkdirSync(path.join(dir, "fs", d), { recursive: true, mode: 0o755 });
    }
    fs.mkdirSync(path.join(dir, "ns"));
    const script = path.join(dir, "namespace.sh");
    fs.writeFileSync(script, namespaceScript(dir, user, fakeDirs, [SSHD, "-D", "-e", "-f", config]));
    const child = spawn("unshare", ["--mount", "--propagation", "private", "sh", script], { stdio: "pipe" });
    let log = "";
    child.stdout.on("data", (b: Buffer) => (log += b.toString()));
    child.stderr.on("data", (b: Buffer) => (log += b.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
        await waitForSsh(port, child, () => log);
    } catch (e) {
        child.kill("SIGKILL");
        await exited;
        throw e;
    }
    const args = clientArgs(clientKey, port, knownHostsPath, user);
    return {
        host: "127.0.0.1",
        port,
        user,
        privateKey: fs.readFileSync(clientKey, "utf8"),
        privateKeyPath: clientKey,
        hostPublicKey,
        knownHostsPath,
        fakePath(remotePath: string): string {
            const inside = fakeDirs.some((d) => remotePath === d || remotePath.startsWith(`${d}/`));
            if (!inside || path.normalize(remotePath) !== remotePath) {
                throw new Error(`${remotePath} is not inside one of the fake directories (${fakeDirs.join(", ")})`);
            }
            return path.join(dir, "fs", remotePath);
        },
        run: (command, o) => runSsh([...args, "--", command], o?.timeoutMs ?? 120000),
        async stop(): Promise<void> {
            if (child.exitCode === null && child.signalCode === null) {
                child.kill("SIGTERM");
                const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
                await exited;
                clearTimeout(timer);
            }
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}
