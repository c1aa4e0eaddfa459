import { readConfig } from "../../lib/config";
import { RKE2_TYPES } from "../../lib/kinds";
import { requireServers, Rke2Settings, settingsOf } from "../../lib/settings";
import { DroverResourcePolicy } from "../../lib/types";

/** RKE2's default `etcd-snapshot-retention` (docs/reference/server_config.md). */
const RKE2_DEFAULT_RETENTION = 5;

/** etcd snapshot retention stays within limits: enough to roll back, not so many that they fill the disks. */
export const rke2EtcdSnapshotRetention: DroverResourcePolicy = {
    name: "rke2-etcd-snapshot-retention",
    displayName: "etcd snapshot retention within limits",
    description:
        "RKE2 servers keep between minRetention and maxRetention etcd snapshots (RKE2's default is 5 when unset).",
    severity: "medium",
    tags: ["rke2", "etcd", "backup"],
    url: "https://docs.rke2.io/datastore/backup_restore",
    remediationSteps: "Set the Rke2Cluster's etcd snapshot retention between minRetention and maxRetention.",
    configSchema: {
        properties: {
            minRetention: { type: "integer", minimum: 1, default: 3, description: "Fewest snapshots to keep." },
            maxRetention: { type: "integer", minimum: 1, default: 50, description: "Most snapshots to keep." },
        },
    },
    validateResource: (args, reportViolation) => {
        const s = settingsOf<Rke2Settings>(args, RKE2_TYPES);
        if (!s) {
            return;
        }
        requireServers(args, s);
        const { minRetention, maxRetention } = readConfig(args, { minRetention: 3, maxRetention: 50 });
        const given = s.etcdSnapshot?.retention;
        const retention = given ?? RKE2_DEFAULT_RETENTION;
        const what =
            given === undefined
                ? `settings.etcdSnapshot.retention is not set (RKE2 keeps ${RKE2_DEFAULT_RETENTION}), which`
                : `settings.etcdSnapshot.retention ${given}`;
        if (retention < minRetention) {
            reportViolation(`${what} is below minRetention ${minRetention}; keep at least ${minRetention} snapshots`);
        } else if (retention > maxRetention) {
            reportViolation(
                `${what} is above maxRetention ${maxRetention}; snapshots fill the servers' disks, keep at most ${maxRetention}`,
            );
        }
    },
};
