import * as YAML from "yaml";
import { harvesterStatus, isSecretValue, RecordedResource, StatusFaker, unwrapSecrets } from "../../support/mocks";

export const TYPES = {
    cluster: "drover:index:Rke2Cluster",
    pool: "drover:index:Rke2NodePool",
    vmComponent: "drover:index:HarvesterVirtualMachine",
    keyPairComponent: "drover:index:HarvesterKeyPair",
    vm: "kubernetes:kubevirt.io/v1:VirtualMachine",
    secret: "kubernetes:core/v1:Secret",
    keyPair: "kubernetes:harvesterhci.io/v1beta1:KeyPair",
    ipPool: "kubernetes:loadbalancer.harvesterhci.io/v1beta1:IPPool",
    loadBalancer: "kubernetes:loadbalancer.harvesterhci.io/v1beta1:LoadBalancer",
    command: "command:remote:Command",
    password: "random:index/randomPassword:RandomPassword",
    privateKey: "tls:index/privateKey:PrivateKey",
    k8sProvider: "pulumi:providers:kubernetes",
} as const;

export const GENERATED_TOKEN = "generated-token-4f1c2a9b7d";
export const PRIVATE_KEY =
    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
export const PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGeneratedKey";
export const RKE2_YAML = `apiVersion: v1
kind: Config
clusters:
- name: default
  cluster: {certificate-authority-data: Q0E=, server: "https://127.0.0.1:6443"}
contexts:
- name: default
  context: {cluster: default, user: default}
current-context: default
users:
- name: default
  user: {client-certificate-data: Q0VSVA==, client-key-data: QURNSU4tS0VZ}
`;

/** What the providers would return: generated secrets, the command's stdout, a VM uid, Harvester's image status. */
export const rke2Status: StatusFaker = (r) => {
    switch (r.type) {
        case TYPES.password:
            return { result: GENERATED_TOKEN };
        case TYPES.privateKey:
            return { privateKeyOpenssh: PRIVATE_KEY, publicKeyOpenssh: `${PUBLIC_KEY}\n` };
        case TYPES.command:
            return r.name.endsWith("-kubeconfig") ? { stdout: RKE2_YAML, stderr: "" } : { stdout: "", stderr: "" };
        case TYPES.vm:
            return { metadata: { ...r.inputs.metadata, uid: `uid-${r.inputs.metadata.name}` } };
        default:
            return harvesterStatus(r);
    }
};

/** Every string found in a resource's inputs outside secret-wrapped values. */
export function plainStrings(v: unknown): string[] {
    if (isSecretValue(v)) {
        return [];
    }
    if (typeof v === "string") {
        return [v];
    }
    if (Array.isArray(v)) {
        return v.flatMap(plainStrings);
    }
    if (typeof v === "object" && v !== null) {
        return Object.entries(v).flatMap(([k, x]) => [k, ...plainStrings(x)]);
    }
    return [];
}

/** The decoded `#cloud-config` user data of a node, from its cloud-init Secret. */
export function userDataOf(recorded: RecordedResource[], vmName: string): string {
    const s = recorded.find((r) => r.type === TYPES.secret && r.name === `${vmName}-cloudinit`);
    if (!s) {
        throw new Error(`no cloud-init Secret for ${vmName}`);
    }
    return Buffer.from(unwrapSecrets(s.inputs.data).userdata as string, "base64").toString();
}

/** The decoded network data of a node, or undefined. */
export function networkDataOf(recorded: RecordedResource[], vmName: string): string | undefined {
    const s = recorded.find((r) => r.type === TYPES.secret && r.name === `${vmName}-cloudinit`);
    const nd = s ? (unwrapSecrets(s.inputs.data).networkdata as string | undefined) : undefined;
    return nd === undefined ? undefined : Buffer.from(nd, "base64").toString();
}

/** The body of one file the user data writes. */
export function writtenFile(userData: string, path: string): string | undefined {
    const doc = YAML.parse(userData) as { write_files: Array<{ path: string; content: string }> };
    return doc.write_files.find((f) => f.path === path)?.content;
}

export function named(recorded: RecordedResource[], type: string, name: string): RecordedResource {
    const r = recorded.find((x) => x.type === type && x.name === name);
    if (!r) {
        throw new Error(`no ${type} named ${name}; have ${recorded.map((x) => `${x.type} ${x.name}`).join(", ")}`);
    }
    return r;
}

/** Position of a registration, to check what the SDK waited for. */
export function position(recorded: RecordedResource[], type: string, name: string): number {
    const i = recorded.findIndex((x) => x.type === type && x.name === name);
    if (i < 0) {
        throw new Error(`no ${type} named ${name}`);
    }
    return i;
}
