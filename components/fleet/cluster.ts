import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { droverType } from "../common/names";
import { FluxBootstrap } from "../flux/bootstrap";
import { HarvesterImage } from "../harvester/image";
import { HarvesterNetwork } from "../harvester/network";
import { RancherRegistration } from "../rancher/registration";
import { Rke2Cluster } from "../rke2/cluster";
import { CONTROL_PLANE_POOL } from "../rke2/clusterSchema";
import {
    defaultFluxPath,
    ENVIRONMENT_LABEL,
    FleetClusterArgs,
    FleetFluxArgs,
    FleetRancherArgs,
    RENDER_DIRS,
} from "./args";
import { buildDefaultDenyPolicy, needsFluxDefaultDeny } from "./networkPolicy";
import { CapturedSecret, captureAndRedactSecrets, collectCaptured } from "./render";
import { secureBootTransformation } from "./secureBoot";
import { validateFleetCluster } from "./validate";

/** One node of a FleetCluster. */
export interface FleetNode {
    /** VM, host and Kubernetes node name. */
    name: string;
    /** `server` (etcd and control plane) or `agent`. */
    role: "server" | "agent";
    /** `cp` for the control plane, else the worker pool's name. */
    pool: string;
}

/** The kubernetes providers a FleetCluster uses for Harvester, Rancher and the cluster itself. */
interface Providers {
    harvester: k8s.Provider;
    rancher?: k8s.Provider;
    /** Absent when deploying: the cluster's own provider comes from the RKE2 cluster. */
    cluster?: k8s.Provider;
}

const isProvider = (v: unknown) => k8s.Provider.isInstance(v);

/** Adds the environment label to the caller's labels, keeping a plain map plain so it stays known in preview. */
function rancherLabels(environment: string, labels: FleetRancherArgs["labels"]): FleetRancherArgs["labels"] {
    if (labels === undefined || (typeof labels === "object" && !pulumi.Output.isInstance(labels))) {
        return { [ENVIRONMENT_LABEL]: environment, ...(labels as Record<string, pulumi.Input<string>> | undefined) };
    }
    return pulumi.output(labels).apply((l) => ({ [ENVIRONMENT_LABEL]: environment, ...l }));
}

/**
 * One complete cluster of a fleet: its Harvester image and VM network (or references to existing ones), an
 * {@link Rke2Cluster} on Harvester VMs, its registration in Rancher ({@link RancherRegistration}) and Flux
 * ({@link FluxBootstrap}) syncing `clusters/<environment>/<cluster>`. Rancher and Flux are optional; the image and
 * the network are created or referenced.
 *
 * **Render mode.** With `renderDirectory` nothing is deployed: the FleetCluster creates `renderYamlToDirectory`
 * providers and every object is written under `<renderDirectory>/harvester/` (VMs, cloud-init Secrets, key pair,
 * image, network), `rancher/` (the provisioning Cluster) and `cluster/` (Flux). Steps that need live hosts are
 * skipped with a warning, not faked: the kubeconfig (SSH to a server) and the nodes' readiness gates, Rancher's
 * agent, and Flux's destroy clean-up. Secrets are rendered without `data`/`stringData`, annotated with where their
 * values are: the secret output {@link renderedSecrets}.
 *
 * **Production add-ons.** With `secureBoot` every node VM boots with EFI and secure boot. With Flux in mode
 * `manifests` and its network policies kept, a default-deny NetworkPolicy is added to `flux-system` next to Flux's
 * own allow policies (which then carry its traffic), so the namespace is closed to anything else.
 */
