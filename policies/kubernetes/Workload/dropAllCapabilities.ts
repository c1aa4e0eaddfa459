import { readConfig, stringList } from "../../lib/config";
import { containersOf } from "../../lib/podSpec";
import { DroverResourcePolicy } from "../../lib/types";
import { validateWorkload, workloadSchema } from "../../lib/workload";

/** Capability names as the kernel lists them, without the `CAP_` prefix. */
function normalize(cap: string): string {
    return cap.toUpperCase().replace(/^CAP_/, "");
}

/** Containers drop every Linux capability and add back only allowed ones. */
export const k8sDropAllCapabilities: DroverResourcePolicy = {
    name: "k8s-drop-all-capabilities",
    displayName: "Capabilities dropped",
    description:
        'Every container drops ALL capabilities (securityContext.capabilities.drop: ["ALL"]) and adds none beyond ' +
        "allowedCapabilities (Pod Security Standards, restricted, allows only NET_BIND_SERVICE).",
    severity: "high",
    tags: ["kubernetes", "pod-security"],
    url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/",
    remediationSteps: 'Set capabilities.drop: ["ALL"] and add back only what the process needs, if allowed.',
    configSchema: workloadSchema({
        allowedCapabilities: stringList("Capabilities a container may add.", ["NET_BIND_SERVICE"]),
    }),
    validateResource: validateWorkload(({ pod, args, report, tracker }) => {
        const allowed = readConfig(args, { allowedCapabilities: ["NET_BIND_SERVICE"] }).allowedCapabilities.map(
            normalize,
        );
        for (const { container, label } of containersOf(pod)) {
            tracker.run(() => {
                const caps = container.securityContext?.capabilities ?? {};
                if (!(caps.drop ?? []).map(normalize).includes("ALL")) {
                    report(`${label} does not drop all capabilities; set securityContext.capabilities.drop: ["ALL"]`);
                }
                for (const cap of caps.add ?? []) {
                    if (!allowed.includes(normalize(cap))) {
                        report(
                            `${label} adds capability ${JSON.stringify(cap)}, which is not in allowedCapabilities ${JSON.stringify(allowed)}; remove it`,
                        );
                    }
                }
            });
        }
    }),
};
