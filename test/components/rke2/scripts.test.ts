import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    buildJoinOrInitScript,
    buildKubeconfigScript,
    buildNodeDrainScript,
    buildNodeReadyScript,
    RKE2_PATHS,
} from "../../../components/rke2";

/**
 * The scripts run for real under /bin/sh, against fake `sudo`, `kubectl` and `curl` on PATH. The fake sudo maps
 * the node's absolute paths into a temporary directory; the fake kubectl answers from files the test writes.
 */
let dir: string;

function write(file: string, text: string, mode = 0o755): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { mode });
}

beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "drover-rke2-"));
    const bin = path.join(dir, "bin");
    // sudo: run the command with node paths rewritten into the sandbox.
    write(
        path.join(bin, "sudo"),
        `#!/bin/sh
cmd="$1"; shift
case "$cmd" in
  ${RKE2_PATHS.kubectl}) exec "${bin}/kubectl" "$@" ;;
  test|cat) set -- $(printf '%s\\n' "$@" | sed "s#^/#${dir}/root/#"); exec "$cmd" "$@" ;;
  *) exec "$cmd" "$@" ;;
esac
`,
    );
    // kubectl: logs its arguments; answers readiness from files.
    write(
        path.join(bin, "kubectl"),
        `#!/bin/sh
echo "$*" >> "${dir}/kubectl.log"
case "$*" in
  *"get --raw /readyz"*) [ -f "${dir}/api-ready" ] ;;
  *"get node"*"generation}"*) cat "${dir}/node-generation" 2>/dev/null; true ;;
  *"get node"*"jsonpath"*) [ -f "${dir}/node-ready" ] && echo True ;;
  *"get pod"*"jsonpath"*) [ -f "${dir}/pods-ready" ] && echo True ;;
  *"get node"*) [ -f "${dir}/node-exists" ] ;;
  *drain*) [ -f "${dir}/drain-fails" ] && exit 1; exit 0 ;;
  *"delete node"*) exit 0 ;;
  *) exit 0 ;;
esac
`,
    );
    write(path.join(bin, "curl"), `#!/bin/sh\n[ -f "${dir}/cluster-answers" ] && echo pong || exit 7\n`);
});

afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
});