export class FleetCluster extends pulumi.ComponentResource {
    /** The cluster's name. */
    public readonly clusterName!: pulumi.Output<string>;
    /** The admin kubeconfig; undefined in render mode. Secret. */
    public readonly kubeconfig!: pulumi.Output<string | undefined>;
    /** `https://<registrationAddress>:6443`. */
    public readonly apiServerUrl!: pulumi.Output<string>;
    /** Rancher's cluster id (`c-m-...`); "" without Rancher or in render mode. */
    public readonly rancherClusterId!: pulumi.Output<string>;
    /** The public SSH deploy key to add to the Git host (read-only); "" without Flux or with https. */
    public readonly deployKey!: pulumi.Output<string>;
    /** Flux's path in the repository; "" without Flux. */
    public readonly fluxPath!: pulumi.Output<string>;
    /** Every node, control plane first. */
    public readonly nodes!: pulumi.Output<FleetNode[]>;
    /** In render mode, the values of the Secrets rendered without them (`namespace/name` → key → text); else {}. Secret. */
    public readonly renderedSecrets!: pulumi.Output<Record<string, Record<string, string>>>;
    public readonly rke2!: Rke2Cluster;
    public readonly image?: HarvesterImage;
    public readonly network?: HarvesterNetwork;
    public readonly rancher?: RancherRegistration;
    public readonly flux?: FluxBootstrap;

    constructor(name: string, args: FleetClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate every part before anything is registered, the component itself included.
        if (!opts?.urn) {
            validateFleetCluster(name, args, isProvider);
        }
        const clusterName = args.clusterName ?? name;
        const render = args.renderDirectory !== undefined;
        const captured: CapturedSecret[] = [];
        // In render mode every Secret of this cluster is recorded and redacted before it reaches a provider.
        const ownOpts = render
            ? pulumi.mergeOptions(opts, { transformations: [captureAndRedactSecrets(clusterName, captured)] })
            : opts;
        super(droverType("FleetCluster"), name, {}, ownOpts);
        if (opts?.urn) {
            return;
        }

        const providers: Providers = render
            ? this.renderProviders(name, args.renderDirectory as string)
            : { harvester: args.harvesterProvider as k8s.Provider, rancher: args.rancher?.rancherProvider };
        const onHarvester = { parent: this, provider: providers.harvester };
        const image = args.image
            ? new HarvesterImage(
                  `${name}-image`,
                  {
                      ...args.image,
                      namespace: args.image.namespace ?? args.namespace,
                      // Rendered files are never imported: no wait, and no storage class read from a status.
                      ...(render ? { waitForImport: false } : {}),
                  },
                  onHarvester,
              )
            : undefined;
        const network = args.network
            ? new HarvesterNetwork(
                  `${name}-network`,
                  { ...args.network, namespace: args.network.namespace ?? args.namespace },
                  onHarvester,
              )
            : undefined;
        const rke2 = new Rke2Cluster(
            `${name}-rke2`,
            {
                ...args.rke2,
                namespace: args.namespace,
                clusterName,
                network: network ?? (args.networkRef as pulumi.Input<string>),
                image: image ?? (args.imageRef as pulumi.Input<string>),
                kubeconfig: !render,
            },
            { ...onHarvester, transformations: args.secureBoot ? [secureBootTransformation] : [] },
        );
        if (render) {
            this.warnRenderOnly(name, args.flux !== undefined);
        }
        const rancher = args.rancher ? this.registerInRancher(name, clusterName, args, rke2, providers) : undefined;
        const clusterProvider = providers.cluster ?? (rke2.clusterProvider as k8s.Provider);
        const fluxPath = args.flux ? (args.flux.path ?? defaultFluxPath(args.environment, clusterName)) : "";
        const flux = args.flux
            ? this.bootstrapFlux(name, args.flux, fluxPath, rke2, clusterProvider, render)
            : undefined;

        this.rke2 = rke2;
        this.image = image;
        this.network = network;
        this.rancher = rancher;
        this.flux = flux;
        this.clusterName = pulumi.output(clusterName);
        this.kubeconfig = rke2.kubeconfig;
        this.apiServerUrl = rke2.apiServerUrl;
        this.rancherClusterId = rancher ? rancher.clusterId : pulumi.output("");
        this.deployKey = flux ? flux.deployKey : pulumi.output("");
        this.fluxPath = pulumi.output(fluxPath);
        this.nodes = this.nodeList(rke2, args);
        this.renderedSecrets = collectCaptured(captured);
        this.registerOutputs({
            clusterName: this.clusterName,
            kubeconfig: this.kubeconfig,
            apiServerUrl: this.apiServerUrl,
            rancherClusterId: this.rancherClusterId,
            deployKey: this.deployKey,
            fluxPath: this.fluxPath,
            nodes: this.nodes,
            renderedSecrets: this.renderedSecrets,
        });
    }

