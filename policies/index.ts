// The pack's entry point for `pulumi preview --policy-pack policies`. Constructing a PolicyPack starts the analyzer's
// gRPC server, so this file does nothing else and tests never import it: they import ./policies.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("drover", {
    description:
        "Guardrails for drover fleets: Harvester VMs, RKE2, Rancher, Flux and the Kubernetes workloads on them.",
    displayName: "drover",
    // Unconfigured, every policy blocks; policies/config/<env>.json relaxes dev (advisory) and staging (in part).
    enforcementLevel: "mandatory",
    policies,
});