function run(script: string) {
    const r = spawnSync("/bin/sh", ["-c", script], {
        encoding: "utf8",
        env: { PATH: `${path.join(dir, "bin")}:/usr/bin:/bin` },
        timeout: 20000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function kubectlLog(): string[] {
    const f = path.join(dir, "kubectl.log");
    return fs.existsSync(f) ? fs.readFileSync(f, "utf8").trim().split("\n") : [];
}

const KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\n";

describe("kubeconfig script", () => {
    it("prints the admin kubeconfig once the API answers", () => {
        write(path.join(dir, "root", RKE2_PATHS.kubeconfig.slice(1)), KUBECONFIG, 0o600);
        fs.writeFileSync(path.join(dir, "api-ready"), "");
        const r = run(buildKubeconfigScript(30, 1));
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
        expect(r.stdout).toBe(KUBECONFIG);
        expect(kubectlLog()).toEqual([`--kubeconfig ${RKE2_PATHS.kubeconfig} get --raw /readyz --request-timeout=5s`]);
    });

    it("fails after the timeout with a message that says where to look", () => {
        write(path.join(dir, "root", RKE2_PATHS.kubeconfig.slice(1)), KUBECONFIG, 0o600);
        const started = Date.now();
        const r = run(buildKubeconfigScript(2, 1));
        expect(r.status).toBe(1);
        expect(r.stdout).toBe("");
        expect(r.stderr.trim()).toBe(
            'drover: the Kubernetes API of this server did not answer within 2s; check "sudo journalctl -u rke2-server" and "cloud-init status --long" on the node',
        );
        expect(Date.now() - started).toBeLessThan(10000);
    });

    it("keeps waiting while the kubeconfig file does not exist yet", () => {
        fs.writeFileSync(path.join(dir, "api-ready"), "");
        const r = run(buildKubeconfigScript(2, 1));
        expect(r.status).toBe(1);
        expect(kubectlLog()).toEqual([]);
    });
});

describe("node readiness gate", () => {
    beforeEach(() => {
        write(path.join(dir, "root", RKE2_PATHS.kubeconfig.slice(1)), KUBECONFIG, 0o600);
    });

    it("a server passes only when the node and its etcd and apiserver pods are Ready", () => {
        fs.writeFileSync(path.join(dir, "node-ready"), "");
        expect(run(buildNodeReadyScript("dev-a-cp-1", "server", 2, 1)).status).toBe(1);
        fs.writeFileSync(path.join(dir, "pods-ready"), "");
        const r = run(buildNodeReadyScript("dev-a-cp-1", "server", 30, 1));
        expect(r.status).toBe(0);
        expect(r.stdout.trim()).toBe("drover: node dev-a-cp-1 is Ready");
        const log = kubectlLog().slice(-3);
        expect(log[0]).toContain("get node dev-a-cp-1 --request-timeout=5s -o jsonpath=");
        expect(log[1]).toContain("-n kube-system get pod etcd-dev-a-cp-1 --request-timeout=5s -o jsonpath=");
        expect(log[2]).toContain("-n kube-system get pod kube-apiserver-dev-a-cp-1 --request-timeout=5s -o jsonpath=");
    });

    it("an agent passes on node Ready alone", () => {
        fs.writeFileSync(path.join(dir, "node-ready"), "");
        expect(run(buildNodeReadyScript("dev-a-general-0", "agent", 30, 1)).status).toBe(0);
        expect(kubectlLog().some((l) => l.includes("get pod"))).toBe(false);
    });

    it("with a generation, passes only when the Ready Node carries it", () => {
        fs.writeFileSync(path.join(dir, "node-ready"), "");
        fs.writeFileSync(path.join(dir, "node-generation"), "0123abcd0123abcd");
        expect(run(buildNodeReadyScript("dev-a-general-0", "agent", 30, 1, "0123abcd0123abcd")).status).toBe(0);
    });

    it("with a generation, never passes on a Ready Node of another VM generation, and says whose it is", () => {
        fs.writeFileSync(path.join(dir, "node-ready"), "");
        fs.writeFileSync(path.join(dir, "node-generation"), "ffff0000ffff0000");
        const r = run(buildNodeReadyScript("dev-a-general-0", "agent", 2, 1, "0123abcd0123abcd"));
        expect(r.status).toBe(1);
        expect(r.stderr.trim().split("\n")).toEqual([
            "drover: the Node named dev-a-general-0 belongs to generation ffff0000ffff0000, not 0123abcd0123abcd of this VM",
            'drover: node dev-a-general-0 did not become Ready within 2s; check "sudo journalctl -u rke2-agent" on dev-a-general-0',
        ]);
    });

    it("times out with the node's name and the unit to inspect", () => {
        const r = run(buildNodeReadyScript("dev-a-general-0", "agent", 2, 1));
        expect(r.status).toBe(1);
        expect(r.stderr.trim()).toBe(
            'drover: node dev-a-general-0 did not become Ready within 2s; check "sudo journalctl -u rke2-agent" on dev-a-general-0',
        );
    });
});

describe("node drain (pre-delete hook)", () => {
    beforeEach(() => {
        write(path.join(dir, "root", RKE2_PATHS.kubeconfig.slice(1)), KUBECONFIG, 0o600);
    });

    it("drains, then deletes the Node object", () => {
        fs.writeFileSync(path.join(dir, "node-exists"), "");
        const r = run(buildNodeDrainScript("dev-a-cp-2", 300));
        expect(r.status).toBe(0);
        const log = kubectlLog();
        expect(log[1]).toBe(
            `--kubeconfig ${RKE2_PATHS.kubeconfig} drain dev-a-cp-2 --ignore-daemonsets --delete-emptydir-data --force --timeout=300s`,
        );
        expect(log[2]).toBe(`--kubeconfig ${RKE2_PATHS.kubeconfig} delete node dev-a-cp-2 --wait=true --timeout=120s`);
    });

    it("still removes the node when the drain does not finish", () => {
        fs.writeFileSync(path.join(dir, "node-exists"), "");
        fs.writeFileSync(path.join(dir, "drain-fails"), "");
        const r = run(buildNodeDrainScript("dev-a-cp-2", 1));
        expect(r.status).toBe(0);
        expect(r.stderr).toContain("drover: draining dev-a-cp-2 did not finish; removing it anyway");
        expect(kubectlLog().some((l) => l.includes("delete node dev-a-cp-2"))).toBe(true);
    });

    it("with a generation, drains and deletes only the Node that carries it", () => {
        fs.writeFileSync(path.join(dir, "node-exists"), "");
        fs.writeFileSync(path.join(dir, "node-generation"), "0123abcd0123abcd");
        const r = run(buildNodeDrainScript("dev-a-cp-2", 300, "0123abcd0123abcd"));
        expect(r.status).toBe(0);
        expect(kubectlLog().filter((l) => / (drain|delete node) /.test(l))).toHaveLength(2);
    });

    it("with a generation, leaves the Node of another VM generation alone and says so", () => {
        fs.writeFileSync(path.join(dir, "node-exists"), "");
        fs.writeFileSync(path.join(dir, "node-generation"), "ffff0000ffff0000");
        const r = run(buildNodeDrainScript("dev-a-cp-2", 300, "0123abcd0123abcd"));
        expect(r.status).toBe(0);
        expect(r.stdout.trim()).toBe(
            "drover: node dev-a-cp-2 belongs to generation ffff0000ffff0000, not 0123abcd0123abcd that this gate was made for; leaving it alone",
        );
        expect(kubectlLog().some((l) => / (drain|delete node) /.test(l))).toBe(false);
    });

    it("with a generation, leaves alone a Node that has no generation label", () => {
        fs.writeFileSync(path.join(dir, "node-exists"), "");
        const r = run(buildNodeDrainScript("dev-a-cp-2", 300, "0123abcd0123abcd"));
        expect(r.status).toBe(0);
        expect(r.stdout).toContain("belongs to generation <none>");
        expect(kubectlLog().some((l) => / (drain|delete node) /.test(l))).toBe(false);
    });

    it("does nothing for a node that is not in the cluster", () => {
        const r = run(buildNodeDrainScript("dev-a-cp-2", 300));
        expect(r.status).toBe(0);
        expect(r.stdout.trim()).toBe("drover: node dev-a-cp-2 is not in the cluster; nothing to drain");
        expect(kubectlLog().some((l) => l.includes("drain") || l.includes("delete"))).toBe(false);
    });
});

describe("join-or-init of the bootstrap server", () => {
    // The script's absolute paths, moved into the sandbox.
    const sandboxed = (script: string) =>
        script.replace(/\/var\/lib\/rancher|\/etc\/rancher/g, (m) => `${dir}/root${m}`);
    const joinFile = () => path.join(dir, "root", RKE2_PATHS.dropInDir.slice(1), "21-join-server.yaml");

    beforeEach(() => {
        fs.mkdirSync(path.join(dir, "root", RKE2_PATHS.dropInDir.slice(1)), { recursive: true });
    });

    it("initialises a new cluster when nothing answers at the registration address", () => {
        const r = run(sandboxed(buildJoinOrInitScript("10.10.0.10", 2, 1)));
        expect(r.status).toBe(0);
        expect(r.stdout.trim()).toBe("drover: nothing answers at https://10.10.0.10:9345; initialising a new cluster");
        expect(fs.existsSync(joinFile())).toBe(false);
    });

    it("joins when another server answers (the bootstrap server was replaced)", () => {
        fs.writeFileSync(path.join(dir, "cluster-answers"), "");
        const r = run(sandboxed(buildJoinOrInitScript("10.10.0.10", 30, 1)));
        expect(r.status).toBe(0);
        expect(fs.readFileSync(joinFile(), "utf8")).toBe("server: https://10.10.0.10:9345\n");
        expect((fs.statSync(joinFile()).mode & 0o777).toString(8)).toBe("600");
    });

    it("leaves a server that already holds etcd data alone", () => {
        fs.mkdirSync(path.join(dir, "root", RKE2_PATHS.etcdData.slice(1)), { recursive: true });
        fs.writeFileSync(path.join(dir, "cluster-answers"), "");
        const r = run(sandboxed(buildJoinOrInitScript("10.10.0.10", 30, 1)));
        expect(r.status).toBe(0);
        expect(r.stdout).toBe("");
        expect(fs.existsSync(joinFile())).toBe(false);
    });
});
