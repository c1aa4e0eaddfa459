import { readConfig, stringList } from "../../lib/config";
import { fromApprovedRegistry, parseImage } from "../../lib/images";
import { containersOf } from "../../lib/podSpec";
import { DroverResourcePolicy } from "../../lib/types";
import { validateWorkload, workloadSchema } from "../../lib/workload";

/** Images come only from approved registries. */
export const k8sApprovedRegistries: DroverResourcePolicy = {
    name: "k8s-approved-registries",
    displayName: "Images from approved registries",
    description:
        "Every container image comes from one of approvedRegistries (a host[:port], optionally with a path prefix); " +
        "an image without a registry host is from docker.io.",
    severity: "high",
    tags: ["kubernetes", "supply-chain", "air-gap"],
    url: "https://kubernetes.io/docs/concepts/containers/images/",
    remediationSteps: "Mirror the image into an approved registry (e.g. with Hauler) and reference it there.",
    configSchema: workloadSchema({
        approvedRegistries: stringList(
            'Registries images may come from: "host[:port]" or "host[:port]/path-prefix".',
            [],
        ),
    }),
    validateResource: validateWorkload(({ pod, args, report, tracker }) => {
        const { approvedRegistries } = readConfig(args, { approvedRegistries: [] as string[] });
        for (const { container, label } of containersOf(pod)) {
            tracker.run(() => {
                const image = container.image;
                if (typeof image !== "string") {
                    return;
                }
                const ref = parseImage(image);
                if (!fromApprovedRegistry(ref, approvedRegistries)) {
                    report(
                        `${label} image ${JSON.stringify(image)} comes from ${JSON.stringify(ref.registry)}, which is not in approvedRegistries ${JSON.stringify(approvedRegistries)}; pull it through an approved registry`,
                    );
                }
            });
        }
    }),
};
