import { containersOf } from "../../lib/podSpec";
import { DroverResourcePolicy } from "../../lib/types";
import { validateWorkload, workloadSchema } from "../../lib/workload";

/** Containers run as a non-root user, enforced by the kubelet. */
export const k8sRunAsNonRoot: DroverResourcePolicy = {
    name: "k8s-run-as-non-root",
    displayName: "Containers run as non-root",
    description:
        "Every container has runAsNonRoot: true, in its own securityContext or the pod's, and no runAsUser 0 " +
        "(Pod Security Standards, restricted).",
    severity: "high",
    tags: ["kubernetes", "pod-security"],
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
    remediationSteps: "Set securityContext.runAsNonRoot: true (pod or container) and a non-zero runAsUser.",
    configSchema: workloadSchema(),
    validateResource: validateWorkload(({ pod, report, tracker }) => {
        for (const { container, label } of containersOf(pod)) {
            tracker.run(() => {
                const own = container.securityContext ?? {};
                const podLevel = pod.spec.securityContext ?? {};
                const runAsUser = own.runAsUser ?? podLevel.runAsUser;
                const runAsNonRoot = own.runAsNonRoot ?? podLevel.runAsNonRoot;
                if (runAsUser === 0) {
                    report(`${label} runs as UID 0 (securityContext.runAsUser); use a non-zero UID`);
                } else if (runAsNonRoot !== true) {
                    report(
                        `${label} does not set runAsNonRoot: true (in its securityContext or the pod's); set it so the kubelet refuses to run it as root`,
                    );
                }
            });
        }
    }),
};
