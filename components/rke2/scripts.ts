import { RKE2_PATHS } from "./constants";
import { supervisorUrl } from "./config";

/** Quotes a value for POSIX sh. */
export function shq(s: string): string {
    return `'${s.replace(/'/g, `'"'"'`)}'`;
}

/** Shell lines that fail with `message` once `seconds` have passed since the script started. */
function deadlineLines(seconds: number): string[] {
    return [`deadline=$(( $(date +%s) + ${seconds} ))`];
}

function timeoutCheck(message: string): string {
    return `  if [ "$(date +%s)" -ge "$deadline" ]; then echo ${shq(message)} >&2; exit 1; fi`;
}

const KC = `kc() { sudo ${RKE2_PATHS.kubectl} --kubeconfig ${RKE2_PATHS.kubeconfig} "$@"; }`;

/**
 * The bootstrap server's boot-time decision. A fresh cluster has nobody answering at the registration address,
 * so the server initialises it. When the bootstrap server's VM is replaced later, the other servers answer and
 * it must join them instead of starting a second cluster: the script then writes `server:` into a drop-in.
 * Once etcd data is on disk RKE2 ignores `server:` anyway (rancher/rke2-docs docs/install/ha.md). The probe is the
 * supervisor's unauthenticated `/ping`, which answers `pong` (k3s-io/k3s pkg/server/router.go `ping`).
 */
export function buildJoinOrInitScript(registrationAddress: string, probeSeconds = 60, pollSeconds = 5): string {
    const url = supervisorUrl(registrationAddress);
    return [
        "#!/bin/sh",
        "# drover: join an existing RKE2 cluster if one answers at the registration address, else initialise it.",
        "set -u",
        `if [ -d ${RKE2_PATHS.etcdData} ]; then exit 0; fi`,
        ...deadlineLines(probeSeconds),
        `while [ "$(date +%s)" -lt "$deadline" ]; do`,
        `  if curl -fsk --max-time 5 ${shq(`${url}/ping`)} 2>/dev/null | grep -q pong; then`,
        `    printf 'server: %s\\n' ${shq(url)} > ${RKE2_PATHS.dropInDir}/21-join-server.yaml`,
        `    chmod 0600 ${RKE2_PATHS.dropInDir}/21-join-server.yaml`,
        `    echo "drover: a cluster answers at ${url}; joining it"`,
        "    exit 0",
        "  fi",
        `  sleep ${pollSeconds}`,
        "done",
        `echo "drover: nothing answers at ${url}; initialising a new cluster"`,
        "",
    ].join("\n");
}

/**
 * Run over SSH on the first server: waits, bounded, until the Kubernetes API answers `/readyz`, then prints the
 * admin kubeconfig. Fails with a message that says where to look when the API does not come up in time.
 */
export function buildKubeconfigScript(timeoutSeconds: number, pollSeconds = 5): string {
    return [
        "set -eu",
        KC,
        ...deadlineLines(timeoutSeconds),
        `until sudo test -s ${RKE2_PATHS.kubeconfig} && kc get --raw /readyz --request-timeout=5s >/dev/null 2>&1; do`,
        timeoutCheck(
            `drover: the Kubernetes API of this server did not answer within ${timeoutSeconds}s; check "sudo journalctl -u rke2-server" and "cloud-init status --long" on the node`,
        ),
        `  sleep ${pollSeconds}`,
        "done",
        `sudo cat ${RKE2_PATHS.kubeconfig}`,
        "",
    ].join("\n");
}

const readyCondition = `jsonpath='{.status.conditions[?(@.type=="Ready")].status}'`;

/** A shell function `node_generation` that prints the Node's `rke2.drover.io/generation` label, or nothing. */
const NODE_GENERATION = `node_generation() { kc get node "$node" --request-timeout=5s -o jsonpath='{.metadata.labels.rke2\\.drover\\.io/generation}' 2>/dev/null || true; }`;

/**
 * The readiness gate of one node, run over SSH on a server with the admin kubeconfig (for a server node: on that
 * server itself). Waits, bounded, until the node is Ready; for a server also until its etcd and kube-apiserver
 * static pods are Ready, so the next server is only touched when this one is a healthy etcd member.
 *
 * With `generation`, only the Node of that VM counts: a Node under the same name from another VM generation (an
 * old one not yet removed) never passes the gate, and the timeout message says whose Node it found.
 */
