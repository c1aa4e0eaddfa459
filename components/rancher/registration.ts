import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DroverInputError } from "../common/errors";
import { droverType } from "../common/names";
import { collectProblems } from "../common/validation";
import { RANCHER } from "./constants";
import {
    buildProvisioningCluster,
    caTrustOf,
    managedAnnotations,
    presenceProblems,
    REGISTRATION_DEFAULTS,
    registrationArgsSchema,
} from "./registrationManifest";
import { RancherImport } from "./registrationResource";

export interface RancherRegistrationArgs {
    /** Kubernetes provider of Rancher's local cluster; the provisioning Cluster is created through it. */
    rancherProvider: k8s.Provider;
    /**
     * Kubeconfig of Rancher's local cluster (the one `rancherProvider` uses), for the run-time steps: reading the
     * cluster id and registration token, and removing the cluster on destroy. Kept secret.
     * @default - none; required unless `live` is false
     */
    rancherKubeconfig?: pulumi.Input<string>;
    /**
     * Kubeconfig of the downstream cluster, where Rancher's agent is applied and removed again. Kept secret.
     * @default - none; required unless `live` is false
     */
    clusterKubeconfig?: pulumi.Input<string>;
    /** Name of the cluster in Rancher: the provisioning Cluster in `fleet-default`, e.g. `prod-a`. */
    clusterName: pulumi.Input<string>;
    /** Labels of the cluster in Rancher; Fleet cluster groups and GitRepo targets select on them. @default {} */
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Annotations of the cluster in Rancher. @default {} */
    annotations?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /**
     * Who upgrades Kubernetes on this imported RKE2 cluster (`rancher.io/imported-cluster-version-management`):
     * `"false"` leaves it to drover, `"true"` lets Rancher do it, `"system-default"` follows Rancher's
     * `imported-cluster-version-management` setting.
     * @default "false"
     */
    versionManagement?: pulumi.Input<string>;
    /** PEM CA that signed Rancher's certificate, to verify TLS when fetching the import manifest. @default - none; give this, `caChecksum` or `insecureSkipTlsVerify` */
    caBundle?: pulumi.Input<string>;
    /**
     * SHA-256 (64 hex digits) of Rancher's CA certificate, as for Rancher's `--ca-checksum`: drover reads the CA
     * from Rancher's `cacerts` setting, checks it against this and then verifies TLS with it.
     * @default - none; give this, `caBundle` or `insecureSkipTlsVerify`
     */
    caChecksum?: pulumi.Input<string>;
    /** Fetch the import manifest without verifying Rancher's certificate, or over plain http. An explicit opt-in only. @default false */
    insecureSkipTlsVerify?: boolean;
    /**
     * Run the live steps (wait for Rancher, apply the agent). Set false with a `renderYamlToDirectory` provider:
     * then only the provisioning Cluster is rendered, and a warning says so.
     * @default true
     */
    live?: boolean;
    /** Bound of each wait for the cluster id and the registration token. @default 5 */
    registrationTimeoutMinutes?: number;
    /** Bound of the wait for Rancher to report the cluster Ready. @default 15 */
    readyTimeoutMinutes?: number;
    /** Bound of the wait for Rancher to remove the cluster on destroy. @default 10 */
    deleteTimeoutMinutes?: number;
}

function validate(name: string, args: RancherRegistrationArgs): void {
    const problems = [
        ...collectProblems(registrationArgsSchema, args),
        ...presenceProblems(args, (v) => k8s.Provider.isInstance(v)),
    ];
    if (problems.length > 0) {
        throw new DroverInputError("RancherRegistration", name, problems);
    }
}

/**
 * Registers an existing cluster (e.g. one built by drover's RKE2 components) in Rancher as an imported cluster, through
 * Kubernetes objects only: a `provisioning.cattle.io/v1 Cluster` in `fleet-default`, then Rancher's import manifest
 * applied to the downstream cluster. It works with both ways Rancher stores the registration token (in the status
 * up to v2.13.7 / v2.14.3, in a `crt-token-*` Secret from v2.13.8 / v2.14.4 / v2.15).
 *
 * Every wait is bounded and says what it saw last. Destroy removes the cluster from Rancher first (Rancher cleans
 * up through the agent), then the agent. After registration Rancher owns the agent (it upgrades it), so drover does
 * not diff the agent's objects.
 */
