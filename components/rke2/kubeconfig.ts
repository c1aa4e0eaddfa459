import * as YAML from "yaml";
import { RKE2_PORTS } from "./constants";

/**
 * Rewrites RKE2's admin kubeconfig for use from outside the node: every cluster's `server` (RKE2 writes
 * `https://127.0.0.1:6443`) becomes `https://<registrationAddress>:6443`, which is in the certificate's `tls-san`.
 * Cluster, context and user names are renamed from `default` to `contextName` so several clusters can share one
 * kubeconfig file. Throws when the text is not a kubeconfig, so a broken read never reaches a provider.
 */
export function rewriteKubeconfig(kubeconfig: string, registrationAddress: string, contextName: string): string {
    const doc = YAML.parse(kubeconfig) as Record<string, unknown> | null;
    if (doc === null || typeof doc !== "object" || doc.kind !== "Config" || !Array.isArray(doc.clusters)) {
        throw new Error("drover: the file read from the server is not a kubeconfig (kind: Config with clusters)");
    }
    const server = `https://${registrationAddress}:${RKE2_PORTS.apiserver}`;
    const rename = (n: unknown) => (n === "default" ? contextName : n);
    const clusters = (doc.clusters as Array<{ name?: string; cluster?: Record<string, unknown> }>).map((c) => ({
        ...c,
        name: rename(c.name),
        cluster: { ...(c.cluster ?? {}), server },
    }));
    const users = ((doc.users as Array<{ name?: string }> | undefined) ?? []).map((u) => ({
        ...u,
        name: rename(u.name),
    }));
    const contexts = (
        (doc.contexts as Array<{ name?: string; context?: Record<string, unknown> }> | undefined) ?? []
    ).map((x) => ({
        ...x,
        name: rename(x.name),
        context: { ...(x.context ?? {}), cluster: rename(x.context?.cluster), user: rename(x.context?.user) },
    }));
    const out = { ...doc, clusters, users, contexts, "current-context": rename(doc["current-context"]) };
    return YAML.stringify(out, { lineWidth: 0 });
}
