import { z } from "zod";
import { FLUX_OWNED, RANCHER_OWNED, RKE2_OWNED, RKE2_OWNED_FROM } from "../../components/fleet/args";
import { stripFluxSecrets, stripRancherSecrets, stripRke2Secrets } from "../../components/fleet/configSecrets";
import { fluxBootstrapArgsSchema } from "../../components/flux/argsSchema";
import { imageArgsSchema } from "../../components/harvester/imageManifest";
import { networkArgsSchema } from "../../components/harvester/networkManifest";
import { registrationArgsSchema } from "../../components/rancher/registrationManifest";
import { clusterArgsSchema } from "../../components/rke2/clusterSchema";

/**
 * The parts of a `drover:clusters` entry and where each is defined: the component schema a stack's configuration is
 * checked with (components/fleet/partProblems.ts), and the FleetCluster argument interface that documents it.
 */

type Loose = Record<string, unknown>;

/** Removes secret fields from a block and says why each must not be there (components/fleet/configSecrets.ts). */
type Stripper = (block: Loose) => { found: Array<{ path: Array<string | number>; reason: string }> };

export interface PartSection {
    /** The key of the part in a cluster entry. */
    key: "image" | "network" | "rke2" | "rancher" | "flux";
    /** The component schema the part is checked with. */
    schema: z.ZodType;
    /** The exported argument type of components/fleet/args.ts that documents the part. */
    tsType: string;
    /** Keys of the schema that are not configuration, and why: the FleetCluster or the stack program sets them. */
    notConfig: Record<string, string>;
    /** Finds the secret fields of the part, which must come from `drover:` secret keys instead. */
    strip?: Stripper;
    /** The environment-wide block the part is merged over (`drover:rancher`, `drover:flux`). */
    environmentBlock?: "rancher" | "flux";
    /** The Pulumi name of the component the FleetCluster creates for the part (components/fleet/cluster.ts). */
    resourceName?: string;
}

function owned(keys: readonly string[], from: (k: string) => string): Record<string, string> {
    return Object.fromEntries(keys.map((k) => [k, `is set by the FleetCluster from ${from(k)}`]));
}

export const PART_SECTIONS: PartSection[] = [
    { key: "image", schema: imageArgsSchema, tsType: "FleetImageArgs", notConfig: {}, resourceName: "<cluster>-image" },
    {
        key: "network",
        schema: networkArgsSchema,
        tsType: "FleetNetworkArgs",
        notConfig: {},
        resourceName: "<cluster>-network",
    },
    {
        key: "rke2",
        // The argument is the cluster's resource name, used only by the node-name length rule.
        schema: clusterArgsSchema("cluster"),
        tsType: "FleetRke2Args",
        notConfig: owned(RKE2_OWNED, (k) => RKE2_OWNED_FROM[k as keyof typeof RKE2_OWNED_FROM]),
        strip: stripRke2Secrets,
    },
    {
        key: "rancher",
        schema: registrationArgsSchema,
        tsType: "FleetRancherArgs",
        notConfig: {
            ...owned(RANCHER_OWNED, () => "the RKE2 cluster and renderDirectory"),
            rancherProvider:
                "is created by the stack program from drover:rancherKubeconfig (or drover:platformStack); not used when rendering",
        },
        strip: stripRancherSecrets,
        environmentBlock: "rancher",
    },
    {
        key: "flux",
        schema: fluxBootstrapArgsSchema,
        tsType: "FleetFluxArgs",
        notConfig: owned(FLUX_OWNED, () => "the RKE2 cluster's kubeconfig"),
        strip: stripFluxSecrets,
        environmentBlock: "flux",
    },
];

/**
 * The one configuration key of the optional parts that is not a component argument: `enabled`, read by
 * components/fleet/configClusters.ts (`mergePart`).
 */
export function enabledDescription(part: "rancher" | "flux"): string {
    const what = part === "rancher" ? "Rancher registration" : "Flux";
    return (
        `\`false\` turns ${what} off for this cluster, also when \`drover:${part}\` configures it; \`true\` turns it ` +
        `on with only the environment's settings.`
    );
}