    /** One `renderYamlToDirectory` provider per target: `harvester/`, `rancher/` and `cluster/`. */
    private renderProviders(name: string, directory: string): Required<Providers> {
        const make = (part: keyof typeof RENDER_DIRS) =>
            new k8s.Provider(
                `${name}-render-${part}`,
                { renderYamlToDirectory: path.join(path.resolve(directory), RENDER_DIRS[part]) },
                { parent: this },
            );
        return { harvester: make("harvester"), rancher: make("rancher"), cluster: make("cluster") };
    }

    private warnRenderOnly(name: string, withFlux: boolean): void {
        pulumi.log.warn(
            `FleetCluster "${name}": rendering only, nothing is deployed. Skipped because they need live hosts: the ` +
                `RKE2 nodes' readiness gates and reading the kubeconfig over SSH (kubeconfig stays empty)` +
                (withFlux ? `, and Flux's destroy-time clean-up` : "") +
                `. Secrets are rendered without their values; read them from output renderedSecrets with --show-secrets.`,
            this,
        );
    }

    private registerInRancher(
        name: string,
        clusterName: string,
        args: FleetClusterArgs,
        rke2: Rke2Cluster,
        providers: Providers,
    ): RancherRegistration {
        const {
            rancherProvider: _provider,
            clusterName: rancherName,
            labels,
            ...rest
        } = args.rancher as FleetRancherArgs;
        const render = args.renderDirectory !== undefined;
        return new RancherRegistration(
            `${name}-rancher`,
            {
                ...rest,
                rancherProvider: providers.rancher as k8s.Provider,
                clusterName: rancherName ?? clusterName,
                labels: rancherLabels(args.environment, labels),
                live: !render,
                ...(render ? {} : { clusterKubeconfig: rke2.kubeconfig as pulumi.Output<string> }),
            },
            { parent: this },
        );
    }

    private bootstrapFlux(
        name: string,
        flux: FleetFluxArgs,
        fluxPath: pulumi.Input<string>,
        rke2: Rke2Cluster,
        provider: k8s.Provider,
        render: boolean,
    ): FluxBootstrap {
        const bootstrap = new FluxBootstrap(
            `${name}-flux`,
            {
                ...flux,
                path: fluxPath,
                // Used only on destroy, to stop Flux and remove its finalizers; a rendering cluster has none.
                ...(render ? {} : { kubeconfig: rke2.kubeconfig as pulumi.Output<string> }),
            },
            { parent: this, provider },
        );
        if (needsFluxDefaultDeny(flux)) {
            const policy = buildDefaultDenyPolicy();
            new k8s.networking.v1.NetworkPolicy(`${name}-flux-default-deny`, policy, {
                parent: this,
                provider,
                // Created after the FluxBootstrap and deleted before it. Flux's traffic does not depend on the order:
                // NetworkPolicies add up, and Flux's own allow policies carry it whenever they exist.
                dependsOn: [bootstrap],
            });
        }
        return bootstrap;
    }

    private nodeList(rke2: Rke2Cluster, args: FleetClusterArgs): pulumi.Output<FleetNode[]> {
        const pools = [
            rke2.controlPlane.nodeNames.apply((ns) =>
                ns.map((n): FleetNode => ({ name: n, role: "server", pool: CONTROL_PLANE_POOL })),
            ),
            ...rke2.workerPools.map((p, i) =>
                p.nodeNames.apply((ns) =>
                    ns.map((n): FleetNode => ({
                        name: n,
                        role: "agent",
                        pool: args.rke2.workerPools?.[i]?.name ?? "",
                    })),
                ),
            ),
        ];
        return pulumi.all(pools).apply((lists) => lists.flat());
    }
}
