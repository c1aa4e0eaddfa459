import { k8sApprovedRegistries } from "../../../policies/kubernetes/Workload/approvedRegistries";
import { k8sDropAllCapabilities } from "../../../policies/kubernetes/Workload/dropAllCapabilities";
import { k8sNoHostNamespaces } from "../../../policies/kubernetes/Workload/noHostNamespaces";
import { k8sNoHostPath } from "../../../policies/kubernetes/Workload/noHostPath";
import { k8sNoLatestImage } from "../../../policies/kubernetes/Workload/noLatestImage";
import { k8sNoPrivilegedContainers } from "../../../policies/kubernetes/Workload/noPrivilegedContainers";
import { k8sResourceRequestsLimits } from "../../../policies/kubernetes/Workload/requireResources";
import { k8sRunAsNonRoot } from "../../../policies/kubernetes/Workload/runAsNonRoot";
import { DroverResourcePolicy } from "../../../policies/lib/types";
import { changed } from "../support/harness";
import { WORKLOADS, WorkloadKind, workload } from "../support/fixtures";
import { ResourceCase } from "./types";

/** Where each kind keeps its pod spec, as the messages name it. */
const POD_PATH: Record<WorkloadKind, string> = {
    Pod: "spec",
    Deployment: "spec.template.spec",
    StatefulSet: "spec.template.spec",
    DaemonSet: "spec.template.spec",
    ReplicaSet: "spec.template.spec",
    Job: "spec.template.spec",
    CronJob: "spec.jobTemplate.spec.template.spec",
};

const REGISTRIES = { approvedRegistries: ["registry.internal:5000"] };

/** The config each policy runs with unless a row says otherwise. */
const BASE_CONFIG = new Map<DroverResourcePolicy, Record<string, unknown>>([[k8sApprovedRegistries, REGISTRIES]]);

const WORKLOAD_POLICIES = [
    k8sNoPrivilegedContainers,
    k8sRunAsNonRoot,
    k8sNoHostNamespaces,
    k8sNoHostPath,
    k8sDropAllCapabilities,
    k8sNoLatestImage,
    k8sApprovedRegistries,
    k8sResourceRequestsLimits,
];

/** A change to the pod spec (path relative to it) and what the policy must report, given the pod spec's path. */
interface Row {
    policy: DroverResourcePolicy;
    name: string;
    path: Array<string | number>;
    value: unknown;
    config?: Record<string, unknown>;
    violations: (pod: string) => string[];
}

const APP = ["containers", 0];
const SC = [...APP, "securityContext"];

