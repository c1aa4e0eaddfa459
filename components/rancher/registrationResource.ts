import * as pulumi from "@pulumi/pulumi";
import { AgentObject } from "./live/agent";
import { registrationProvider } from "./live/provider";
import { RegistrationInputs } from "./live/register";
import { TokenSource } from "./live/rancherObjects";

/** Inputs of {@link RancherImport}: {@link RegistrationInputs}, each possibly an Output. */
export type RancherImportArgs = { [K in keyof RegistrationInputs]: pulumi.Input<RegistrationInputs[K]> };

/** Outputs that must never be plain text in state (the kubeconfigs are secret because their inputs are). */
export const SECRET_OUTPUTS = ["token", "manifestUrl", "rancherKubeconfig", "clusterKubeconfig"];

// One provider object for every instance: Pulumi serializes it once and caches the text.
const provider = registrationProvider();

/**
 * The run-time part of a {@link RancherRegistration}: a dynamic resource whose provider waits for Rancher, reads the
 * registration token, fetches the import manifest, applies it to the downstream cluster and waits for Ready; on
 * delete it removes the cluster from Rancher, then the agent. Its code is in `live/`.
 */
export class RancherImport extends pulumi.dynamic.Resource {
    /** Rancher's cluster id, `c-m-...`. */
    declare public readonly clusterId: pulumi.Output<string>;
    /** The import manifest URL, with the token in it. Secret. */
    declare public readonly manifestUrl: pulumi.Output<string>;
    /** The registration token. Secret. */
    declare public readonly token: pulumi.Output<string>;
    /** Where this Rancher keeps the token: `status` (up to v2.13.7 / v2.14.3) or `secret` (later). */
    declare public readonly tokenSource: pulumi.Output<TokenSource>;
    /** The import manifest's objects as applied to the downstream cluster. */
    declare public readonly agentObjects: pulumi.Output<AgentObject[]>;
    /** True once Rancher reported the cluster Ready. */
    declare public readonly ready: pulumi.Output<boolean>;

    constructor(name: string, args: RancherImportArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            provider,
            name,
            {
                ...args,
                clusterId: undefined,
                manifestUrl: undefined,
                token: undefined,
                tokenSource: undefined,
                agentObjects: undefined,
                ready: undefined,
            },
            pulumi.mergeOptions(opts, {
                additionalSecretOutputs: SECRET_OUTPUTS,
                // A new name is a new registration; the downstream cluster can run only one agent, so the old
                // registration (and its agent objects) must be gone before the new one applies its agent.
                deleteBeforeReplace: true,
            }),
            undefined,
            "RancherImport",
        );
    }
}