export class RancherRegistration extends pulumi.ComponentResource {
    public readonly clusterName!: pulumi.Output<string>;
    /** Rancher's cluster id, `c-m-...`; "" when `live` is false. */
    public readonly clusterId!: pulumi.Output<string>;
    /** The import manifest URL (it contains the token). Secret; "" when `live` is false. */
    public readonly manifestUrl!: pulumi.Output<string>;
    /** The registration token. Secret; "" when `live` is false. */
    public readonly token!: pulumi.Output<string>;
    /** True once Rancher reported the cluster Ready; false when `live` is false. */
    public readonly ready!: pulumi.Output<boolean>;
    /** The provisioning Cluster on Rancher's local cluster. */
    public readonly provisioningCluster!: k8s.apiextensions.CustomResource;
    /** The run-time registration; absent when `live` is false. */
    public readonly registration?: RancherImport;

    constructor(name: string, args: RancherRegistrationArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before anything is registered, the component itself included.
        if (!opts?.urn) {
            validate(name, args);
        }
        // CrossGuard policies read this summary; it holds no secret (see the policy contract).
        const settings = {
            clusterName: args.clusterName,
            caTrust: caTrustOf(args),
            labels: args.labels ?? {},
        };
        super(droverType("RancherRegistration"), name, opts?.urn ? {} : { settings }, opts);
        if (opts?.urn) {
            return;
        }

        const versionManagement = args.versionManagement ?? REGISTRATION_DEFAULTS.versionManagement;
        const manifest = pulumi
            .output({
                name: args.clusterName,
                labels: args.labels ?? {},
                annotations: args.annotations ?? {},
                versionManagement,
            })
            .apply((a) =>
                buildProvisioningCluster({
                    ...a,
                    versionManagement: a.versionManagement as "true" | "false" | "system-default",
                }),
            );
        this.provisioningCluster = new k8s.apiextensions.CustomResource(
            name,
            {
                apiVersion: RANCHER.provisioningApiVersion,
                kind: "Cluster",
                metadata: manifest.metadata,
                spec: manifest.spec,
            },
            { parent: this, provider: args.rancherProvider },
        );
        this.clusterName = pulumi.output(args.clusterName);

        if (args.live === false) {
            pulumi.log.warn(
                `RancherRegistration "${name}": live is false, so only the provisioning Cluster is created (or ` +
                    `rendered); nothing waits for Rancher, no agent is applied to the downstream cluster, and ` +
                    `clusterId, token and manifestUrl stay empty. Use live: false with a renderYamlToDirectory provider.`,
                this,
            );
            this.clusterId = pulumi.output("");
            this.manifestUrl = pulumi.secret("");
            this.token = pulumi.secret("");
            this.ready = pulumi.output(false);
        } else {
            const minutes = (m: number | undefined, d: number) => (m ?? d) * 60;
            this.registration = new RancherImport(
                `${name}-registration`,
                {
                    namespace: RANCHER.fleetNamespace,
                    // The argument, not the object's output: it is known in preview, so a preview never shows a
                    // spurious replacement.
                    clusterName: args.clusterName,
                    rancherKubeconfig: pulumi.secret(args.rancherKubeconfig as pulumi.Input<string>),
                    clusterKubeconfig: pulumi.secret(args.clusterKubeconfig as pulumi.Input<string>),
                    ...(args.caBundle === undefined ? {} : { caBundle: args.caBundle }),
                    ...(args.caChecksum === undefined ? {} : { caChecksum: args.caChecksum }),
                    insecureSkipTlsVerify: args.insecureSkipTlsVerify ?? false,
                    labels: manifest.metadata.apply((m) => m.labels ?? {}),
                    annotations: pulumi.output({ annotations: args.annotations ?? {}, versionManagement }).apply((a) =>
                        managedAnnotations({
                            annotations: a.annotations,
                            versionManagement: a.versionManagement as "true" | "false" | "system-default",
                        }),
                    ),
                    timeouts: {
                        registrationSeconds: minutes(
                            args.registrationTimeoutMinutes,
                            REGISTRATION_DEFAULTS.registrationTimeoutMinutes,
                        ),
                        readySeconds: minutes(args.readyTimeoutMinutes, REGISTRATION_DEFAULTS.readyTimeoutMinutes),
                        deleteSeconds: minutes(args.deleteTimeoutMinutes, REGISTRATION_DEFAULTS.deleteTimeoutMinutes),
                    },
                },
                { parent: this, dependsOn: [this.provisioningCluster] },
            );
            this.clusterId = this.registration.clusterId;
            this.manifestUrl = pulumi.secret(this.registration.manifestUrl);
            this.token = pulumi.secret(this.registration.token);
            this.ready = this.registration.ready;
        }
        this.registerOutputs({
            clusterName: this.clusterName,
            clusterId: this.clusterId,
            manifestUrl: this.manifestUrl,
            token: this.token,
            ready: this.ready,
        });
    }
}
