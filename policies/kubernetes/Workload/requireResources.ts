import { readConfig } from "../../lib/config";
import { listOf } from "../../lib/format";
import { containersOf } from "../../lib/podSpec";
import { DroverResourcePolicy } from "../../lib/types";
import { validateWorkload, workloadSchema } from "../../lib/workload";

/** Containers declare CPU and memory requests and limits. */
export const k8sResourceRequestsLimits: DroverResourcePolicy = {
    name: "k8s-resource-requests-limits",
    displayName: "CPU and memory requests and limits",
    description:
        "Every container and init container sets requests.cpu, requests.memory, limits.memory and (unless " +
        "requireCpuLimit is false) limits.cpu, so the scheduler can place it and one pod cannot starve a node.",
    severity: "medium",
    tags: ["kubernetes", "capacity"],
    url: "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
    remediationSteps: "Set resources.requests and resources.limits for cpu and memory on every container.",
    configSchema: workloadSchema({
        requireCpuLimit: { type: "boolean", default: true, description: "Also require limits.cpu." },
    }),
    validateResource: validateWorkload(({ pod, args, report, tracker }) => {
        const { requireCpuLimit } = readConfig(args, { requireCpuLimit: true });
        const wanted: Array<["requests" | "limits", string]> = [
            ["requests", "cpu"],
            ["requests", "memory"],
            ...(requireCpuLimit ? [["limits", "cpu"] as ["limits", string]] : []),
            ["limits", "memory"],
        ];
        // Ephemeral containers cannot have resources (the API rejects them), so they are not checked.
        for (const { container, label } of containersOf(pod, ["initContainers", "containers"])) {
            tracker.run(() => {
                const resources = container.resources ?? {};
                const missing = wanted
                    .filter(([kind, name]) => resources[kind]?.[name] === undefined)
                    .map(([kind, name]) => `${kind}.${name}`);
                if (missing.length > 0) {
                    report(`${label} has no resources ${listOf(missing)}; set cpu and memory requests and limits`);
                }
            });
        }
    }),
};