export function buildNodeReadyScript(
    node: string,
    role: "server" | "agent",
    timeoutSeconds: number,
    pollSeconds = 10,
    generation?: string,
): string {
    const own = generation === undefined ? "" : '[ "$(node_generation)" = "$want" ] && ';
    const checks =
        role === "server"
            ? `${own}node_ready && pod_ready etcd-${node} && pod_ready kube-apiserver-${node}`
            : `${own}node_ready`;
    const timeout = `drover: node ${node} did not become Ready within ${timeoutSeconds}s; check "sudo journalctl -u rke2-${role}" on ${node}`;
    const whose =
        generation === undefined
            ? [timeoutCheck(timeout)]
            : [
                  '  if [ "$(date +%s)" -ge "$deadline" ]; then',
                  "    have=$(node_generation)",
                  `    if [ -n "$have" ] && [ "$have" != "$want" ]; then echo "drover: the Node named ${node} belongs to generation $have, not $want of this VM" >&2; fi`,
                  `    echo ${shq(timeout)} >&2; exit 1`,
                  "  fi",
              ];
    return [
        "set -eu",
        KC,
        `node=${shq(node)}`,
        ...(generation === undefined ? [] : [`want=${shq(generation)}`, NODE_GENERATION]),
        `node_ready() { kc get node "$node" --request-timeout=5s -o ${readyCondition} 2>/dev/null | grep -qx True; }`,
        `pod_ready() { kc -n kube-system get pod "$1" --request-timeout=5s -o ${readyCondition} 2>/dev/null | grep -qx True; }`,
        ...deadlineLines(timeoutSeconds),
        `until sudo test -s ${RKE2_PATHS.kubeconfig} && ${checks}; do`,
        ...whose,
        `  sleep ${pollSeconds}`,
        "done",
        `echo "drover: node ${node} is Ready"`,
        "",
    ].join("\n");
}

/**
 * The pre-delete hook of one node, run when its VM is about to be deleted or replaced: drain it, then delete the
 * Node object. Deleting a server's Node makes RKE2's etcd member controller remove its etcd member
 * (k3s-io/k3s#3973), so the remaining servers keep a member list without dead entries and keep quorum when the
 * next server is replaced. Deleting the Node also drops its stored node password (k3s-io/k3s#13072), without
 * which the replacement VM, registering under the same name with a new password, would be refused. Best effort: a
 * node that cannot be drained in time is still removed.
 *
 * With `generation`, it acts only on the Node of that VM: a Node whose `rke2.drover.io/generation` label differs
 * (the replacement VM's, under the same name) is left alone, with one line that says so. That makes a gate that
 * runs again after an interrupted `up` harmless.
 */
export function buildNodeDrainScript(node: string, drainTimeoutSeconds: number, generation?: string): string {
    const identity =
        generation === undefined
            ? []
            : [
                  `want=${shq(generation)}`,
                  NODE_GENERATION,
                  "have=$(node_generation)",
                  'if [ "$have" != "$want" ]; then',
                  `  echo "drover: node ${node} belongs to generation \${have:-<none>}, not $want that this gate was made for; leaving it alone"`,
                  "  exit 0",
                  "fi",
              ];
    return [
        "set -u",
        KC,
        `node=${shq(node)}`,
        `if ! sudo test -s ${RKE2_PATHS.kubeconfig} || ! kc get node "$node" --request-timeout=5s >/dev/null 2>&1; then`,
        `  echo "drover: node ${node} is not in the cluster; nothing to drain"`,
        "  exit 0",
        "fi",
        ...identity,
        `kc drain "$node" --ignore-daemonsets --delete-emptydir-data --force --timeout=${drainTimeoutSeconds}s || echo ${shq(`drover: draining ${node} did not finish; removing it anyway`)} >&2`,
        `kc delete node "$node" --wait=true --timeout=120s || echo ${shq(`drover: deleting node ${node} failed`)} >&2`,
        "exit 0",
        "",
    ].join("\n");
}