const ROWS: Row[] = [
    {
        policy: k8sNoPrivilegedContainers,
        name: "flags a privileged container",
        path: [...SC, "privileged"],
        value: true,
        violations: (p) => [
            `${p}.containers[0] ("app") sets securityContext.privileged: true; remove it, a privileged container controls the node`,
        ],
    },
    {
        policy: k8sNoPrivilegedContainers,
        name: "flags an init container that may escalate",
        path: ["initContainers", 0, "securityContext", "allowPrivilegeEscalation"],
        value: undefined,
        violations: (p) => [
            `${p}.initContainers[0] ("init") does not set securityContext.allowPrivilegeEscalation: false; set it so the process cannot gain privileges`,
        ],
    },
    {
        policy: k8sRunAsNonRoot,
        name: "flags a container running as UID 0",
        path: [...SC, "runAsUser"],
        value: 0,
        violations: (p) => [`${p}.containers[0] ("app") runs as UID 0 (securityContext.runAsUser); use a non-zero UID`],
    },
    {
        policy: k8sRunAsNonRoot,
        name: "flags a container that overrides the pod's runAsNonRoot",
        path: [...SC, "runAsNonRoot"],
        value: false,
        violations: (p) => [
            `${p}.containers[0] ("app") does not set runAsNonRoot: true (in its securityContext or the pod's); set it so the kubelet refuses to run it as root`,
        ],
    },
    {
        policy: k8sRunAsNonRoot,
        name: "passes a container that inherits the pod's runAsNonRoot",
        path: [...SC, "runAsNonRoot"],
        value: undefined,
        violations: () => [],
    },
    {
        policy: k8sNoHostNamespaces,
        name: "flags hostNetwork",
        path: ["hostNetwork"],
        value: true,
        violations: (p) => [`${p}.hostNetwork is true; remove it, the pod would share the node's network stack`],
    },
    {
        policy: k8sNoHostNamespaces,
        name: "flags hostPID",
        path: ["hostPID"],
        value: true,
        violations: (p) => [`${p}.hostPID is true; remove it, the pod would share the node's process table`],
    },
    {
        policy: k8sNoHostNamespaces,
        name: "flags hostIPC",
        path: ["hostIPC"],
        value: true,
        violations: (p) => [`${p}.hostIPC is true; remove it, the pod would share the node's IPC namespace`],
    },
    {
        policy: k8sNoHostPath,
        name: "flags a hostPath volume",
        path: ["volumes", 0],
        value: { name: "data", hostPath: { path: "/var/lib/data" } },
        violations: (p) => [
            `${p}.volumes[0] ("data") mounts hostPath "/var/lib/data"; use a PersistentVolumeClaim, emptyDir or ConfigMap instead`,
        ],
    },
    {
        policy: k8sDropAllCapabilities,
        name: "flags a container that drops only some capabilities",
        path: [...SC, "capabilities", "drop"],
        value: ["NET_RAW"],
        violations: (p) => [
            `${p}.containers[0] ("app") does not drop all capabilities; set securityContext.capabilities.drop: ["ALL"]`,
        ],
    },
    {
        policy: k8sDropAllCapabilities,
        name: "flags an added capability outside the allow-list",
        path: [...SC, "capabilities", "add"],
        value: ["SYS_ADMIN"],
        violations: (p) => [
            `${p}.containers[0] ("app") adds capability "SYS_ADMIN", which is not in allowedCapabilities ["NET_BIND_SERVICE"]; remove it`,
        ],
    },
    {
        policy: k8sDropAllCapabilities,
        name: "passes an allowed capability written with CAP_",
        path: [...SC, "capabilities", "add"],
        value: ["CAP_NET_BIND_SERVICE"],
        violations: () => [],
    },
    {
        policy: k8sNoLatestImage,
        name: "flags :latest",
        path: [...APP, "image"],
        value: "registry.internal:5000/platform/app:latest",
        violations: (p) => [
            `${p}.containers[0] ("app") image "registry.internal:5000/platform/app:latest" uses the :latest tag; pin a version tag or a digest`,
        ],
    },
    {
        policy: k8sNoLatestImage,
        name: "flags an untagged image",
        path: [...APP, "image"],
        value: "registry.internal:5000/platform/app",
        violations: (p) => [
            `${p}.containers[0] ("app") image "registry.internal:5000/platform/app" has no tag, which means :latest; pin a version tag or a digest`,
        ],
    },
    {
        policy: k8sNoLatestImage,
        name: "passes an image pinned by digest",
        path: [...APP, "image"],
        value: `registry.internal:5000/platform/app@sha256:${"a".repeat(64)}`,
        violations: () => [],
    },
    {
        policy: k8sApprovedRegistries,
        name: "flags a Docker Hub image",
        path: [...APP, "image"],
        value: "nginx:1.27",
        violations: (p) => [
            `${p}.containers[0] ("app") image "nginx:1.27" comes from "docker.io", which is not in approvedRegistries ["registry.internal:5000"]; pull it through an approved registry`,
        ],
    },
    {
        policy: k8sApprovedRegistries,
        name: "flags an image outside an approved path prefix",
        path: [...APP, "image"],
        value: "registry.internal:5000/other/app:1.0",
        config: { approvedRegistries: ["registry.internal:5000/platform"] },
        violations: (p) => [
            `${p}.containers[0] ("app") image "registry.internal:5000/other/app:1.0" comes from "registry.internal:5000", which is not in approvedRegistries ["registry.internal:5000/platform"]; pull it through an approved registry`,
        ],
    },
    {
        policy: k8sResourceRequestsLimits,
        name: "flags a container without limits",
        path: [...APP, "resources", "limits"],
        value: undefined,
        violations: (p) => [
            `${p}.containers[0] ("app") has no resources limits.cpu and limits.memory; set cpu and memory requests and limits`,
        ],
    },
    {
        policy: k8sResourceRequestsLimits,
        name: "flags an init container without requests",
        path: ["initContainers", 0, "resources", "requests"],
        value: undefined,
        violations: (p) => [
            `${p}.initContainers[0] ("init") has no resources requests.cpu and requests.memory; set cpu and memory requests and limits`,
        ],
    },
    {
        policy: k8sResourceRequestsLimits,
        name: "passes a missing CPU limit when requireCpuLimit is false",
        path: [...APP, "resources", "limits", "cpu"],
        value: undefined,
        config: { requireCpuLimit: false },
        violations: () => [],
    },
];

