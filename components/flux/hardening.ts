import { CROSS_NAMESPACE_CONTROLLERS, FLUX, REMOTE_BASES_CONTROLLER, SERVICE_ACCOUNT_CONTROLLERS } from "./constants";
import { KubeObject } from "./manifest";

/**
 * Flux's optional lock-down (fluxcd/website security/best-practices.md and installation/configuration/multitenancy.md)
 * and how each switch reaches the controllers: container flags in mode "manifests", and the FluxInstance's
 * `spec.cluster` or `spec.kustomize.patches` in mode "operator".
 */
export interface FluxHardening {
    /** `--no-cross-namespace-refs=true` on the controllers that take it. */
    noCrossNamespaceRefs: boolean;
    /** `--no-remote-bases=true` on kustomize-controller. */
    noRemoteBases: boolean;
    /** `--default-service-account=<sa>` on kustomize- and helm-controller; the `flux-system` Kustomization then runs as kustomize-controller. */
    defaultServiceAccount?: string;
    /** Keep the NetworkPolicies Flux ships (allow-egress, allow-scraping, allow-webhooks). */
    networkPolicies: boolean;
}

/** A kustomize patch, in the shape of FluxInstance `spec.kustomize.patches` and kustomization.yaml `patches`. */
export interface KustomizePatch {
    target?: { kind: string; name?: string; group?: string; version?: string };
    patch: string;
}

/** The flags each controller gets, in a fixed order. */
export function fluxControllerFlags(h: FluxHardening): Map<string, string[]> {
    const flags = new Map<string, string[]>();
    const add = (controllers: readonly string[], flag: string) => {
        for (const c of controllers) {
            flags.set(c, [...(flags.get(c) ?? []), flag]);
        }
    };
    if (h.noCrossNamespaceRefs) {
        add(CROSS_NAMESPACE_CONTROLLERS, "--no-cross-namespace-refs=true");
    }
    if (h.noRemoteBases) {
        add([REMOTE_BASES_CONTROLLER], "--no-remote-bases=true");
    }
    if (h.defaultServiceAccount !== undefined) {
        add(SERVICE_ACCOUNT_CONTROLLERS, `--default-service-account=${h.defaultServiceAccount}`);
    }
    return flags;
}

function appendArgsPatch(flag: string): string {
    return `- op: add\n  path: /spec/template/spec/containers/0/args/-\n  value: ${flag}\n`;
}

/**
 * JSON6902 patches that add the hardening flags to the controller Deployments, one patch per flag with a name regex
 * over the controllers (the form the Flux docs and the operator's multitenant profile use). Controllers that are not
 * installed simply match nothing.
 */
export function flagPatches(h: FluxHardening): KustomizePatch[] {
    const patches: KustomizePatch[] = [];
    const forFlag = (controllers: readonly string[], flag: string) =>
        patches.push({
            target: { kind: "Deployment", name: `(${controllers.join("|")})` },
            patch: appendArgsPatch(flag),
        });
    if (h.noCrossNamespaceRefs) {
        forFlag(CROSS_NAMESPACE_CONTROLLERS, "--no-cross-namespace-refs=true");
    }
    if (h.noRemoteBases) {
        forFlag([REMOTE_BASES_CONTROLLER], "--no-remote-bases=true");
    }
    if (h.defaultServiceAccount !== undefined) {
        forFlag(SERVICE_ACCOUNT_CONTROLLERS, `--default-service-account=${h.defaultServiceAccount}`);
    }
    return patches;
}

/** Patch that makes the `flux-system` Kustomization run as kustomize-controller (needed with a default service account). */
export function reconcilerServiceAccountPatch(): KustomizePatch {
    return {
        target: { kind: "Kustomization", name: FLUX.syncName },
        patch: `- op: add\n  path: /spec/serviceAccountName\n  value: ${FLUX.reconcilerServiceAccount}\n`,
    };
}

