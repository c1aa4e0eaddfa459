import { ENVIRONMENT_SCHEMA, hardenedEnvironment } from "../../lib/config";
import { RKE2_TYPES } from "../../lib/kinds";
import { requireServers, Rke2Settings, settingsOf } from "../../lib/settings";
import { DroverResourcePolicy } from "../../lib/types";

/** Production etcd snapshots are uploaded to S3, off the cluster. */
export const rke2EtcdSnapshotOffsite: DroverResourcePolicy = {
    name: "rke2-etcd-snapshot-offsite",
    displayName: "etcd snapshots leave the cluster in production",
    description:
        "In staging and prod, RKE2 servers upload etcd snapshots to an S3 target (endpoint and bucket set), so " +
        "losing the server VMs does not lose the snapshots.",
    severity: "high",
    tags: ["rke2", "etcd", "backup"],
    url: "https://docs.rke2.io/datastore/backup_restore",
    remediationSteps: "Give the Rke2Cluster an etcd snapshot S3 target: endpoint, bucket and credentials as secrets.",
    configSchema: ENVIRONMENT_SCHEMA,
    validateResource: (args, reportViolation) => {
        const s = settingsOf<Rke2Settings>(args, RKE2_TYPES);
        if (!s) {
            return;
        }
        requireServers(args, s);
        hardenedEnvironment(args);
        const s3 = s.etcdSnapshot?.s3;
        if (s3 === undefined) {
            reportViolation(
                "settings.etcdSnapshot.s3 is not set; snapshots stay on the server disks and are lost with them, configure an S3 target",
            );
            return;
        }
        for (const field of ["endpoint", "bucket"] as const) {
            if (!s3[field]) {
                reportViolation(`settings.etcdSnapshot.s3.${field} is empty; set the S3 ${field} for snapshot uploads`);
            }
        }
    },
};
