import { randomBytes } from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import { AddressInfo } from "net";
import * as path from "path";
import * as YAML from "yaml";
import { RANCHER } from "../../../components/rancher/constants";
import { HttpTransport, nodeTransport } from "../../../components/rancher/live/http";
import { createKubeClient, KubeClient, KubeObject } from "../../../components/rancher/live/kubeClient";
import { parseKubeconfig } from "../../../components/rancher/live/kubeconfig";
import { caChecksumOf } from "../../../components/rancher/live/manifest";
import { SCHEMA_DIR } from "../../support/schemas";

/**
 * How the stand-in stores the registration token, like a given Rancher version:
 * - `status-token`: v2.7 to v2.13.7 / v2.14.3, the token in `status.token` and in `status.manifestUrl`;
 * - `secret-token`: v2.13.8+ / v2.14.4+ / v2.15, the token in Secret `crt-token-default-token` and the literal
 *   `{token}` in `status.manifestUrl`.
 */
export type StandInTokenMode = "status-token" | "secret-token";

export interface RancherStandInOptions {
    /** Kubeconfig of the API server that plays Rancher's local cluster (CRDs from {@link rancherStandInCrds}). */
    kubeconfig: string;
    tokenMode: StandInTokenMode;
    /** Leave Rancher's server-url setting empty: no manifest URL ever appears. @default false */
    serverUrlUnset?: boolean;
    /** Serve the import manifest over https with this certificate; `ca` goes into the `cacerts` setting. @default - plain http */
    tls?: { cert: string; key: string; ca: string };
    /** Mark a cluster Ready once its manifest was fetched. When false, only {@link RancherStandIn.markReady} does. @default true */
    readyAfterFetch?: boolean;
    /** Pause between two reconcile passes. @default 100 */
    pollIntervalMs?: number;
    /** Transport for the API calls. @default - Node's http/https */
    transport?: HttpTransport;
}

const MGMT = RANCHER.managementApiVersion;
const PROV = RANCHER.provisioningApiVersion;

/** Minimal permissive CRDs for what Rancher creates itself: they accept any fields, like Rancher's own CRDs. */
export function rancherStandInCrds(): KubeObject[] {
    const crd = (kind: string, plural: string, scope: "Namespaced" | "Cluster", status: boolean): KubeObject => ({
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: `${plural}.management.cattle.io` },
        spec: {
            group: "management.cattle.io",
            scope,
            names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
            versions: [
                {
                    name: "v3",
                    served: true,
                    storage: true,
                    ...(status ? { subresources: { status: {} } } : {}),
                    schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
                },
            ],
        },
    });
    // As in rancher/rancher pkg/crds/dashboard/crds.go: Cluster is cluster-scoped with a status subresource, the
    // token is namespaced without one (Rancher writes its status with a plain update), Setting is cluster-scoped.
    return [
        crd("Cluster", "clusters", "Cluster", true),
        crd("ClusterRegistrationToken", "clusterregistrationtokens", "Namespaced", false),
        crd("Setting", "settings", "Cluster", false),
    ];
}

/** Rancher's upstream provisioning Cluster CRD, read from ../shared/schemas. */
export function provisioningClusterCrd(): KubeObject {
    const text = fs.readFileSync(path.join(SCHEMA_DIR, "provisioning.cattle.io_clusters.yaml"), "utf8");
    return YAML.parseAllDocuments(text)
        .map((d) => d.toJSON() as KubeObject | null)
        .find((d): d is KubeObject => d?.kind === "CustomResourceDefinition")!;
}

