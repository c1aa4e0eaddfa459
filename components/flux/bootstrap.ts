import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DroverInputError } from "../common/errors";
import { droverType } from "../common/names";
import { authOf, FluxBootstrapArgs } from "./args";
import { validateFluxArgs } from "./argsSchema";
import { API, DEFAULT_FLUX_OPERATOR_VERSION, FLUX, fluxInstallUrl, fluxOperatorInstallUrl } from "./constants";
import { deployKey, DeployKey, pinnedFingerprint, sourceSecretData } from "./credentials";
import { redactGitUrl } from "./gitUrl";
import { manifestsGitFiles, operatorGitFiles } from "./gitFiles";
import {
    fluxInstanceHardening,
    flagPatches,
    FluxHardening,
    hardenFluxInstall,
    imageOverrides,
    networkPolicyDeletePatches,
} from "./hardening";
import { FLUX_CHANGES, FLUX_FIXED_FIELDS } from "./changes";
import { registerInstallObjects, unregistrable, withPatchForce } from "./install";
import { fetchManifest, isManifestUrl, KubeObject, loadLocalManifest } from "./manifest";
import { FluxBootstrapRecord } from "./recordResource";
import { buildSettings, hardeningOf, withV } from "./settings";
import {
    buildFluxInstance,
    buildGitRepository,
    buildKustomization,
    normalizeRepoPath,
    FluxSyncSpec,
} from "./syncManifest";
import { buildFluxUninstallScript } from "./uninstall";

type Deps = Promise<pulumi.Resource[]>;

/**
 * The settings that cannot change after bootstrap (FLUX_CHANGES), recorded in the state. A later change of one fails
 * at preview with drover's message, before the component or any Flux object (all of which wait for the record) is
 * touched. It is registered before the component, so it sits beside it, under the component's parent.
 */
function bootstrapRecord(
    name: string,
    args: FluxBootstrapArgs,
    opts: pulumi.ComponentResourceOptions | undefined,
): FluxBootstrapRecord {
    const fixes = Object.fromEntries(FLUX_FIXED_FIELDS.map((k) => [k, FLUX_CHANGES[k].effect]));
    return new FluxBootstrapRecord(
        `${name}-record`,
        {
            resourceName: name,
            mode: args.mode ?? "operator",
            path: pulumi.unsecret(pulumi.output(args.path).apply(normalizeRepoPath)),
            fixes,
        },
        { ...(opts?.parent ? { parent: opts.parent } : {}), ...(opts?.dependsOn ? { dependsOn: opts.dependsOn } : {}) },
    );
}

/** Explicit dependencies on resources that exist now or once the install manifest is fetched. */
function after(...items: Array<pulumi.Resource | pulumi.Resource[] | Promise<pulumi.Resource[]>>): Deps {
    return Promise.all(items.map((i) => Promise.resolve(i))).then((xs) => xs.flat());
}

/** What both modes need. */
interface ModeContext {
    name: string;
    args: FluxBootstrapArgs;
    sync: pulumi.Output<FluxSyncSpec>;
    /** The install objects and the source Secret. */
    installed: Deps;
    /** The install objects as published (before drover's hardening), for the files in Git. */
    objects: pulumi.Output<KubeObject[]>;
    hardening: FluxHardening;
    registry: string;
    retainOnDelete: boolean;
}

/** Where the install manifest comes from, and its objects once read (local files are read before registration). */
interface InstallSource {
    what: "installManifest" | "operatorManifest";
    source: string;
    local?: KubeObject[];
}

function installSource(args: FluxBootstrapArgs): InstallSource {
    if (args.mode === "manifests") {
        return { what: "installManifest", source: args.installManifest ?? fluxInstallUrl(withV(args.version)) };
    }
    const operatorVersion = withV(args.operatorVersion ?? DEFAULT_FLUX_OPERATOR_VERSION);
    return { what: "operatorManifest", source: args.operatorManifest ?? fluxOperatorInstallUrl(operatorVersion) };
}

/** Reads a local install manifest now, so a missing or altered file stops the program before anything exists. */
function readLocal(name: string, args: FluxBootstrapArgs, src: InstallSource): InstallSource {
    if (isManifestUrl(src.source)) {
        return src;
    }
    const objs = loadLocalManifest(src.source, args.manifestSha256);
    if ("problem" in objs || unregistrable(objs) !== undefined) {
        const reason = "problem" in objs ? objs.problem : `is not a usable manifest: ${unregistrable(objs)}`;
        throw new DroverInputError("FluxBootstrap", name, [{ path: src.what, value: src.source, reason }]);
    }
    return { ...src, local: objs };
}

