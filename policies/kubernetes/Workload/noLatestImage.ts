import { parseImage } from "../../lib/images";
import { containersOf } from "../../lib/podSpec";
import { DroverResourcePolicy } from "../../lib/types";
import { validateWorkload, workloadSchema } from "../../lib/workload";

/** Images are pinned to a version tag or digest. */
export const k8sNoLatestImage: DroverResourcePolicy = {
    name: "k8s-no-latest-image",
    displayName: "No :latest or untagged images",
    description:
        "Every container image names a version tag other than latest, or a digest, so a rollout is reproducible " +
        "and an air-gapped mirror can hold exactly that image.",
    severity: "medium",
    tags: ["kubernetes", "supply-chain", "reproducibility"],
    url: "https://kubernetes.io/docs/concepts/containers/images/#image-names",
    remediationSteps: 'Pin a version tag ("app:1.4.2") or a digest ("app@sha256:...").',
    configSchema: workloadSchema(),
    validateResource: validateWorkload(({ pod, report, tracker }) => {
        for (const { container, label } of containersOf(pod)) {
            tracker.run(() => {
                const image = container.image;
                if (typeof image !== "string") {
                    return;
                }
                const ref = parseImage(image);
                if (ref.digest) {
                    return;
                }
                if (ref.tag === undefined) {
                    report(
                        `${label} image ${JSON.stringify(image)} has no tag, which means :latest; pin a version tag or a digest`,
                    );
                } else if (ref.tag === "latest") {
                    report(
                        `${label} image ${JSON.stringify(image)} uses the :latest tag; pin a version tag or a digest`,
                    );
                }
            });
        }
    }),
};