function podField(kind: WorkloadKind, path: Array<string | number>): Array<string | number> {
    return [...WORKLOADS[kind].path, ...path];
}

const KINDS = Object.keys(WORKLOADS) as WorkloadKind[];

/** Every workload policy: the valid fixture of every kind passes, and each row fails (or passes) for every kind. */
export const workloadCases: ResourceCase[] = KINDS.flatMap((kind) => {
    const type = WORKLOADS[kind].type;
    const valid = WORKLOAD_POLICIES.map((policy): ResourceCase => ({
        policy,
        name: `passes a valid ${kind}`,
        type,
        props: workload(kind),
        config: BASE_CONFIG.get(policy),
        violations: [],
    }));
    const rows = ROWS.map((row): ResourceCase => ({
        policy: row.policy,
        name: `${kind}: ${row.name}`,
        type,
        props: changed(workload(kind), podField(kind, row.path), row.value),
        config: row.config ?? BASE_CONFIG.get(row.policy),
        violations: row.violations(POD_PATH[kind]),
    }));
    return [...valid, ...rows];
});

/** Rows that do not depend on the kind. */
export const workloadEdgeCases: ResourceCase[] = [
    {
        policy: k8sNoPrivilegedContainers,
        name: "does not apply in an exempt namespace",
        type: WORKLOADS.DaemonSet.type,
        props: changed(
            changed(workload("DaemonSet"), podField("DaemonSet", [...SC, "privileged"]), true),
            ["metadata", "namespace"],
            "kube-system",
        ),
        violations: [],
        notApplicable: 'namespace "kube-system" is exempt',
    },
    {
        policy: k8sNoHostNamespaces,
        name: "checks kube-system when exemptNamespaces is empty",
        type: WORKLOADS.DaemonSet.type,
        props: changed(
            changed(workload("DaemonSet"), podField("DaemonSet", ["hostNetwork"]), true),
            ["metadata", "namespace"],
            "kube-system",
        ),
        config: { exemptNamespaces: [] },
        violations: ["spec.template.spec.hostNetwork is true; remove it, the pod would share the node's network stack"],
    },
    {
        policy: k8sNoPrivilegedContainers,
        name: "checks ephemeral containers",
        type: WORKLOADS.Pod.type,
        props: changed(workload("Pod"), ["spec", "ephemeralContainers"], [{ name: "debug", image: "x:1" }]),
        violations: [
            'spec.ephemeralContainers[0] ("debug") does not set securityContext.allowPrivilegeEscalation: false; set it so the process cannot gain privileges',
        ],
    },
    {
        policy: k8sNoLatestImage,
        name: "checks older API versions of a kind",
        type: "kubernetes:batch/v1beta1:CronJob",
        props: changed(workload("CronJob"), podField("CronJob", [...APP, "image"]), "busybox"),
        violations: [
            'spec.jobTemplate.spec.template.spec.containers[0] ("app") image "busybox" has no tag, which means :latest; pin a version tag or a digest',
        ],
    },
    {
        policy: k8sNoLatestImage,
        name: "ignores patch resources",
        type: "kubernetes:apps/v1:DeploymentPatch",
        props: changed(workload("Deployment"), podField("Deployment", [...APP, "image"]), "busybox"),
        violations: [],
    },
];