/**
 * Bootstraps Flux on a cluster, like `flux bootstrap` but without writing to Git: installs Flux (through the Flux
 * Operator and a FluxInstance, or from Flux's pinned install.yaml), creates the `flux-system` source Secret (an SSH
 * deploy key with a pinned known_hosts, or https credentials) and the `flux-system` GitRepository and Kustomization.
 *
 * After that Flux also applies its config from Git (commit {@link gitFiles} under the cluster's path). drover keeps
 * applying the settings it accepts, forcing its fields over Flux's copy, so a changed setting reaches the cluster;
 * `mode` and `path` are fixed after bootstrap and a change of either fails at preview (FLUX_CHANGES). On destroy it
 * follows Flux's uninstall order, or leaves Flux in place with `retainOnDelete`. See components/flux/OWNERSHIP.md.
 *
 * Pass the cluster's kubernetes provider through `opts.provider`.
 */
export class FluxBootstrap extends pulumi.ComponentResource {
    /** The public deploy key (OpenSSH), to register on the Git host as a read-only deploy key; "" for https. */
    public readonly deployKey!: pulumi.Output<string>;
    /** SHA-256 fingerprint of the pinned host key of the Git host, as `ssh-keygen -lf` prints it; "" for https. */
    public readonly knownHostsFingerprint!: pulumi.Output<string>;
    /** The namespace Flux runs in. */
    public readonly namespace!: pulumi.Output<string>;
    /** Name of the source Secret, or "" when the repository needs none. */
    public readonly secretName!: pulumi.Output<string>;
    /** Files to commit to the repository (path → content) so Flux keeps drover's settings after the hand-off. */
    public readonly gitFiles!: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: FluxBootstrapArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate, and read a local install manifest, before anything is registered, the component included.
        let src: InstallSource | undefined;
        let record: FluxBootstrapRecord | undefined;
        if (!opts?.urn) {
            validateFluxArgs(name, args);
            src = readLocal(name, args, installSource(args));
            record = bootstrapRecord(name, args, opts);
        }
        // The component's settings wait for the record: a refused change stops the run before drover's state takes
        // the new value anywhere, the component and its outputs included.
        const props = record ? { settings: record.urn.apply(() => pulumi.output(buildSettings(args))) } : {};
        super(droverType("FluxBootstrap"), name, props, opts);
        if (opts?.urn || src === undefined || record === undefined) {
            return;
        }

        const retainOnDelete = args.retainOnDelete ?? false;
        const registry = args.registry ?? FLUX.registry;
        const hardening = hardeningOf(args);
        const objects = this.installObjects(src, args);
        const prepare = (o: KubeObject[]) =>
            args.mode === "manifests" ? hardenFluxInstall(o, hardening, registry) : o;
        const install = (o: KubeObject[]) => registerInstallObjects(name, prepare(o), this, retainOnDelete, [record]);
        const installed = Array.isArray(objects) ? install(objects) : objects.then(install);

        const key = authOf(args) === "ssh" ? deployKey(name, args, this) : undefined;
        const secret = this.sourceSecret(name, args, key, after(installed, record), retainOnDelete);
        const ctx: ModeContext = {
            name,
            args,
            sync: this.syncSpec(args, secret !== undefined),
            installed: after(installed, ...(secret ? [secret] : [])),
            // An Output over plain JSON objects; the cast only undoes the SDK's deep Unwrap typing.
            objects: pulumi.output(objects) as unknown as pulumi.Output<KubeObject[]>,
            hardening,
            registry,
            retainOnDelete,
        };
        const files = args.mode === "manifests" ? this.manifestsMode(ctx) : this.operatorMode(ctx);

