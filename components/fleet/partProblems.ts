import { InputProblem } from "../common/errors";
import { collectProblems } from "../common/validation";
import { fluxBootstrapArgsSchema, presenceProblems as fluxPresence } from "../flux/argsSchema";
import { unregistrable } from "../flux/install";
import { isManifestUrl, loadLocalManifest } from "../flux/manifest";
import { imageArgsSchema } from "../harvester/imageManifest";
import { networkArgsSchema } from "../harvester/networkManifest";
import { presenceProblems as rancherPresence, registrationArgsSchema } from "../rancher/registrationManifest";
import { clusterProblems } from "../rke2/clusterSchema";
import { defaultFluxPath, FLUX_OWNED, RANCHER_OWNED, RKE2_OWNED, RKE2_OWNED_FROM } from "./args";

/**
 * Validation of the parts of a FleetCluster, each by the part's own component schema, so a FleetCluster (and a stack
 * configuration, which reuses these functions) reports exactly the messages the components would. Paths are those of
 * {@link FleetClusterArgs}: `image.url`, `rke2.controlPlane.count`, `flux.knownHosts`, ...
 */

/** Stands for a value that is given but not known now (a secret, a kubeconfig read at deploy time). */
export class GivenLater {}
const GIVEN = new GivenLater();

/** A valid stand-in for fields the FleetCluster fills in itself, so the part's schema checks everything else. */
const PLACEHOLDER_NAMESPACE = "default";
const PLACEHOLDER_REF = "default/placeholder";

type Loose = Record<string, unknown>;

function asObject(v: unknown): Loose | undefined {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Loose) : undefined;
}

function prefixed(problems: InputProblem[], prefix: string): InputProblem[] {
    return problems.map((p) => ({ ...p, path: p.path === "" ? prefix : `${prefix}.${p.path}` }));
}

function notAnObject(path: string, value: unknown): InputProblem[] {
    return [{ path, value, reason: "must be an object" }];
}

/** Keys of a part that the FleetCluster sets itself. */
function ownedKeys(part: Loose, owned: readonly string[], prefix: string, from: (k: string) => string): InputProblem[] {
    return owned
        .filter((k) => part[k] !== undefined)
        .map((k) => ({
            path: `${prefix}.${k}`,
            value: undefined,
            reason: `is set by the FleetCluster from ${from(k)}; remove it`,
        }));
}

/** A created image, checked by HarvesterImage's schema; its namespace defaults to the cluster's (checked there). */
export function imageProblems(image: unknown): InputProblem[] {
    if (image === undefined) {
        return [];
    }
    const i = asObject(image);
    if (!i) {
        return notAnObject("image", image);
    }
    return collectProblems(imageArgsSchema, { ...i, namespace: i.namespace ?? PLACEHOLDER_NAMESPACE }, ["image"]);
}

/** A created VM network, checked by HarvesterNetwork's schema. */
export function networkProblems(network: unknown): InputProblem[] {
    if (network === undefined) {
        return [];
    }
    const n = asObject(network);
    if (!n) {
        return notAnObject("network", network);
    }
    return collectProblems(networkArgsSchema, { ...n, namespace: n.namespace ?? PLACEHOLDER_NAMESPACE }, ["network"]);
}

/** The RKE2 part, checked by Rke2Cluster's schema with the fields the FleetCluster sets filled in. */
export function rke2Problems(rke2: unknown, clusterName: string, render: boolean): InputProblem[] {
    const r = asObject(rke2);
    if (!r) {
        return rke2 === undefined
            ? [
                  {
                      path: "rke2",
                      value: undefined,
                      reason: "is required: the RKE2 cluster's version, registration address and pools",
                  },
              ]
            : notAnObject("rke2", rke2);
    }
    const own = ownedKeys(r, RKE2_OWNED, "rke2", (k) => RKE2_OWNED_FROM[k as keyof typeof RKE2_OWNED_FROM]);
    const rest = Object.fromEntries(Object.entries(r).filter(([k]) => !(RKE2_OWNED as readonly string[]).includes(k)));
    const args = {
        ...rest,
        namespace: PLACEHOLDER_NAMESPACE,
        clusterName,
        network: PLACEHOLDER_REF,
        image: PLACEHOLDER_REF,
        ...(render ? { kubeconfig: false } : {}),
    };
    // The cluster name is checked once, as the FleetCluster's own argument; Rke2Cluster still uses it for its
    // node-name length rule.
    const problems = clusterProblems(clusterName, args, ["rke2"]).filter((p) => p.path !== "rke2.clusterName");
    return [...own, ...problems];
}

