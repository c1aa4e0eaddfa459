import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import {
    FleetClusterArgs,
    FleetClusterConfig,
    FleetConfig,
    FleetFluxArgs,
    FleetImageArgs,
    FleetNetworkArgs,
    FleetRancherArgs,
    FleetRke2Args,
} from "../components/fleet";
import { SecretValues } from "./config";

/** What a deploying stack connects with; absent in render mode. */
export interface Connections {
    harvesterProvider: k8s.Provider;
    rancherProvider?: k8s.Provider;
    rancherKubeconfig?: pulumi.Output<string>;
}

type Loose = Record<string, unknown>;

/** The RKE2 part with the etcd S3 keys, the registry password, the node key and the join token from the secrets. */
function rke2Args(rke2: Loose, s: SecretValues, clusterName: string): FleetRke2Args {
    const out: Loose = { ...rke2 };
    if (s.nodeSshPrivateKey) {
        out.sshPrivateKey = s.nodeSshPrivateKey;
    }
    if (s.rke2JoinTokens) {
        // parseFleetConfig checked that the map has a token for every cluster.
        out.token = pulumi.secret(
            s.rke2JoinTokens.apply((j) => (JSON.parse(j) as Record<string, string>)[clusterName]),
        );
    }
    const s3 = out.etcdSnapshotS3 as Loose | undefined;
    if (s3 && s.etcdS3AccessKey && s.etcdS3SecretKey) {
        out.etcdSnapshotS3 = { ...s3, accessKey: s.etcdS3AccessKey, secretKey: s.etcdS3SecretKey };
    }
    if (Array.isArray(out.registryAuths) && s.registryPassword) {
        const password = s.registryPassword;
        out.registryAuths = out.registryAuths.map((a: Loose) => (a.username !== undefined ? { ...a, password } : a));
    }
    return out as unknown as FleetRke2Args;
}

/** The Flux part with the Git credential filled in from the secrets. */
function fluxArgs(flux: Loose, s: SecretValues): FleetFluxArgs {
    const https = /^https?:\/\//i.test(String(flux.gitUrl).trim());
    return {
        ...flux,
        ...(https && s.gitHttpsToken ? { httpsToken: s.gitHttpsToken } : {}),
        ...(!https && s.gitSshPrivateKey ? { sshPrivateKey: s.gitSshPrivateKey } : {}),
    } as unknown as FleetFluxArgs;
}

/** The FleetCluster of one configured cluster: its settings, the secrets and the connections (or render mode). */
export function fleetClusterArgs(
    c: FleetClusterConfig,
    cfg: FleetConfig,
    secrets: SecretValues,
    connections: Connections | undefined,
): FleetClusterArgs {
    const rancher: FleetRancherArgs | undefined =
        c.rancher === undefined
            ? undefined
            : ({
                  ...c.rancher,
                  ...(connections
                      ? {
                            rancherProvider: connections.rancherProvider,
                            rancherKubeconfig: connections.rancherKubeconfig,
                        }
                      : {}),
              } as unknown as FleetRancherArgs);
    return {
        environment: cfg.environment,
        clusterName: c.name,
        namespace: c.namespace,
        ...(cfg.renderDirectory !== undefined
            ? { renderDirectory: path.join(cfg.renderDirectory, c.name) }
            : { harvesterProvider: connections?.harvesterProvider }),
        ...(c.image !== undefined ? { image: c.image as unknown as FleetImageArgs } : {}),
        ...(c.imageRef !== undefined ? { imageRef: c.imageRef } : {}),
        ...(c.network !== undefined ? { network: c.network as unknown as FleetNetworkArgs } : {}),
        ...(c.networkRef !== undefined ? { networkRef: c.networkRef } : {}),
        ...(c.secureBoot !== undefined ? { secureBoot: c.secureBoot } : {}),
        rke2: rke2Args(c.rke2, secrets, c.name),
        ...(rancher ? { rancher } : {}),
        ...(c.flux !== undefined ? { flux: fluxArgs(c.flux, secrets) } : {}),
    };
}
