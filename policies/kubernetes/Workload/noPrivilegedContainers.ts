import { containersOf } from "../../lib/podSpec";
import { DroverResourcePolicy } from "../../lib/types";
import { validateWorkload, workloadSchema } from "../../lib/workload";

/** No container runs privileged or can gain privileges. */
export const k8sNoPrivilegedContainers: DroverResourcePolicy = {
    name: "k8s-no-privileged-containers",
    displayName: "No privileged containers or privilege escalation",
    description:
        "Every container of a workload sets neither securityContext.privileged: true nor leaves privilege " +
        "escalation on: allowPrivilegeEscalation is explicitly false (Pod Security Standards, restricted).",
    severity: "critical",
    tags: ["kubernetes", "pod-security"],
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
    remediationSteps:
        "Remove privileged: true and set securityContext.allowPrivilegeEscalation: false on every container.",
    configSchema: workloadSchema(),
    validateResource: validateWorkload(({ pod, report, tracker }) => {
        for (const { container, label } of containersOf(pod)) {
            tracker.run(() => {
                const sc = container.securityContext ?? {};
                if (sc.privileged === true) {
                    report(
                        `${label} sets securityContext.privileged: true; remove it, a privileged container controls the node`,
                    );
                } else if (sc.allowPrivilegeEscalation !== false) {
                    report(
                        `${label} does not set securityContext.allowPrivilegeEscalation: false; set it so the process cannot gain privileges`,
                    );
                }
            });
        }
    }),
};
