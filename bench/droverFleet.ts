import { FleetCluster } from "../components/fleet";
import { clusterName, fleetClusterArgs } from "./fleetArgs";

/** Builds the benchmark fleet from drover's FleetCluster: one per cluster. */
export function buildDroverFleet(clusters: number): void {
    for (let i = 0; i < clusters; i++) {
        new FleetCluster(clusterName(i), fleetClusterArgs(i));
    }
}