/** Creates CRDs (and the fleet-default namespace) and waits until the API server serves them. */
export async function installStandInCrds(client: KubeClient, crds: KubeObject[], timeoutMs = 30_000): Promise<void> {
    for (const crd of crds) {
        if (!(await client.get(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata!.name}`))) {
            await client.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        }
    }
    if (!(await client.get(`/api/v1/namespaces/${RANCHER.fleetNamespace}`))) {
        await client.create("/api/v1/namespaces", {
            apiVersion: "v1",
            kind: "Namespace",
            metadata: { name: RANCHER.fleetNamespace },
        });
    }
    const deadline = Date.now() + timeoutMs;
    for (const crd of crds) {
        const spec = crd.spec as { group: string; names: { kind: string }; versions: Array<{ name: string }> };
        for (;;) {
            try {
                await client.locate(`${spec.group}/${spec.versions[0].name}`, spec.names.kind, "default", "x");
                break;
            } catch (e) {
                if (Date.now() > deadline) {
                    throw e;
                }
                await new Promise((r) => setTimeout(r, 200));
            }
        }
    }
}

/** Rancher-like 54-character token. */
function randomToken(): string {
    const alphabet = "bcdfghjklmnpqrstvwxz2456789";
    return [...randomBytes(54)].map((b) => alphabet[b % alphabet.length]).join("");
}

function randomId(): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    return `c-m-${[...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join("")}`;
}

/** A small import manifest shaped like pkg/systemtemplate/template.go, with an agent that is never awaited. */
export function standInManifest(serverUrl: string, clusterId: string, token: string, ca?: string): string {
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    const credentials = `cattle-credentials-${clusterId.slice(4)}`;
    const docs: KubeObject[] = [
        { apiVersion: "v1", kind: "Namespace", metadata: { name: RANCHER.agentNamespace } },
        { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "cattle", namespace: RANCHER.agentNamespace } },
        {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRole",
            metadata: { name: "cattle-admin" },
            rules: [
                { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
                { nonResourceURLs: ["*"], verbs: ["*"] },
            ],
        },
        {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRoleBinding",
            metadata: { name: "cattle-admin-binding" },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cattle-admin" },
            subjects: [{ kind: "ServiceAccount", name: "cattle", namespace: RANCHER.agentNamespace }],
        },
        {
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: credentials, namespace: RANCHER.agentNamespace },
            type: "Opaque",
            data: { url: b64(serverUrl), token: b64(token), namespace: b64("") },
        },
        {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: {
                name: RANCHER.agentDeployment,
                namespace: RANCHER.agentNamespace,
                // No kubelet runs behind a bare API server, so nothing would ever become available.
                annotations: { "pulumi.com/skipAwait": "true" },
            },
            spec: {
                replicas: 1,
                selector: { matchLabels: { app: RANCHER.agentDeployment } },
                template: {
                    metadata: { labels: { app: RANCHER.agentDeployment } },
                    spec: {
                        serviceAccountName: "cattle",
                        containers: [
                            {
                                name: "cluster-register",
                                image: "rancher/rancher-agent:v2.15.0",
                                env: [
                                    { name: "CATTLE_SERVER", value: serverUrl },
                                    { name: "CATTLE_CA_CHECKSUM", value: ca ? caChecksumOf(ca) : "" },
                                    { name: "CATTLE_CLUSTER", value: "true" },
                                    { name: "CATTLE_K8S_MANAGED", value: "true" },
                                    { name: "CATTLE_CREDENTIAL_NAME", value: credentials },
                                ],
                            },
                        ],
                    },
                },
            },
        },
    ];
    return docs.map((d) => YAML.stringify(d)).join("---\n");
}

interface Registered {
    id: string;
    token: string;
    fetched: boolean;
    ready: boolean;
}

/**
 * A stand-in for Rancher's controllers, for tests against a real (or fake) kube-apiserver: it polls provisioning
 * Clusters in fleet-default and does what Rancher does for an imported cluster, in the chosen version's way, and it
 * serves the import manifest over loopback HTTP(S).
 */
export class RancherStandIn {
    /** Every manifest request: which cluster, and whether the token matched. */
    readonly fetches: Array<{ clusterId: string; ok: boolean }> = [];
    /** Errors of reconcile passes; the loop carries on after one. */
    readonly errors: Error[] = [];
    private readonly client: KubeClient;
    private readonly clusters = new Map<string, Registered>();
    private readonly readyRequested = new Set<string>();
    private server?: http.Server;
    private timer?: NodeJS.Timeout;
    private stopped = false;
    private pass: Promise<void> = Promise.resolve();

    constructor(private readonly opts: RancherStandInOptions) {
        this.client = createKubeClient(parseKubeconfig(opts.kubeconfig, "kubeconfig"), opts.transport ?? nodeTransport);
    }

    /** Base URL of the manifest server, which is also what the `server-url` setting says (unless unset). */
    get serverUrl(): string {
        const port = (this.server!.address() as AddressInfo).port;
        return `${this.opts.tls ? "https" : "http"}://127.0.0.1:${port}`;
    }

    /** Rancher's id for a provisioning Cluster, once assigned. */
    clusterId(name: string): string | undefined {
        return this.clusters.get(name)?.id;
    }

    /** Starts the manifest server, writes the settings and starts reconciling. */
    async start(): Promise<void> {
        const handler = (req: http.IncomingMessage, res: http.ServerResponse) => this.serve(req, res);
        this.server = this.opts.tls
            ? https.createServer({ cert: this.opts.tls.cert, key: this.opts.tls.key }, handler)
            : http.createServer(handler);
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        await this.setSetting(RANCHER.serverUrlSetting, this.opts.serverUrlUnset ? "" : this.serverUrl);
        await this.setSetting(RANCHER.caCertsSetting, this.opts.tls?.ca ?? "");
        this.schedule();
    }

    async stop(): Promise<void> {
        this.stopped = true;
        clearTimeout(this.timer);
        await this.pass;
        await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    }

    /** Marks a cluster Ready at the next pass, as Rancher does once the agent connects. */
    markReady(name: string): void {
        this.readyRequested.add(name);
    }

    /** One reconcile pass over every provisioning Cluster. */
    async reconcileOnce(): Promise<void> {
        const list = await this.client.list(`/apis/${PROV}/namespaces/${RANCHER.fleetNamespace}/clusters`);
        const names = new Set<string>();
        for (const cluster of list) {
            const name = cluster.metadata!.name!;
            names.add(name);
            if (!cluster.metadata?.deletionTimestamp) {
                await this.reconcile(cluster);
            }
        }
        for (const [name, reg] of [...this.clusters]) {
            if (!names.has(name)) {
                // Like Rancher's cleanup: the management Cluster and its namespace go with the provisioning one.
                await this.client.remove(`/apis/${MGMT}/clusters/${reg.id}`);
                await this.client.remove(`/api/v1/namespaces/${reg.id}`);
                this.clusters.delete(name);
            }
        }
    }

    private schedule(): void {
        if (this.stopped) {
            return;
        }
        this.timer = setTimeout(() => {
            this.pass = this.reconcileOnce()
                .catch((e: Error) => {
                    this.errors.push(e);
                })
                .finally(() => this.schedule());
        }, this.opts.pollIntervalMs ?? 100);
    }

    private async setSetting(name: string, value: string): Promise<void> {
        const p = `/apis/${MGMT}/settings/${name}`;
        if (await this.client.get(p)) {
            await this.client.mergePatch(p, { value });
        } else {
            await this.client.create(`/apis/${MGMT}/settings`, {
                apiVersion: MGMT,
                kind: "Setting",
                metadata: { name },
                value,
                default: "",
            });
        }
    }

    private async reconcile(cluster: KubeObject): Promise<void> {
        const name = cluster.metadata!.name!;
        const statusPath = `/apis/${PROV}/namespaces/${RANCHER.fleetNamespace}/clusters/${name}/status`;
        let reg = this.clusters.get(name);
        if (!reg && (cluster.status as { clusterName?: string } | undefined)?.clusterName) {
            return; // registered by someone else (another stand-in, or a real Rancher): not ours to touch
        }
        if (!reg) {
            reg = { id: randomId(), token: randomToken(), fetched: false, ready: false };
            this.clusters.set(name, reg);
            await this.client.create(`/apis/${MGMT}/clusters`, {
                apiVersion: MGMT,
                kind: "Cluster",
                metadata: {
                    name: reg.id,
                    labels: cluster.metadata?.labels ?? {},
                    annotations: cluster.metadata?.annotations ?? {},
                },
                spec: { displayName: name, importedConfig: {} },
            });
            await this.client.create("/api/v1/namespaces", {
                apiVersion: "v1",
                kind: "Namespace",
                metadata: { name: reg.id },
            });
            // Rancher also records the display name on the provisioning Cluster (controller.go OnChange).
            await this.client.mergePatch(`/apis/${PROV}/namespaces/${RANCHER.fleetNamespace}/clusters/${name}`, {
                metadata: { annotations: { "provisioning.cattle.io/management-cluster-display-name": name } },
            });
            await this.client.mergePatch(statusPath, {
                status: {
                    clusterName: reg.id,
                    ready: false,
                    agentDeployed: false,
                    conditions: [{ type: "Ready", status: "False", message: "waiting for the cluster agent" }],
                },
            });
            await this.createToken(reg);
        }
        if (!reg.ready && ((reg.fetched && this.opts.readyAfterFetch !== false) || this.readyRequested.has(name))) {
            reg.ready = true;
            await this.client.mergePatch(`/apis/${MGMT}/clusters/${reg.id}/status`, {
                status: { conditions: [{ type: "Connected", status: "True" }] },
            });
            await this.client.mergePatch(statusPath, {
                status: { ready: true, agentDeployed: true, conditions: [{ type: "Ready", status: "True" }] },
            });
        }
    }

    private async createToken(reg: Registered): Promise<void> {
        const crt = await this.client.create(`/apis/${MGMT}/namespaces/${reg.id}/clusterregistrationtokens`, {
            apiVersion: MGMT,
            kind: "ClusterRegistrationToken",
            metadata: { name: RANCHER.registrationTokenName, namespace: reg.id },
            spec: { clusterName: reg.id },
        });
        const secretMode = this.opts.tokenMode === "secret-token";
        const tokenInUrl = secretMode ? RANCHER.tokenPlaceholder : reg.token;
        const url = this.opts.serverUrlUnset ? "" : `${this.serverUrl}/v3/import/${tokenInUrl}_${reg.id}.yaml`;
        const secretName = `${RANCHER.tokenSecretPrefix}${RANCHER.registrationTokenName}`;
        if (secretMode) {
            await this.client.create(`/api/v1/namespaces/${reg.id}/secrets`, {
                apiVersion: "v1",
                kind: "Secret",
                metadata: {
                    name: secretName,
                    ownerReferences: [
                        {
                            apiVersion: MGMT,
                            kind: "ClusterRegistrationToken",
                            name: RANCHER.registrationTokenName,
                            uid: crt.metadata!.uid,
                        },
                    ],
                },
                type: "Opaque",
                data: { [RANCHER.tokenSecretKey]: Buffer.from(reg.token).toString("base64") },
            });
        }
        await this.client.mergePatch(
            `/apis/${MGMT}/namespaces/${reg.id}/clusterregistrationtokens/${RANCHER.registrationTokenName}`,
            {
                status: {
                    token: secretMode ? "" : reg.token,
                    ...(secretMode ? { tokenSecretName: secretName } : {}),
                    manifestUrl: url,
                    command: url ? `kubectl apply -f ${url}` : "",
                    insecureCommand: url ? `curl --insecure -sfL ${url} | kubectl apply -f -` : "",
                },
            },
        );
    }

    private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
        const url = new URL(req.url ?? "/", "http://stand-in");
        if (url.pathname === `/v3/settings/${RANCHER.caCertsSetting}`) {
            res.writeHead(200, { "Content-Type": "application/json" });
            res.end(JSON.stringify({ id: RANCHER.caCertsSetting, value: this.opts.tls?.ca ?? "" }));
            return;
        }
        const m = /^\/v3\/import\/([^/]+)_(c-m-[a-z0-9]+)\.yaml$/.exec(url.pathname);
        const reg = m ? [...this.clusters.values()].find((r) => r.id === m[2]) : undefined;
        if (!m || !reg || reg.token !== m[1]) {
            if (m) {
                this.fetches.push({ clusterId: m[2], ok: false });
            }
            res.writeHead(404, { "Content-Type": "text/plain" });
            res.end("404 page not found");
            return;
        }
        reg.fetched = true;
        this.fetches.push({ clusterId: reg.id, ok: true });
        res.writeHead(200, { "Content-Type": "application/yaml" });
        res.end(standInManifest(this.serverUrl, reg.id, reg.token, this.opts.tls?.ca));
    }
}
