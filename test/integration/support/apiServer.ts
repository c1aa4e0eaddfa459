import { ChildProcess, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { KubeAccess, kubeRequest, waitFor } from "./kubeClient";
import { freePort } from "./ports";
import { toolPath } from "./toolchain";

/** A running kube-apiserver with its own etcd (and controller-manager when built), on loopback. */
export interface ApiServer extends KubeAccess {
    name: string;
    kubeconfig: string;
    kubeconfigPath: string;
    pids: number[];
}

function start(cmd: string, args: string[], logFile: string): ChildProcess {
    const log = fs.openSync(logFile, "a");
    const child = spawn(cmd, args, { stdio: ["ignore", log, log], detached: false });
    fs.closeSync(log);
    return child;
}

function tail(file: string, lines = 15): string {
    try {
        return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
        return "(no log)";
    }
}

/** Builds a kubeconfig for a server URL, CA and bearer token. */
export function makeKubeconfig(name: string, access: KubeAccess): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [
            {
                name,
                cluster: {
                    server: access.url,
                    "certificate-authority-data": Buffer.from(access.ca).toString("base64"),
                },
            },
        ],
        users: [{ name: "admin", user: { token: access.token } }],
        contexts: [{ name, context: { cluster: name, user: "admin" } }],
        "current-context": name,
    });
}

/**
 * Starts etcd and kube-apiserver (and kube-controller-manager when the toolchain has it, so namespaces really
 * finalize on delete) under `dir`. Children are tracked in `children` so the caller can stop them.
 */
export async function startApiServer(
    name: string,
    dir: string,
    env: Record<string, string>,
    children: ChildProcess[],
): Promise<ApiServer> {
    fs.mkdirSync(dir, { recursive: true });
    const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const etcdLog = path.join(dir, "etcd.log");
    const etcd = start(
        toolPath(env, "etcd"),
        [
            `--name=${name}`,
            `--data-dir=${path.join(dir, "etcd")}`,
            `--listen-client-urls=${etcdUrl}`,
            `--advertise-client-urls=${etcdUrl}`,
            `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
            `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
            `--initial-cluster=${name}=http://127.0.0.1:${peerPort}`,
            "--unsafe-no-fsync",
            "--log-level=warn",
        ],
        etcdLog,
    );
    children.push(etcd);

    const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const saKey = path.join(dir, "sa.key");
    const saPub = path.join(dir, "sa.pub");
    fs.writeFileSync(saKey, privateKey.export({ type: "pkcs1", format: "pem" }));
    fs.writeFileSync(saPub, publicKey.export({ type: "spki", format: "pem" }));
    const token = crypto.randomBytes(24).toString("hex");
    const tokenFile = path.join(dir, "tokens.csv");
    fs.writeFileSync(tokenFile, `${token},admin,admin,system:masters\n`, { mode: 0o600 });
    const certDir = path.join(dir, "certs");

    const apiLog = path.join(dir, "kube-apiserver.log");
    const api = start(
        toolPath(env, "kube-apiserver"),
        [
            `--etcd-servers=${etcdUrl}`,
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            `--secure-port=${apiPort}`,
            `--cert-dir=${certDir}`,
            `--token-auth-file=${tokenFile}`,
            "--authorization-mode=RBAC",
            "--service-account-issuer=https://kubernetes.default.svc",
            `--service-account-key-file=${saPub}`,
            `--service-account-signing-key-file=${saKey}`,
            "--service-cluster-ip-range=10.96.0.0/24",
            "--enable-priority-and-fairness=false",
            "--profiling=false",
            "--v=1",
        ],
        apiLog,
    );
    children.push(api);

    const url = `https://127.0.0.1:${apiPort}`;
    const caFile = path.join(certDir, "apiserver.crt");
    const ca = await waitFor(
        `the ${name} kube-apiserver certificate (log: ${apiLog})`,
        async () => {
            if (api.exitCode !== null) {
                throw new Error(
                    `kube-apiserver exited with ${api.exitCode}:\n${tail(apiLog)}\netcd:\n${tail(etcdLog)}`,
                );
            }
            return fs.existsSync(caFile) ? fs.readFileSync(caFile, "utf8") : undefined;
        },
        60000,
    );
    const access: KubeAccess = { url, ca, token };
    await waitFor(
        `the ${name} kube-apiserver to be ready (log: ${apiLog})`,
        async () => {
            if (api.exitCode !== null) {
                throw new Error(`kube-apiserver exited with ${api.exitCode}:\n${tail(apiLog)}`);
            }
            const res = await kubeRequest(access, "GET", "/readyz");
            return res.status === 200 ? true : undefined;
        },
        90000,
    );

    const kubeconfig = makeKubeconfig(name, access);
    const kubeconfigPath = path.join(dir, "kubeconfig.json");
    fs.writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });

    const pids = [etcd.pid ?? 0, api.pid ?? 0];
    const kcm = (env.PATH ?? "")
        .split(":")
        .map((d) => path.join(d, "kube-controller-manager"))
        .find((p) => fs.existsSync(p));
    if (kcm) {
        const c = start(
            kcm,
            [
                `--kubeconfig=${kubeconfigPath}`,
                `--authentication-kubeconfig=${kubeconfigPath}`,
                `--authorization-kubeconfig=${kubeconfigPath}`,
                "--bind-address=127.0.0.1",
                `--secure-port=${await freePort()}`,
                "--controllers=namespace-controller,garbage-collector-controller,serviceaccount-token-controller,serviceaccount-controller",
                `--service-account-private-key-file=${saKey}`,
                `--root-ca-file=${caFile}`,
                "--leader-elect=false",
                "--v=1",
            ],
            path.join(dir, "kube-controller-manager.log"),
        );
        children.push(c);
        pids.push(c.pid ?? 0);
        // Without it namespaces never finalize and foreground deletes never end: fail now, not at destroy.
        await new Promise((r) => setTimeout(r, 3000));
        if (c.exitCode !== null) {
            throw new Error(
                `kube-controller-manager exited with ${c.exitCode}:\n${tail(path.join(dir, "kube-controller-manager.log"))}`,
            );
        }
    }
    return { name, ...access, kubeconfig, kubeconfigPath, pids };
}

/**
 * {@link startApiServer}, started again on fresh ports when a port it picked was taken before its server bound it
 * (the kernel hands the same ephemeral range to outgoing connections of the other servers starting meanwhile).
 */
export async function startApiServerRetrying(
    name: string,
    dir: string,
    env: Record<string, string>,
    children: ChildProcess[],
    attempts = 3,
): Promise<ApiServer> {
    for (let i = 1; ; i++) {
        const mine: ChildProcess[] = [];
        try {
            const server = await startApiServer(name, i === 1 ? dir : `${dir}-${i}`, env, mine);
            children.push(...mine);
            return server;
        } catch (e) {
            await stopAll(mine);
            if (i >= attempts || !/address already in use/.test(String(e))) {
                throw e;
            }
            console.warn(`the ${name} API server lost a port race (attempt ${i}); starting it again on new ports`);
        }
    }
}

/** Stops every child, politely then firmly. */
export async function stopAll(children: ChildProcess[]): Promise<void> {
    for (const c of [...children].reverse()) {
        if (c.exitCode === null && c.signalCode === null) {
            c.kill("SIGTERM");
        }
    }
    const deadline = Date.now() + 10000;
    while (children.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
    }
    for (const c of children) {
        if (c.exitCode === null && c.signalCode === null) {
            c.kill("SIGKILL");
        }
    }
}
