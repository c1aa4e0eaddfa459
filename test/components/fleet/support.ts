import { RecordedResource } from "../../support/mocks";
import { rke2Status } from "../rke2/support";

/** The id the fake Rancher gives an imported cluster. */
export const RANCHER_CLUSTER_ID = "c-m-4xk2p9qz";

/**
 * What the providers return beyond echoing inputs: RKE2's generated token, keys and kubeconfig (test/components/rke2),
 * Harvester's image status, Rancher's cluster id from the registration, and a platform stack's outputs.
 */
export function fleetStatus(platformOutputs: Record<string, string> = {}) {
    return (r: RecordedResource): Record<string, unknown> | undefined => {
        if (r.type === "pulumi:pulumi:StackReference") {
            return { outputs: platformOutputs, secretOutputNames: Object.keys(platformOutputs) };
        }
        if (r.type === "pulumi-nodejs:dynamic:RancherImport") {
            return {
                clusterId: RANCHER_CLUSTER_ID,
                manifestUrl: "https://rancher.example.internal/v3/import/t0ken.yaml",
                token: "t0ken",
                tokenSource: "status",
                agentObjects: [],
                ready: true,
            };
        }
        return rke2Status(r);
    };
}