/**
 * FluxInstance `spec.cluster` and `spec.kustomize.patches` for the hardening. All three lock-down switches together are
 * exactly the operator's `cluster.multitenant` profile (flux-operator internal/builder/profiles.go), so they map to it;
 * any other combination maps to the same patches one by one.
 */
export function fluxInstanceHardening(h: FluxHardening): {
    cluster: Record<string, unknown>;
    patches: KustomizePatch[];
} {
    const cluster: Record<string, unknown> = { networkPolicy: h.networkPolicies };
    if (h.noCrossNamespaceRefs && h.noRemoteBases && h.defaultServiceAccount !== undefined) {
        cluster.multitenant = true;
        cluster.tenantDefaultServiceAccount = h.defaultServiceAccount;
        return { cluster, patches: [] };
    }
    const patches = flagPatches(h);
    if (h.defaultServiceAccount !== undefined) {
        patches.push(reconcilerServiceAccountPatch());
    }
    return { cluster, patches };
}

/** Strategic-merge patches that delete Flux's NetworkPolicies, for a kustomization.yaml in Git. */
export function networkPolicyDeletePatches(objs: KubeObject[]): KustomizePatch[] {
    return objs.filter(isNetworkPolicy).map((o) => ({
        patch:
            `$patch: delete\napiVersion: ${o.apiVersion}\nkind: NetworkPolicy\n` +
            `metadata:\n  name: ${o.metadata.name}\n  namespace: ${o.metadata.namespace ?? FLUX.namespace}\n`,
    }));
}

function isNetworkPolicy(o: KubeObject): boolean {
    return o.kind === "NetworkPolicy" && o.apiVersion.startsWith("networking.k8s.io/");
}

type Container = { name?: string; image?: string; args?: string[] };

function containersOf(o: KubeObject): Container[] {
    const spec = o.spec as { template?: { spec?: { containers?: Container[] } } } | undefined;
    return spec?.template?.spec?.containers ?? [];
}

/** Replaces the `ghcr.io/fluxcd` prefix of an image with another registry path. */
export function rewriteImage(image: string, registry: string): string {
    const prefix = `${FLUX.registry}/`;
    return registry !== FLUX.registry && image.startsWith(prefix) ? `${registry}/${image.slice(prefix.length)}` : image;
}

/**
 * Applies the hardening and the registry to Flux's install objects (mode "manifests"), returning new objects:
 * flags appended to the first container of each controller Deployment (what the patches in Git do), NetworkPolicies
 * dropped when turned off, and `ghcr.io/fluxcd/...` images moved to the registry.
 */
export function hardenFluxInstall(objs: KubeObject[], h: FluxHardening, registry: string): KubeObject[] {
    const flags = fluxControllerFlags(h);
    return objs
        .filter((o) => h.networkPolicies || !isNetworkPolicy(o))
        .map((o) => {
            if (o.kind !== "Deployment" || !o.apiVersion.startsWith("apps/")) {
                return o;
            }
            const copy = JSON.parse(JSON.stringify(o)) as KubeObject;
            containersOf(copy).forEach((c, i) => {
                if (c.image !== undefined) {
                    c.image = rewriteImage(c.image, registry);
                }
                const extra = flags.get(copy.metadata.name);
                if (i === 0 && extra !== undefined) {
                    c.args = [...(c.args ?? []), ...extra];
                }
            });
            return copy;
        });
}

/** kustomize `images` entries that move the Flux images to the registry, for a kustomization.yaml in Git. */
export function imageOverrides(objs: KubeObject[], registry: string): Array<{ name: string; newName: string }> {
    if (registry === FLUX.registry) {
        return [];
    }
    const names = new Set<string>();
    for (const o of objs) {
        for (const c of containersOf(o)) {
            const image = c.image?.replace(/[@:][^/]*$/, "");
            if (image?.startsWith(`${FLUX.registry}/`)) {
                names.add(image);
            }
        }
    }
    return [...names].sort().map((name) => ({ name, newName: rewriteImage(name, registry) }));
}
