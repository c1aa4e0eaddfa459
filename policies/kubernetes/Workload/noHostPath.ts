import { DroverResourcePolicy } from "../../lib/types";
import { readOr } from "../../lib/unknown";
import { validateWorkload, workloadSchema } from "../../lib/workload";

/** Pods mount no hostPath volumes. */
export const k8sNoHostPath: DroverResourcePolicy = {
    name: "k8s-no-host-path",
    displayName: "No hostPath volumes",
    description:
        "A workload mounts no hostPath volume, which exposes the node's file system (Pod Security Standards, baseline).",
    severity: "high",
    tags: ["kubernetes", "pod-security"],
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
    remediationSteps: "Use a PersistentVolumeClaim, emptyDir, ConfigMap or Secret volume instead of hostPath.",
    configSchema: workloadSchema(),
    validateResource: validateWorkload(({ pod, report, tracker }) => {
        const volumes = pod.spec.volumes ?? [];
        for (let i = 0; i < volumes.length; i++) {
            tracker.run(() => {
                const volume = volumes[i];
                if (volume.hostPath === undefined) {
                    return;
                }
                const name = readOr(() => volume.name, undefined);
                const where = `${pod.path}.volumes[${i}]${name === undefined ? "" : ` (${JSON.stringify(name)})`}`;
                const path = readOr(() => volume.hostPath?.path, undefined);
                report(
                    `${where} mounts hostPath ${JSON.stringify(path ?? "")}; use a PersistentVolumeClaim, emptyDir or ConfigMap instead`,
                );
            });
        }
    }),
};
