import { RKE2_TYPES } from "../../lib/kinds";
import { Rke2Settings, settingsOf } from "../../lib/settings";
import { DroverResourcePolicy } from "../../lib/types";

const RELEASE = /^v\d+\.\d+\.\d+\+rke2r\d+$/;
const CHANNEL = /^(stable|latest|testing|v?\d+\.\d+)$/;

/** RKE2 is installed at a pinned release, never from a channel that moves. */
export const rke2PinnedVersion: DroverResourcePolicy = {
    name: "rke2-pinned-version",
    displayName: "Pinned RKE2 version",
    description:
        'RKE2 clusters and pools name a full release such as "v1.33.5+rke2r1", not a channel ("stable", ' +
        '"latest", "v1.33"), so every node runs the same version and upgrades are deliberate.',
    severity: "medium",
    tags: ["rke2", "upgrades", "reproducibility"],
    url: "https://docs.rke2.io/upgrades/manual_upgrade",
    remediationSteps: 'Set version to a full RKE2 release, e.g. "v1.33.5+rke2r1".',
    validateResource: (args, reportViolation) => {
        const s = settingsOf<Rke2Settings>(args, RKE2_TYPES);
        if (!s) {
            return;
        }
        const version = s.version;
        if (typeof version === "string" && RELEASE.test(version)) {
            return;
        }
        const kind =
            typeof version === "string" && CHANNEL.test(version) ? "a release channel" : "not a full RKE2 release";
        reportViolation(
            `settings.version ${JSON.stringify(version)} is ${kind}; pin a release such as "v1.33.5+rke2r1"`,
        );
    },
};
