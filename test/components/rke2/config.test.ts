import { buildRke2ConfigFiles, mergeRke2Config } from "../../../components/rke2";
import { agent, airGappedSpec, clusterSpec, firstServer, joiningServer } from "./fixtures";

const paths = (files: ReturnType<typeof buildRke2ConfigFiles>) => files.map((f) => f.path);

describe("RKE2 config files of a first server", () => {
    const files = buildRke2ConfigFiles(clusterSpec(), firstServer);

    it("splits the config by concern: node, cluster, join", () => {
        expect(paths(files)).toEqual([
            "/etc/rancher/rke2/config.yaml",
            "/etc/rancher/rke2/config.yaml.d/10-cluster.yaml",
            "/etc/rancher/rke2/config.yaml.d/20-join.yaml",
        ]);
    });

    it("pins every value that must match across servers, with the registration address in tls-san", () => {
        expect(files[1].body).toEqual({
            cni: "canal",
            "cluster-cidr": "10.42.0.0/16",
            "service-cidr": "10.43.0.0/16",
            "cluster-dns": "10.43.0.10",
            "cluster-domain": "cluster.local",
            "tls-san": ["10.10.0.10"],
        });
    });

    it("bootstraps: token but no server", () => {
        expect(files[2].body).toEqual({ token: "join-token-0123456789" });
        expect(files[0].body).toEqual({ "node-name": "dev-a-cp-0", "write-kubeconfig-mode": "0600" });
    });
});

describe("RKE2 config files of a joining server", () => {
    it("joins through https://<registrationAddress>:9345 with the same cluster settings as the first", () => {
        const spec = clusterSpec({ cni: ["multus", "cilium"], disable: ["rke2-ingress-nginx"] });
        const first = buildRke2ConfigFiles(spec, firstServer);
        const joining = buildRke2ConfigFiles(spec, joiningServer);
        expect(joining[2].body).toEqual({ server: "https://10.10.0.10:9345", token: "join-token-0123456789" });
        // Servers differ only in who they are and whether they join.
        expect(joining[1]).toEqual(first[1]);
        expect(joining[1].body.cni).toEqual(["multus", "cilium"]);
        expect(joining[1].body.disable).toEqual(["rke2-ingress-nginx"]);
        expect(joining[0].body["node-name"]).toBe("dev-a-cp-1");
    });

    it("keeps extra tls-san entries after the registration address, without duplicates", () => {
        const files = buildRke2ConfigFiles(
            clusterSpec({ tlsSans: ["k8s.example.internal", "10.10.0.10"] }),
            joiningServer,
        );
        expect(files[1].body["tls-san"]).toEqual(["10.10.0.10", "k8s.example.internal"]);
    });
});

describe("RKE2 config files of an agent", () => {
    const files = buildRke2ConfigFiles(clusterSpec({ kubeletArgs: ["max-pods=150"] }), agent);

    it("carries labels, taints, kubelet args and the join, and no server-only keys", () => {
        expect(mergeRke2Config(files)).toEqual({
            "node-name": "dev-a-general-0",
            "node-label": ["tier=general"],
            "node-taint": ["dedicated=general:NoSchedule"],
            "kubelet-arg": ["max-pods=150"],
            server: "https://10.10.0.10:9345",
            token: "join-token-0123456789",
        });
    });
});

describe("CIS profile", () => {
    const spec = clusterSpec({ profile: "cis" });

    it("adds a profile drop-in that forces protect-kernel-defaults and appends the CIS 1.11 apiserver flag", () => {
        const files = buildRke2ConfigFiles(
            { ...spec, componentArgs: { ...spec.componentArgs, kubeApiserver: ["v=2"] } },
            firstServer,
        );
        const profile = files.find((f) => f.path.endsWith("30-profile.yaml"));
        expect(profile?.body).toEqual({
            profile: "cis",
            "protect-kernel-defaults": true,
            "kube-apiserver-arg+": ["service-account-extend-token-expiration=false"],
        });
        // `+` appends to the list from 10-cluster.yaml rather than replacing it.
        expect(mergeRke2Config(files)["kube-apiserver-arg"]).toEqual([
            "v=2",
            "service-account-extend-token-expiration=false",
        ]);
    });

    it("leaves the apiserver flag out before Kubernetes 1.29", () => {
        const files = buildRke2ConfigFiles(clusterSpec({ profile: "cis", version: "v1.28.15+rke2r1" }), firstServer);
        expect(mergeRke2Config(files)["kube-apiserver-arg"]).toBeUndefined();
    });

    it("gives agents the profile too, without server flags", () => {
        const merged = mergeRke2Config(buildRke2ConfigFiles(spec, agent));
        expect(merged.profile).toBe("cis");
        expect(merged["protect-kernel-defaults"]).toBe(true);
        expect(merged["kube-apiserver-arg"]).toBeUndefined();
    });

    it("gives agents no etcd profile (it is a server setting)", () => {
        expect(mergeRke2Config(buildRke2ConfigFiles(clusterSpec({ profile: "etcd" }), agent)).profile).toBeUndefined();
        expect(mergeRke2Config(buildRke2ConfigFiles(clusterSpec({ profile: "etcd" }), firstServer)).profile).toBe(
            "etcd",
        );
    });
});

