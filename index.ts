/**
 * drover: Pulumi components for on-prem Kubernetes fleets. Harvester runs the VMs, RKE2 clusters run on them,
 * Rancher manages them and Flux keeps them in step with Git.
 *
 * @packageDocumentation
 */
export * from "./components";
