import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as drover from "drover";
import * as path from "path";
import { edgeCluster } from "./site";

const config = new pulumi.Config();
const environment = pulumi.getStack();
const out = config.get("renderDirectory") ?? "out";

// drover's part: the image, the VLAN, the RKE2 servers and workers and the Rancher registration, rendered under
// out/edge-a/{harvester,rancher}/ by providers the FleetCluster creates itself.
const cluster = new drover.FleetCluster(
    "edge-a",
    edgeCluster({ environment, renderDirectory: path.join(out, "edge-a") }),
);

// The site's own object for the new cluster, rendered next to drover's through a provider of its own.
const site = new k8s.Provider("site", { renderYamlToDirectory: path.join(out, "site") });
new k8s.core.v1.Namespace(
    "team-a",
    { metadata: { name: "team-a", labels: { [drover.ENVIRONMENT_LABEL]: environment } } },
    { provider: site },
);

export const clusterName = cluster.clusterName;
export const apiServerUrl = cluster.apiServerUrl;
export const nodes = cluster.nodes;
/** The values of the Secrets rendered without them (cloud-init with the join token). Secret. */
export const renderedSecrets = cluster.renderedSecrets;
