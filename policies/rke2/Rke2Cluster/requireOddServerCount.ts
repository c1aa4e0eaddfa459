import { readConfig } from "../../lib/config";
import { RKE2_TYPES, TYPES } from "../../lib/kinds";
import { requireServers, Rke2Settings, settingsOf } from "../../lib/settings";
import { DroverResourcePolicy } from "../../lib/types";

/** etcd needs an odd number of servers for quorum, and not too many. Checks Rke2Cluster and server Rke2NodePools. */
export const rke2ServerCountOdd: DroverResourcePolicy = {
    name: "rke2-server-count-odd",
    displayName: "Odd number of RKE2 servers",
    description:
        "An Rke2Cluster's serverCount (or a server Rke2NodePool's count) is odd and at most maxServers: etcd " +
        "keeps quorum with (n/2)+1 members, so an even count adds a failure point without adding tolerance.",
    severity: "high",
    tags: ["rke2", "etcd", "availability"],
    url: "https://docs.rke2.io/install/ha",
    remediationSteps: "Run 1, 3 or 5 servers (3 recommended).",
    configSchema: {
        properties: {
            maxServers: {
                type: "integer",
                minimum: 1,
                default: 7,
                description: "The most servers (etcd members) allowed.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const s = settingsOf<Rke2Settings>(args, RKE2_TYPES);
        if (!s) {
            return;
        }
        requireServers(args, s);
        const { maxServers } = readConfig(args, { maxServers: 7 });
        const field = args.type === TYPES.rke2Cluster ? "serverCount" : "count";
        const count = args.type === TYPES.rke2Cluster ? s.serverCount : s.count;
        if (typeof count !== "number") {
            return;
        }
        if (count % 2 === 0) {
            reportViolation(
                `settings.${field} ${count} is even; etcd keeps quorum with (n/2)+1 members, so use an odd number of servers (3 or 5)`,
            );
        }
        if (count > maxServers) {
            reportViolation(
                `settings.${field} ${count} is more than maxServers ${maxServers}; every etcd member slows writes, use 3 or 5 servers`,
            );
        }
    },
};
