import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { FleetCluster, FleetConfig, parseFleetConfig, redactRenderedSecrets } from "../components/fleet";
import { findProjectRoot, readSecrets, readStackConfig, SecretValues } from "./config";
import { Connections, fleetClusterArgs } from "./fleetArgs";
import { stackOutputs, StackOutputs } from "./outputs";
import { registerStackTransform } from "./render";

/** Seams for tests; the defaults are the real engine's. */
export interface StackOptions {
    /** Registers a stack-wide transform. @default registerStackTransform (engine-side when the host supports it) */
    registerTransform?: (t: pulumi.ResourceTransform) => void;
}

/** The Harvester and Rancher kubeconfigs: from the platform stack, or from this stack's secrets. */
function connections(cfg: FleetConfig, secrets: SecretValues): Connections {
    const needRancher = cfg.clusters.some((c) => c.rancher !== undefined);
    let harvester = secrets.harvesterKubeconfig;
    let rancher = secrets.rancherKubeconfig;
    if (cfg.platformStack !== undefined) {
        const platform = new pulumi.StackReference("platform", { name: cfg.platformStack });
        harvester = pulumi.secret(platform.requireOutput("harvesterKubeconfig") as pulumi.Output<string>);
        rancher = needRancher
            ? pulumi.secret(platform.requireOutput("rancherKubeconfig") as pulumi.Output<string>)
            : undefined;
    }
    const harvesterProvider = new k8s.Provider("harvester", {
        kubeconfig: pulumi.secret(harvester as pulumi.Output<string>),
    });
    if (!needRancher || rancher === undefined) {
        return { harvesterProvider };
    }
    const rancherKubeconfig = pulumi.secret(rancher);
    return {
        harvesterProvider,
        rancherProvider: new k8s.Provider("rancher", { kubeconfig: rancherKubeconfig }),
        rancherKubeconfig,
    };
}

/**
 * The fleet stack program: reads this environment's configuration (`drover:` keys, see Pulumi.yaml), validates all
 * of it before anything is registered, and builds one {@link FleetCluster} per configured cluster.
 *
 * In render mode (`drover:renderDirectory`) nothing connects anywhere: each cluster renders under
 * `<renderDirectory>/<cluster>/`, and a stack-wide transform removes the values of every Secret from the rendered
 * files (each FleetCluster also does that for its own Secrets and keeps their values in `renderedSecrets`).
 */
export function runStack(options: StackOptions = {}): StackOutputs {
    const { config, secretKeys } = readStackConfig();
    const root = findProjectRoot(process.cwd(), pulumi.runtime.getRootDirectory());
    const cfg = parseFleetConfig(pulumi.getStack(), config, { secretKeys, rootDirectory: root });
    const secrets = readSecrets(cfg);
    if (cfg.renderDirectory !== undefined) {
        (options.registerTransform ?? registerStackTransform)(redactRenderedSecrets);
    }
    const conn = cfg.renderDirectory === undefined ? connections(cfg, secrets) : undefined;
    const fleets = cfg.clusters.map((c) => new FleetCluster(c.name, fleetClusterArgs(c, cfg, secrets, conn)));
    return stackOutputs(cfg, fleets);
}
