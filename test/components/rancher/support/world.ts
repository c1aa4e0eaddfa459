import * as fs from "fs";
import * as path from "path";
import { buildProvisioningCluster } from "../../../../components/rancher/registrationManifest";
import { HttpRequest, HttpTransport, nodeTransport } from "../../../../components/rancher/live/http";
import { createKubeClient, KubeClient } from "../../../../components/rancher/live/kubeClient";
import { parseKubeconfig } from "../../../../components/rancher/live/kubeconfig";
import { LiveDeps, RegistrationInputs } from "../../../../components/rancher/live/register";
import {
    installStandInCrds,
    provisioningClusterCrd,
    rancherStandInCrds,
    RancherStandIn,
    RancherStandInOptions,
} from "../../../integration/support/rancherStandIn";
import { FakeKubeApi } from "./fakeKubeApi";

const FIXTURES = path.join(__dirname, "..", "fixtures");

/** Test-only TLS material: a CA, a server certificate it signed for 127.0.0.1, and an unrelated CA. */
export const TLS = {
    ca: fs.readFileSync(path.join(FIXTURES, "ca.pem"), "utf8"),
    cert: fs.readFileSync(path.join(FIXTURES, "server.pem"), "utf8"),
    key: fs.readFileSync(path.join(FIXTURES, "server-key.pem"), "utf8"),
    otherCa: fs.readFileSync(path.join(FIXTURES, "other-ca.pem"), "utf8"),
    /** `sha256sum ca.pem`, computed when the fixtures were made. */
    caSha256: "686532f85e615aef49f81faf18c2eb77921480b5749b91e546fd4d0f8a4e7542",
};

/** Every request any client made, across servers, in order. */
export interface Call {
    method: string;
    url: string;
}

/** Waits that finish in milliseconds: sleeps are capped at 10 ms, time is real. */
export const fastClock = {
    now: () => Date.now(),
    sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 10))),
};

export function recording(calls: Call[], inner: HttpTransport = nodeTransport): HttpTransport {
    return (req: HttpRequest) => {
        calls.push({ method: req.method, url: req.url });
        return inner(req);
    };
}

export interface World {
    rancher: FakeKubeApi;
    downstream: FakeKubeApi;
    standIn?: RancherStandIn;
    rancherClient: KubeClient;
    calls: Call[];
    deps: LiveDeps;
    inputs(overrides?: Partial<RegistrationInputs>): RegistrationInputs;
    /** What Pulumi's CustomResource would do: create the provisioning Cluster. */
    createProvisioningCluster(name?: string, labels?: Record<string, string>): Promise<void>;
    stop(): Promise<void>;
}

/**
 * A fake Rancher local cluster (TLS, bearer token) with Rancher's CRDs, a fake downstream cluster, and optionally
 * the stand-in playing Rancher's controllers.
 */
export async function startWorld(standIn?: Omit<RancherStandInOptions, "kubeconfig">): Promise<World> {
    const rancher = new FakeKubeApi({
        token: "rancher-admin-token",
        tls: { cert: TLS.cert, key: TLS.key, ca: TLS.ca },
    });
    const downstream = new FakeKubeApi({ token: "downstream-token" });
    await rancher.start();
    await downstream.start();
    const calls: Call[] = [];
    const transport = recording(calls);
    const rancherClient = createKubeClient(parseKubeconfig(rancher.kubeconfig(), "rancher"), nodeTransport);
    await installStandInCrds(rancherClient, [provisioningClusterCrd(), ...rancherStandInCrds()]);
    let si: RancherStandIn | undefined;
    if (standIn) {
        si = new RancherStandIn({ pollIntervalMs: 10, ...standIn, kubeconfig: rancher.kubeconfig() });
        await si.start();
    }
    const deps: LiveDeps = { transport, clock: fastClock, intervalMs: 10, requestTimeoutMs: 2000, fetchAttempts: 2 };
    return {
        rancher,
        downstream,
        standIn: si,
        rancherClient,
        calls,
        deps,
        inputs: (overrides = {}) => ({
            namespace: "fleet-default",
            clusterName: "prod-a",
            rancherKubeconfig: rancher.kubeconfig(),
            clusterKubeconfig: downstream.kubeconfig(),
            caBundle: TLS.ca,
            insecureSkipTlsVerify: false,
            labels: { env: "prod" },
            annotations: { "rancher.io/imported-cluster-version-management": "false" },
            timeouts: { registrationSeconds: 2, readySeconds: 2, deleteSeconds: 2 },
            ...overrides,
        }),
        async createProvisioningCluster(name = "prod-a", labels = { env: "prod" }) {
            const obj = buildProvisioningCluster({ name, labels, annotations: {}, versionManagement: "false" });
            await rancherClient.create("/apis/provisioning.cattle.io/v1/namespaces/fleet-default/clusters", obj);
        },
        async stop() {
            await si?.stop();
            await rancher.stop();
            await downstream.stop();
        },
    };
}
