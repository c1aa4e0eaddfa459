import { DroverResourcePolicy } from "../../lib/types";
import { validateWorkload, workloadSchema } from "../../lib/workload";

const SHARED: Array<["hostNetwork" | "hostPID" | "hostIPC", string]> = [
    ["hostNetwork", "network stack"],
    ["hostPID", "process table"],
    ["hostIPC", "IPC namespace"],
];

/** Pods do not share the node's network, PID or IPC namespace. */
export const k8sNoHostNamespaces: DroverResourcePolicy = {
    name: "k8s-no-host-namespaces",
    displayName: "No host network, PID or IPC",
    description:
        "A workload's pod spec sets none of hostNetwork, hostPID or hostIPC (Pod Security Standards, baseline).",
    severity: "high",
    tags: ["kubernetes", "pod-security"],
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
    remediationSteps: "Remove hostNetwork, hostPID and hostIPC; expose ports through a Service instead.",
    configSchema: workloadSchema(),
    validateResource: validateWorkload(({ pod, report, tracker }) => {
        for (const [field, what] of SHARED) {
            tracker.run(() => {
                if (pod.spec[field] === true) {
                    report(`${pod.path}.${field} is true; remove it, the pod would share the node's ${what}`);
                }
            });
        }
    }),
};