/** The Rancher part, checked by RancherRegistration's schema; the kubeconfigs and provider are checked here. */
export function rancherProblems(rancher: unknown, clusterName: string, render: boolean): InputProblem[] {
    if (rancher === undefined) {
        return [];
    }
    const r = asObject(rancher);
    if (!r) {
        return notAnObject("rancher", rancher);
    }
    const own = ownedKeys(r, RANCHER_OWNED, "rancher", () => "the RKE2 cluster and renderDirectory");
    const rest = Object.fromEntries(
        Object.entries(r).filter(([k]) => !(RANCHER_OWNED as readonly string[]).includes(k)),
    );
    const ownName = r.clusterName === undefined;
    const schema = collectProblems(registrationArgsSchema, { ...rest, clusterName: r.clusterName ?? clusterName })
        // A name Rancher refuses is the FleetCluster's own when rancher.clusterName is not given.
        .map((p) => (p.path === "clusterName" && ownName ? p : { ...p, path: `rancher.${p.path}` }));
    const trust = prefixed(
        rancherPresence(
            { ...rest, rancherProvider: GIVEN, rancherKubeconfig: GIVEN, clusterKubeconfig: GIVEN, live: true },
            () => true,
        ),
        "rancher",
    );
    return [...own, ...schema, ...trust, ...rancherConnectionProblems(r, render)];
}

function rancherConnectionProblems(r: Loose, render: boolean): InputProblem[] {
    const problems: InputProblem[] = [];
    for (const k of ["rancherProvider", "rancherKubeconfig"] as const) {
        if (render && r[k] !== undefined) {
            problems.push({
                path: `rancher.${k}`,
                value: undefined,
                reason: "is not used with renderDirectory (the cluster is rendered, not registered); remove it",
            });
        }
    }
    if (!render && r.rancherProvider === undefined) {
        problems.push({
            path: "rancher.rancherProvider",
            value: undefined,
            reason: 'is required to register the cluster; pass the kubernetes provider of Rancher\'s local cluster, e.g. new k8s.Provider("rancher", { kubeconfig })',
        });
    }
    if (!render && r.rancherKubeconfig === undefined) {
        problems.push({
            path: "rancher.rancherKubeconfig",
            value: undefined,
            reason: "is required to register the cluster: the kubeconfig of Rancher's local cluster, as a secret",
        });
    }
    return problems;
}

/** The Flux part, checked by FluxBootstrap's schema; a local install manifest is also read and parsed now. */
export function fluxProblems(flux: unknown, environment: string, clusterName: string, render: boolean): InputProblem[] {
    if (flux === undefined) {
        return [];
    }
    const f = asObject(flux);
    if (!f) {
        return notAnObject("flux", flux);
    }
    const own = ownedKeys(f, FLUX_OWNED, "flux", () => "the RKE2 cluster's kubeconfig");
    const rest = Object.fromEntries(Object.entries(f).filter(([k]) => !(FLUX_OWNED as readonly string[]).includes(k)));
    const args = {
        ...rest,
        path: f.path ?? defaultFluxPath(environment, clusterName),
        kubeconfig: render ? undefined : GIVEN,
    };
    const schema = collectProblems(fluxBootstrapArgsSchema, args, ["flux"]);
    // FluxBootstrap's own message for a missing kubeconfig tells its callers to pass one; here it comes from RKE2.
    const presence = prefixed(fluxPresence(args as never), "flux").filter((p) => p.path !== "flux.kubeconfig");
    const problems = [...own, ...schema, ...presence, ...manifestProblems(args)];
    if (render && f.mode === "manifests" && f.retainOnDelete !== true) {
        problems.push({
            path: "flux.mode",
            value: "manifests",
            reason: 'needs the cluster\'s kubeconfig to remove Flux on destroy, and a rendering FleetCluster has none; use mode "operator" or set retainOnDelete: true',
        });
    }
    return problems;
}

/** FluxBootstrap reads a local manifest in its constructor; read it now so a bad file registers nothing. */
function manifestProblems(f: Loose): InputProblem[] {
    const what = f.mode === "manifests" ? "installManifest" : "operatorManifest";
    const src = f[what];
    const sha = typeof f.manifestSha256 === "string" ? f.manifestSha256 : undefined;
    if (typeof src !== "string" || isManifestUrl(src)) {
        return [];
    }
    const objs = loadLocalManifest(src, sha);
    if ("problem" in objs) {
        // A missing file is already reported by the schema; a wrong checksum or bad content is not.
        return objs.problem.startsWith("cannot be read")
            ? []
            : [{ path: `flux.${what}`, value: src, reason: objs.problem }];
    }
    const bad = unregistrable(objs);
    return bad === undefined ? [] : [{ path: `flux.${what}`, value: src, reason: `is not a usable manifest: ${bad}` }];
}