        this.deployKey = key ? key.publicKey : pulumi.output("");
        this.knownHostsFingerprint = pinnedFingerprint(args);
        this.namespace = pulumi.output(FLUX.namespace);
        this.secretName = pulumi.output(secret ? FLUX.syncName : "");
        // Like the settings, the files wait for the record, so a refused path never reaches the outputs.
        this.gitFiles = pulumi.all([record.urn, files]).apply(([, f]) => f);
        this.registerOutputs({
            deployKey: this.deployKey,
            knownHostsFingerprint: this.knownHostsFingerprint,
            namespace: this.namespace,
            secretName: this.secretName,
            gitFiles: this.gitFiles,
        });
    }

    /** Mode "manifests": drover's own GitRepository and Kustomization, and the destroy-time cleanup before them. */
    private manifestsMode(c: ModeContext): pulumi.Output<Record<string, string>> {
        const repo = this.customResource(
            `${c.name}-gitrepository`,
            "GitRepository",
            c.sync.apply(buildGitRepository),
            c.installed,
            c.retainOnDelete,
        );
        const ks = this.customResource(
            `${c.name}-kustomization`,
            "Kustomization",
            c.sync.apply(buildKustomization),
            after(c.installed, repo),
            c.retainOnDelete,
        );
        if (!c.retainOnDelete) {
            // It depends on everything else, so Pulumi runs its delete first: Flux is stopped and its finalizers are
            // gone before the Kustomization could prune anything and before the CRDs and the namespace go.
            this.uninstallCommand(c.name, c.args, after(c.installed, repo, ks));
        }
        return pulumi
            .all([c.sync, c.objects])
            .apply(([s, objs]) =>
                manifestsGitFiles(
                    s.path,
                    [buildGitRepository(s), buildKustomization(s)],
                    [
                        ...flagPatches(c.hardening),
                        ...(c.hardening.networkPolicies ? [] : networkPolicyDeletePatches(objs)),
                    ],
                    imageOverrides(objs, c.registry),
                ),
            );
    }

    /**
     * Mode "operator": the FluxInstance, whose deletion makes the operator uninstall Flux. The optional cleanup (with
     * a kubeconfig) runs after the FluxInstance is gone and before the operator itself goes.
     */
    private operatorMode(c: ModeContext): pulumi.Output<Record<string, string>> {
        const cleanup =
            !c.retainOnDelete && c.args.kubeconfig !== undefined
                ? this.uninstallCommand(c.name, c.args, c.installed)
                : undefined;
        const { cluster, patches } = fluxInstanceHardening(c.hardening);
        const version = withV(c.args.version).slice(1);
        const instance = c.sync.apply((s) =>
            buildFluxInstance({ version, registry: c.registry, cluster, patches, sync: s }),
        );
        const deps = cleanup ? after(c.installed, cleanup) : c.installed;
        this.customResource(`${c.name}-instance`, "FluxInstance", instance, deps, c.retainOnDelete);
        return pulumi.all([c.sync, instance]).apply(([s, i]) => operatorGitFiles(s.path, i));
    }

    /** The install objects as published: now for a local file, later (after `fetch`) for a URL. */
    private installObjects(src: InstallSource, args: FluxBootstrapArgs): KubeObject[] | Promise<KubeObject[]> {
        return src.local ?? fetchManifest(src.source, args.manifestSha256, src.what);
    }

    private syncSpec(args: FluxBootstrapArgs, hasSecret: boolean): pulumi.Output<FluxSyncSpec> {
        const sa = args.defaultServiceAccount !== undefined ? FLUX.reconcilerServiceAccount : undefined;
        // A URL only known at deploy time was not validated: never let credentials in it reach the cluster.
        const gitUrl = pulumi.unsecret(pulumi.output(args.gitUrl).apply((u) => redactGitUrl(u.trim())));
        return pulumi
            .all([gitUrl, args.branch ?? FLUX.branch, args.path, args.interval ?? FLUX.interval])
            .apply(([url, branch, path, interval]) => ({
                gitUrl: url,
                branch,
                path: normalizeRepoPath(path),
                interval,
                prune: args.mode === "manifests" ? (args.prune ?? true) : true,
                ...(hasSecret ? { secretName: FLUX.syncName } : {}),
                ...(sa !== undefined ? { serviceAccountName: sa } : {}),
            }));
    }

    private sourceSecret(
        name: string,
        args: FluxBootstrapArgs,
        key: DeployKey | undefined,
        deps: Deps,
        retainOnDelete: boolean,
    ): k8s.core.v1.Secret | undefined {
        const data = sourceSecretData(args, key);
        if (data === undefined) {
            return undefined;
        }
        // drover owns this Secret for good: Flux reads it but never writes it, and it is not in Git.
        return new k8s.core.v1.Secret(
            `${name}-source`,
            { metadata: { name: FLUX.syncName, namespace: FLUX.namespace }, type: "Opaque", data },
            { parent: this, dependsOn: deps, retainOnDelete },
        );
    }

    private customResource(
        name: string,
        kind: "GitRepository" | "Kustomization" | "FluxInstance",
        obj: pulumi.Output<{ metadata: object; spec: object }>,
        deps: Deps,
        retainOnDelete: boolean,
    ): k8s.apiextensions.CustomResource {
        const apiVersion = {
            GitRepository: API.gitRepository,
            Kustomization: API.kustomization,
            FluxInstance: API.fluxInstance,
        }[kind];
        return new k8s.apiextensions.CustomResource(
            name,
            {
                apiVersion,
                kind,
                metadata: obj.metadata.apply((m) => withPatchForce(m as KubeObject["metadata"])),
                spec: obj.spec,
            },
            {
                parent: this,
                dependsOn: deps,
                retainOnDelete,
                // drover applies the fields it sets (FLUX_CHANGES: a changed setting reaches the cluster), forcing
                // them over the same fields that kustomize-controller applies from the committed `gitFiles`. Labels,
                // annotations and fields that Flux or the API server add are outside drover's inputs and never
                // show as a diff, also after a refresh. See OWNERSHIP.md.
            },
        );
    }

    /**
     * The destroy-time cleanup (OWNERSHIP.md): a local command with no create step whose delete stops Flux and
     * removes its finalizers. It depends on `deps`, so Pulumi deletes it before them.
     */
    private uninstallCommand(name: string, args: FluxBootstrapArgs, deps: Deps): command.local.Command {
        return new command.local.Command(
            `${name}-uninstall`,
            {
                delete: buildFluxUninstallScript(),
                interpreter: ["/bin/sh", "-c"],
                environment: { DROVER_KUBECONFIG: pulumi.secret(pulumi.output(args.kubeconfig ?? "")) },
            },
            { parent: this, dependsOn: deps, additionalSecretOutputs: ["environment"] },
        );
    }
}
