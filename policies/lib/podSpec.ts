import { readOr } from "./unknown";

/**
 * Where the pod spec lives in each workload kind. Older API versions (`apps/v1beta2`, `batch/v1beta1`, ...) are
 * matched too; `...Patch` and `...List` types are not workloads and do not match.
 */
const WORKLOAD =
    /^kubernetes:(core|apps|batch|extensions)\/v1((alpha|beta)\d+)?:(Pod|Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob)$/;

/** A Kubernetes security context, as far as the policies read it. */
export interface SecurityContext {
    privileged?: boolean;
    allowPrivilegeEscalation?: boolean;
    runAsNonRoot?: boolean;
    runAsUser?: number;
    capabilities?: { add?: string[]; drop?: string[] };
}

/** A container, as far as the policies read it. */
export interface Container {
    name?: string;
    image?: string;
    securityContext?: SecurityContext;
    resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}

/** A pod spec, as far as the policies read it. */
export interface PodSpec {
    hostNetwork?: boolean;
    hostPID?: boolean;
    hostIPC?: boolean;
    securityContext?: SecurityContext;
    volumes?: Array<{ name?: string; hostPath?: { path?: string } }>;
    containers?: Container[];
    initContainers?: Container[];
    ephemeralContainers?: Container[];
}

/** A pod spec and the path to it in its object, e.g. `spec.template.spec`. */
export interface PodSpecAt {
    path: string;
    spec: PodSpec;
}

/** A container and where it is, for messages: `spec.template.spec.containers[0] ("web")`. */
export interface ContainerAt {
    container: Container;
    label: string;
}

/** The workload kind (`Deployment`, ...) of a type token, or undefined when the type is not a workload. */
export function workloadKind(type: string): string | undefined {
    return WORKLOAD.exec(type)?.[4];
}

/** The pod spec of a workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob), or undefined. */
export function podSpecOf(type: string, props: Record<string, unknown>): PodSpecAt | undefined {
    const kind = workloadKind(type);
    if (kind === undefined) {
        return undefined;
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const p = props as any;
    if (kind === "Pod") {
        return p.spec ? { path: "spec", spec: p.spec } : undefined;
    }
    if (kind === "CronJob") {
        const spec = p.spec?.jobTemplate?.spec?.template?.spec;
        return spec ? { path: "spec.jobTemplate.spec.template.spec", spec } : undefined;
    }
    const spec = p.spec?.template?.spec;
    return spec ? { path: "spec.template.spec", spec } : undefined;
}

/** The container lists of a pod spec: every list by default, in the order the kubelet starts them. */
export type ContainerList = "initContainers" | "containers" | "ephemeralContainers";
const ALL_LISTS: readonly ContainerList[] = ["initContainers", "containers", "ephemeralContainers"];

/** Every container of a pod spec with a label for messages. An unknown name is left out of the label. */
export function containersOf(pod: PodSpecAt, lists: readonly ContainerList[] = ALL_LISTS): ContainerAt[] {
    const out: ContainerAt[] = [];
    for (const list of lists) {
        const items = pod.spec[list];
        if (!Array.isArray(items)) {
            continue;
        }
        items.forEach((container, i) => {
            const name = readOr(() => container.name, undefined);
            const where = `${pod.path}.${list}[${i}]`;
            out.push({ container, label: typeof name === "string" ? `${where} (${JSON.stringify(name)})` : where });
        });
    }
    return out;
}

/** The namespace a namespaced object was registered with; undefined when not set or unknown during preview. */
export function namespaceOf(props: Record<string, unknown>): string | undefined {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const ns = readOr(() => (props as any).metadata?.namespace, undefined);
    return typeof ns === "string" ? ns : undefined;
}
