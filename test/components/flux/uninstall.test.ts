import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildFluxUninstallScript } from "../../../components/flux/uninstall";

/**
 * Runs the destroy-time script with /bin/sh against a fake `kubectl` that logs its arguments and answers like a
 * cluster would. No cluster and no network are needed; the script's own commands are what is under test.
 */

const FAKE_KUBECTL = `#!/bin/sh
printf "%s\\n" "$*" >> "$LOG"
[ -f "$KUBECONFIG" ] && cp "$KUBECONFIG" "$LOG.kubeconfig" && stat -c %a "$KUBECONFIG" > "$LOG.mode"
case "$*" in
  "get --raw /version") [ -z "$UNREACHABLE" ] || { echo "connection refused" >&2; exit 1; } ;;
  "get namespace flux-system") [ -n "$NS_EXISTS" ] || exit 1 ;;
  "get crd "*) printf 'gitrepositories.source.toolkit.fluxcd.io\\nkustomizations.kustomize.toolkit.fluxcd.io\\nresourcesets.fluxcd.controlplane.io\\ncertificates.cert-manager.io\\n' ;;
  "get kustomizations.kustomize.toolkit.fluxcd.io "*) printf 'flux-system flux-system\\napps podinfo\\napps gone\\n' ;;
  "get gitrepositories.source.toolkit.fluxcd.io "*) printf 'flux-system flux-system\\n' ;;
  "get resourcesets.fluxcd.controlplane.io "*) [ -z "$FORBIDDEN" ] && printf '' || printf 'apps locked\\n' ;;
  *" patch "*" gone "*) echo 'Error from server (NotFound): kustomizations "gone" not found' >&2; exit 1 ;;
  *" patch "*" locked "*) echo 'Error from server (Forbidden): cannot patch' >&2; exit 1 ;;
esac
exit 0
`;

let dir: string;

beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "drover-uninstall-"));
    fs.writeFileSync(path.join(dir, "kubectl"), FAKE_KUBECTL, { mode: 0o755 });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(env: Record<string, string>) {
    const id = Math.random().toString(36).slice(2);
    const log = path.join(dir, `log-${id}`);
    const tmp = fs.mkdtempSync(path.join(dir, "tmp-"));
    fs.writeFileSync(log, "");
    const r = spawnSync("/bin/sh", ["-c", buildFluxUninstallScript()], {
        env: {
            PATH: `${dir}:/usr/bin:/bin`,
            TMPDIR: tmp,
            LOG: log,
            DROVER_KUBECONFIG: "apiVersion: v1\nclusters: []\n",
            ...env,
        },
        encoding: "utf8",
    });
    const calls = fs.readFileSync(log, "utf8").trim().split("\n");
    const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, "utf8").trim() : undefined);
    return {
        status: r.status,
        stdout: r.stdout,
        stderr: r.stderr,
        calls,
        kubeconfig: read(`${log}.kubeconfig`),
        kubeconfigMode: read(`${log}.mode`),
        leftInTmp: fs.readdirSync(tmp),
    };
}

const STOP = [
    "-n flux-system delete deployment -l app.kubernetes.io/part-of=flux --cascade=foreground --wait=true --ignore-not-found",
    "-n flux-system delete deployment flux-operator --cascade=foreground --wait=true --ignore-not-found",
];
const UNFINALIZE = (crd: string, ns: string, name: string) =>
    `-n ${ns} patch ${crd} ${name} --type=merge -p {"metadata":{"finalizers":null}}`;

describe("the uninstall script", () => {
    it("stops the controllers first, then removes the finalizers of every Flux object, and only Flux's", () => {
        const r = run({ NS_EXISTS: "1" });
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
        const ks = "kustomizations.kustomize.toolkit.fluxcd.io";
        const repo = "gitrepositories.source.toolkit.fluxcd.io";
        const sets = "resourcesets.fluxcd.controlplane.io";
        expect(r.calls).toEqual([
            "get --raw /version",
            "get namespace flux-system",
            ...STOP,
            'get crd -o jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}',
            `get ${repo} --all-namespaces -o jsonpath={range .items[*]}{.metadata.namespace}{" "}{.metadata.name}{"\\n"}{end}`,
            UNFINALIZE(repo, "flux-system", "flux-system"),
            `get ${ks} --all-namespaces -o jsonpath={range .items[*]}{.metadata.namespace}{" "}{.metadata.name}{"\\n"}{end}`,
            UNFINALIZE(ks, "flux-system", "flux-system"),
            UNFINALIZE(ks, "apps", "podinfo"),
            UNFINALIZE(ks, "apps", "gone"),
            `get ${sets} --all-namespaces -o jsonpath={range .items[*]}{.metadata.namespace}{" "}{.metadata.name}{"\\n"}{end}`,
        ]);
        expect(r.calls.join("\n")).not.toContain("cert-manager");
    });

    it("hands kubectl the kubeconfig through a private file that is gone afterwards", () => {
        const r = run({ NS_EXISTS: "1" });
        expect(r.kubeconfig).toBe("apiVersion: v1\nclusters: []");
        expect(r.kubeconfigMode).toBe("600");
        expect(r.leftInTmp).toEqual([]);
        const failed = run({ UNREACHABLE: "1" });
        expect(failed.leftInTmp).toEqual([]);
    });

    it("treats an already-missing namespace as done and still removes finalizers elsewhere", () => {
        const r = run({});
        expect(r.status).toBe(0);
        expect(r.stdout).toContain("namespace flux-system is already gone; nothing to stop");
        expect(r.calls).not.toContain(STOP[0]);
        expect(r.calls).toContain(UNFINALIZE("kustomizations.kustomize.toolkit.fluxcd.io", "apps", "podinfo"));
    });

    it("fails when the cluster does not answer, before changing anything", () => {
        const r = run({ UNREACHABLE: "1", NS_EXISTS: "1" });
        expect(r.status).not.toBe(0);
        expect(r.calls).toEqual(["get --raw /version"]);
    });

    it("fails on a finalizer it cannot remove (other than an object already gone)", () => {
        const r = run({ NS_EXISTS: "1", FORBIDDEN: "1" });
        expect(r.status).toBe(1);
        expect(r.stderr).toContain("Error from server (Forbidden): cannot patch");
    });
});
