import * as path from "path";
import type { FleetClusterArgs } from "../components/fleet";

/** Where the benchmark fleet "renders" to; under mocks the providers never write, so nothing appears there. */
export const RENDER_ROOT = "/tmp/drover-bench-render";

const ROOT = path.join(__dirname, "..");
const SHA512 = "ab".repeat(64);
const CA_SHA256 = "cd".repeat(32);
const KNOWN_HOSTS =
    "git.example.internal ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEeFDdZa/yw+sBT+MgV2qDqPybuxFWnVNtVetqe9vS3mNwre+Kw/PMcQ07Jd0c5T/tnEEcBCYQ6HQQWMV+pfXqo=";

/** The name of the i-th cluster of the benchmark fleet: `bench-000`, `bench-001`, ... */
export function clusterName(i: number): string {
    return `bench-${String(i).padStart(3, "0")}`;
}

/**
 * The i-th cluster of the benchmark fleet, in render mode: 3 servers and 2 worker pools of 3 workers each, a created
 * image and VLAN network, Rancher registration on and Flux on (mode `operator`, as the local stack renders it).
 */
export function fleetClusterArgs(i: number): FleetClusterArgs {
    const name = clusterName(i);
    return {
        environment: "prod",
        namespace: "fleet-prod",
        renderDirectory: path.join(RENDER_ROOT, name),
        image: {
            imageName: `ubuntu-2404-${name}`,
            displayName: "ubuntu-24.04",
            url: "https://files.example.internal/noble.img",
            checksum: SHA512,
        },
        network: { networkName: `vlan-${name}`, clusterNetwork: "prod", vlanId: 100 + (i % 3000) },
        rke2: {
            version: "v1.33.5+rke2r1",
            registrationAddress: `10.${130 + Math.floor(i / 250)}.${i % 250}.10`,
            controlPlane: { count: 3, cpu: 4, memory: "16Gi", diskSize: "80Gi" },
            workerPools: [
                { name: "general", count: 3, cpu: 8, memory: "32Gi", diskSize: "120Gi" },
                { name: "batch", count: 3, cpu: 16, memory: "64Gi", diskSize: "200Gi" },
            ],
        },
        rancher: { caChecksum: CA_SHA256, labels: { tier: "prod" } },
        flux: {
            gitUrl: "ssh://git@git.example.internal/platform/fleet.git",
            knownHosts: KNOWN_HOSTS,
            version: "v2.7.0",
            mode: "operator",
            operatorManifest: path.join(ROOT, "stacks/local/flux-operator-standin.yaml"),
            registry: "registry.internal:5000/fluxcd",
        },
    };
}
