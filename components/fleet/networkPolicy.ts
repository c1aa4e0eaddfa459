import { FLUX } from "../flux/constants";
import { FleetFluxArgs } from "./args";

/** Name of the default-deny NetworkPolicy a FleetCluster adds to `flux-system`. */
export const DEFAULT_DENY_NAME = "default-deny";

/**
 * A NetworkPolicy that selects every pod of `flux-system` and allows nothing, in or out. NetworkPolicies add up:
 * Flux's own `allow-egress`, `allow-scraping` and `allow-webhooks` (fluxcd/flux2 manifests/policies) still carry
 * the controllers' traffic, and anything else in the namespace is closed.
 */
export function buildDefaultDenyPolicy() {
    return {
        metadata: {
            name: DEFAULT_DENY_NAME,
            namespace: FLUX.namespace,
            labels: { "app.kubernetes.io/managed-by": "drover" },
        },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    };
}

/**
 * Whether a FleetCluster adds the default deny: only when Flux's allow policies are installed with it, which is mode
 * `manifests` with `networkPolicies` kept. Without them it would cut Flux off from Git. In mode `operator` the
 * operator itself runs in `flux-system` and reaches the API server before it creates Flux's policies, so a deny
 * there would stop it from ever installing them.
 */
export function needsFluxDefaultDeny(flux: Pick<FleetFluxArgs, "mode" | "networkPolicies">): boolean {
    return flux.mode === "manifests" && flux.networkPolicies !== false;
}