describe("air-gapped cluster", () => {
    it("points servers at the private registry; agents take images through registries.yaml", () => {
        const spec = airGappedSpec();
        expect(mergeRke2Config(buildRke2ConfigFiles(spec, joiningServer))["system-default-registry"]).toBe(
            "hauler.example.internal:5000",
        );
        expect(mergeRke2Config(buildRke2ConfigFiles(spec, agent))["system-default-registry"]).toBeUndefined();
    });

    it("can turn off the fallback to upstream registries on every node", () => {
        const spec = airGappedSpec({ disableDefaultRegistryEndpoint: true });
        for (const n of [firstServer, agent]) {
            expect(mergeRke2Config(buildRke2ConfigFiles(spec, n))["disable-default-registry-endpoint"]).toBe(true);
        }
    });
});

describe("etcd snapshots, secrets encryption, cloud provider, extra args", () => {
    const spec = clusterSpec({
        secretsEncryptionProvider: "secretbox",
        etcdSnapshotScheduleCron: "0 */6 * * *",
        etcdSnapshotRetention: 10,
        etcdSnapshotS3: {
            endpoint: "minio.example.internal:9000",
            bucket: "etcd",
            folder: "dev-a",
            accessKey: "AKIA-S3",
            secretKey: "s3-secret-key",
        },
        cloudProviderName: "harvester",
        cloudProviderConfig: "apiVersion: v1\nkind: Config\n",
        kubeApiserverArgs: ["audit-log-maxage=30"],
        etcdArgs: ["quota-backend-bytes=8589934592"],
    });

    it("writes S3 settings with their keys in their own drop-in, on servers only", () => {
        const s3 = buildRke2ConfigFiles(spec, firstServer).find((f) => f.path.endsWith("40-etcd-s3.yaml"));
        expect(s3?.body).toEqual({
            "etcd-s3": true,
            "etcd-s3-endpoint": "minio.example.internal:9000",
            "etcd-s3-bucket": "etcd",
            "etcd-s3-folder": "dev-a",
            "etcd-s3-access-key": "AKIA-S3",
            "etcd-s3-secret-key": "s3-secret-key",
        });
        expect(paths(buildRke2ConfigFiles(spec, agent))).not.toContain(
            "/etc/rancher/rke2/config.yaml.d/40-etcd-s3.yaml",
        );
    });

    it("writes schedule, provider, cloud provider and component args on servers, cloud provider on agents", () => {
        const server = mergeRke2Config(buildRke2ConfigFiles(spec, firstServer));
        expect(server).toMatchObject({
            "secrets-encryption-provider": "secretbox",
            "etcd-snapshot-schedule-cron": "0 */6 * * *",
            "etcd-snapshot-retention": 10,
            "cloud-provider-name": "harvester",
            "cloud-provider-config": "/etc/rancher/rke2/cloud-provider-config.yaml",
            "kube-apiserver-arg": ["audit-log-maxage=30"],
            "etcd-arg": ["quota-backend-bytes=8589934592"],
        });
        const worker = mergeRke2Config(buildRke2ConfigFiles(spec, agent));
        expect(worker["cloud-provider-name"]).toBe("harvester");
        expect(worker["etcd-arg"]).toBeUndefined();
    });

    it("uses a static node address as node-ip", () => {
        const files = buildRke2ConfigFiles(spec, { ...agent, address: "10.10.0.31/24" });
        expect(files[0].body["node-ip"]).toBe("10.10.0.31");
    });
});
