import { RKE2_TYPES } from "../../lib/kinds";
import { requireServers, Rke2Settings, settingsOf } from "../../lib/settings";
import { DroverResourcePolicy } from "../../lib/types";
import { parseFileMode } from "../../lib/values";

/** The admin kubeconfig RKE2 writes on servers is readable by its owner only. */
export const rke2KubeconfigMode: DroverResourcePolicy = {
    name: "rke2-kubeconfig-mode",
    displayName: "Admin kubeconfig mode 0600",
    description:
        "RKE2's write-kubeconfig-mode gives no group or other access to /etc/rancher/rke2/rke2.yaml, which holds " +
        "cluster-admin credentials. Unset means RKE2's default, 0600.",
    severity: "high",
    tags: ["rke2", "cis", "credentials"],
    url: "https://docs.rke2.io/security/hardening_guide",
    remediationSteps: 'Set the Rke2Cluster\'s writeKubeconfigMode to "0600" (or leave it unset).',
    validateResource: (args, reportViolation) => {
        const s = settingsOf<Rke2Settings>(args, RKE2_TYPES);
        if (!s) {
            return;
        }
        requireServers(args, s);
        const given = s.writeKubeconfigMode;
        if (given === undefined || given === "") {
            return;
        }
        const mode = parseFileMode(given);
        if (Number.isNaN(mode)) {
            reportViolation(
                `settings.writeKubeconfigMode ${JSON.stringify(given)} is not an octal file mode; use "0600"`,
            );
        } else if ((mode & 0o077) !== 0) {
            reportViolation(
                `settings.writeKubeconfigMode ${JSON.stringify(given)} lets group or others read the admin kubeconfig; use "0600"`,
            );
        }
    },
};
