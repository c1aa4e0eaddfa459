import * as drover from "drover";

/** Where and how the site renders its cluster. */
export interface SiteOptions {
    /** The environment: the stack name, a DNS label such as `edge`. */
    environment: string;
    /** The directory the cluster's manifests are written to. */
    renderDirectory: string;
}

/**
 * The edge site's cluster: three servers and one pool of two workers on a VLAN of their own, registered in Rancher.
 * Typed by drover's published declarations, so a misspelt or wrongly typed field fails `tsc`, and a bad value fails
 * with drover's DroverInputError before anything is registered.
 */
export function edgeCluster(o: SiteOptions): drover.FleetClusterArgs {
    return {
        environment: o.environment,
        namespace: "fleet-edge",
        renderDirectory: o.renderDirectory,
        image: {
            imageName: "ubuntu-2404",
            displayName: "ubuntu-24.04",
            url: "https://files.example.internal/images/noble-server-cloudimg-amd64.img",
            checksum:
                "07aa08fe5c44737916d6e16bb5b516e8653f038962d3bf60f5aed451e8a27c375601f6ebfd27f3bfcade7bbe1aa1d36d43ce1f6f326671b0e790d79e1e42a7dc",
        },
        network: { networkName: "edge-vlan120", clusterNetwork: "edge", vlanId: 120 },
        rke2: {
            version: "v1.33.5+rke2r1",
            registrationAddress: "10.120.0.10",
            controlPlane: { count: 3, cpu: 4, memory: "8Gi", diskSize: "60Gi" },
            workerPools: [{ name: "general", count: 2, cpu: 4, memory: "16Gi", diskSize: "100Gi" }],
        },
        rancher: {
            caChecksum: "71aa4b454df2c1691f116ed6e644a55cc53144e20e2c525a7ba336f768208358",
            labels: { site: "edge" },
        },
    };
}
