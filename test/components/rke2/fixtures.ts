import * as YAML from "yaml";
import { resolveClusterSpec, ResolvedSettings, Rke2ClusterSpec, Rke2NodeSpec } from "../../../components/rke2";

/** A cluster spec with drover's defaults, plus overrides. */
export function clusterSpec(over: Partial<ResolvedSettings> = {}): Rke2ClusterSpec {
    return resolveClusterSpec({ version: "v1.31.4+rke2r1", ...over });
}

/** An air-gapped cluster pulling from a Hauler registry with auth and CA. */
export function airGappedSpec(over: Partial<ResolvedSettings> = {}): Rke2ClusterSpec {
    return clusterSpec({
        airGapped: true,
        installScript: "http://hauler.example.internal:8080/install.sh",
        artifactPath: "/opt/rke2-artifacts",
        artifactUrl: "http://hauler.example.internal:8080/rke2",
        systemDefaultRegistry: "hauler.example.internal:5000",
        registryMirrors: [{ registry: "docker.io", endpoints: ["https://hauler.example.internal:5000"] }],
        registryAuths: [
            {
                host: "hauler.example.internal:5000",
                username: "puller",
                password: "registry-pass-42",
                caPem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
            },
        ],
        ...over,
    });
}

const base: Omit<Rke2NodeSpec, "name" | "role" | "bootstrap"> = {
    registrationAddress: "10.10.0.10",
    token: "join-token-0123456789",
    labels: {},
    taints: [],
    nameservers: [],
    sshAuthorizedKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKx drover"],
    sshUser: "drover",
};

export const firstServer: Rke2NodeSpec = { ...base, name: "dev-a-cp-0", role: "server", bootstrap: true };
export const joiningServer: Rke2NodeSpec = { ...base, name: "dev-a-cp-1", role: "server", bootstrap: false };
export const agent: Rke2NodeSpec = {
    ...base,
    name: "dev-a-general-0",
    role: "agent",
    bootstrap: false,
    labels: { tier: "general" },
    taints: ["dedicated=general:NoSchedule"],
};

/** Parses `#cloud-config` user data, failing the test when it is not a YAML mapping with the header. */
export function parseCloudConfig(userData: string): {
    users?: unknown[];
    write_files: Array<{ path: string; content: string; owner: string; permissions: string }>;
    runcmd: string[];
} {
    expect(userData.startsWith("#cloud-config\n")).toBe(true);
    const doc = YAML.parseDocument(userData);
    expect(doc.errors).toEqual([]);
    return doc.toJSON();
}

/** The YAML body of one written file. */
export function fileBody(userData: string, path: string): Record<string, unknown> {
    const f = parseCloudConfig(userData).write_files.find((w) => w.path === path);
    if (f === undefined) {
        throw new Error(`no file ${path} in user data`);
    }
    return YAML.parse(f.content) as Record<string, unknown>;
}
