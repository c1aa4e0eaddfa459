import * as fs from "fs";
import * as path from "path";
import { KubeAccess, kubeGet, kubeRequest, waitFor } from "./kubeClient";

const SHARED = process.env.DROVER_SHARED_DIR ?? path.resolve(__dirname, "../../../../shared");

/** The namespace every Flux install uses. */
export const FLUX_NS = "flux-system";

/**
 * A STAND-IN for Flux's install.yaml (no internet here): the namespace and the upstream GitRepository and
 * Kustomization CRDs from ../shared/schemas, so the API server validates drover's sync objects against the real
 * schemas, then `extra` documents. No controller runs.
 */
export function fluxInstallStandIn(extra: string[] = []): string {
    const crds = ["source.toolkit.fluxcd.io_gitrepositories.yaml", "kustomize.toolkit.fluxcd.io_kustomizations.yaml"]
        .map((f) => fs.readFileSync(path.join(SHARED, "schemas", f), "utf8"))
        .join("\n---\n");
    return [`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${FLUX_NS}`, crds, ...extra].join("\n---\n");
}

/**
 * Removes what a test left on purpose with retainOnDelete, so the tier leaves nothing behind, and waits until the
 * namespace is gone: the next test would otherwise meet it Terminating.
 */
export async function removeFluxStandIn(access: KubeAccess): Promise<void> {
    for (const p of [
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gitrepositories.source.toolkit.fluxcd.io",
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/kustomizations.kustomize.toolkit.fluxcd.io",
        `/api/v1/namespaces/${FLUX_NS}`,
    ]) {
        await kubeRequest(access, "DELETE", p);
    }
    await waitFor(
        `namespace ${FLUX_NS} to be deleted`,
        async () => ((await kubeGet(access, `/api/v1/namespaces/${FLUX_NS}`)) === undefined ? true : undefined),
        120000,
    );
}
