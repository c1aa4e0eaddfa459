import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { isSecret, isSecretValue, ofType, RecordedResource, unwrapSecrets, valueOf } from "../support/mocks";
import { GENERATED_TOKEN, PRIVATE_KEY, PUBLIC_KEY, plainStrings, RKE2_YAML } from "../components/rke2/support";
import { FLUX_INSTALL_URL, serveFluxInstall } from "./support/fluxDownloads";
import { FAKE_SECRETS, RANCHER_CLUSTER_ID, runStackOk, StackRun } from "./support/runStack";
import { project, ROOT, stackFile } from "./support/stackConfig";

// Each run composes whole stacks under mocks; the machine is shared, so allow for a slow one.
jest.setTimeout(60_000);

/** The shipped environments, composed under mocks as `pulumi up -s <env>` composes them. */

const T = {
    vm: "kubernetes:kubevirt.io/v1:VirtualMachine",
    image: "kubernetes:harvesterhci.io/v1beta1:VirtualMachineImage",
    secret: "kubernetes:core/v1:Secret",
    provider: "pulumi:providers:kubernetes",
    rke2: "drover:index:Rke2Cluster",
    flux: "drover:index:FluxBootstrap",
    rancher: "drover:index:RancherRegistration",
    stackRef: "pulumi:pulumi:StackReference",
} as const;

const runs: Record<string, StackRun> = {};
const fetched: Record<string, string[]> = {};

beforeAll(async () => {
    for (const env of ["dev", "staging", "prod"]) {
        fetched[env] = serveFluxInstall();
        runs[env] = await runStackOk(env, stackFile(env));
        jest.restoreAllMocks();
    }
});

function counts(recorded: RecordedResource[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of recorded) {
        out[r.type] = (out[r.type] ?? 0) + 1;
    }
    return out;
}

/** What every deploying environment with Rancher and Flux (mode manifests) registers, whatever its size. */
const PER_CLUSTER = {
    "pulumi:pulumi:Stack": 1,
    "pulumi:providers:kubernetes": 3, // Harvester, Rancher, and the cluster's own from its kubeconfig
    "drover:index:FleetCluster": 1,
    "drover:index:HarvesterImage": 1,
    "kubernetes:harvesterhci.io/v1beta1:VirtualMachineImage": 1,
    "drover:index:HarvesterNetwork": 1,
    "kubernetes:k8s.cni.cncf.io/v1:NetworkAttachmentDefinition": 1,
    "drover:index:Rke2Cluster": 1,
    "drover:index:Rke2NodePool": 2, // the control plane and one worker pool
    "drover:index:HarvesterKeyPair": 1,
    "kubernetes:harvesterhci.io/v1beta1:KeyPair": 1,
    "tls:index/privateKey:PrivateKey": 2, // the nodes' SSH key and Flux's deploy key
    "random:index/randomPassword:RandomPassword": 1, // the join token
    "drover:index:RancherRegistration": 1,
    "kubernetes:provisioning.cattle.io/v1:Cluster": 1,
    "pulumi-nodejs:dynamic:FluxBootstrapRecord": 1,
    "pulumi-nodejs:dynamic:RancherImport": 1,
    "drover:index:FluxBootstrap": 1,
    "command:local:Command": 1, // Flux's destroy-time clean-up
    "kubernetes:source.toolkit.fluxcd.io/v1:GitRepository": 1,
    "kubernetes:kustomize.toolkit.fluxcd.io/v1:Kustomization": 1,
    // Flux's install.yaml (the fixture), object by object
    "kubernetes:core/v1:Namespace": 1,
    "kubernetes:core/v1:ResourceQuota": 1,
    "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition": 3,
    "kubernetes:core/v1:ServiceAccount": 4,
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole": 1,
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": 2,
    "kubernetes:core/v1:Service": 3,
    "kubernetes:apps/v1:Deployment": 4,
    "kubernetes:networking.k8s.io/v1:NetworkPolicy": 4, // Flux's three and drover's default deny
};

/** Per node: its component, VM and cloud-init Secret, and its readiness gate. */
function expectedCounts(nodes: number): Record<string, number> {
    return {
        ...PER_CLUSTER,
        "drover:index:HarvesterVirtualMachine": nodes,
        [T.vm]: nodes,
        [T.secret]: nodes + 1, // plus Flux's source Secret
        "command:remote:Command": nodes + 1, // plus reading the kubeconfig
    };
}

describe.each([
    ["dev", 1, 1],
    ["staging", 3, 2],
    ["prod", 3, 3],
])("the %s stack", (env, servers, workers) => {
    test(`registers ${servers} server(s), ${workers} worker(s) and exactly these resources`, () => {
        expect(counts(runs[env].recorded)).toEqual(expectedCounts(servers + workers));
        const vms = ofType(runs[env].recorded, T.vm).map((r) => r.inputs.metadata.name as string);
        const name = `${env}-a`;
        expect(vms).toEqual(
            expect.arrayContaining([
                ...Array.from({ length: servers }, (_, i) => `${name}-cp-${i}`),
                ...Array.from({ length: workers }, (_, i) => `${name}-general-${i}`),
            ]),
        );
    });

    test("outputs the kubeconfig as a secret, and the Rancher id, deploy key and summary in plain", async () => {
        const { outputs } = runs[env];
        const name = `${env}-a`;
        expect(await isSecret(outputs.kubeconfigs)).toBe(true);
        const kubeconfig = YAML.parse((await valueOf(outputs.kubeconfigs))[name] as string);
        const address = stackFile(env)["drover:clusters"] as Array<{ rke2: { registrationAddress: string } }>;
        expect(kubeconfig.clusters[0].cluster.server).toBe(`https://${address[0].rke2.registrationAddress}:6443`);
        expect(kubeconfig.users[0].user).toEqual(YAML.parse(RKE2_YAML).users[0].user);
        expect(await valueOf(outputs.rancherClusterIds[name])).toBe(RANCHER_CLUSTER_ID);
        expect(await isSecret(outputs.deployKeys[name])).toBe(false);
        expect(await valueOf(outputs.deployKeys[name])).toBe(PUBLIC_KEY);
        expect(outputs.summary.environment).toBe(env);
        expect(outputs.summary.mode).toBe("deploy");
        expect(outputs.summary.policyConfig).toBe(path.join(ROOT, `policies/config/${env}.json`));
        expect(await valueOf(outputs.summary.clusters[name].nodes)).toHaveLength(servers + workers);
        expect(await valueOf(outputs.summary.clusters[name].fluxPath)).toBe(`clusters/${env}/${name}`);
        expect(outputs.renderedSecrets).toBeUndefined();
    });

    test("never puts a secret into a plain input", () => {
        const secrets = [...Object.values(FAKE_SECRETS), GENERATED_TOKEN, PRIVATE_KEY.trim()];
        for (const r of runs[env].recorded) {
            const plain = plainStrings(r.inputs).join("\n");
            for (const s of secrets) {
                expect({ resource: `${r.type} ${r.name}`, leaked: plain.includes(s) }).toEqual({
                    resource: `${r.type} ${r.name}`,
                    leaked: false,
                });
            }
        }
        const providers = ofType(runs[env].recorded, T.provider).filter((p) => p.inputs.kubeconfig !== undefined);
        expect(providers.map((p) => [p.name, isSecretValue(p.inputs.kubeconfig)])).toEqual(
            providers.map((p) => [p.name, true]),
        );
    });

    test("downloads Flux from the site's file server with images from the site registry", () => {
        const deployments = ofType(runs[env].recorded, "kubernetes:apps/v1:Deployment");
        const images = deployments.map((d) => d.inputs.spec.template.spec.containers[0].image as string);
        expect(images).toHaveLength(4);
        expect(images.filter((i) => !i.startsWith("registry.internal:5000/fluxcd/"))).toEqual([]);
        expect(fetched[env]).toEqual([FLUX_INSTALL_URL]);
    });
});

/** The RKE2 cluster's settings, as policies see them. */
function rke2Settings(env: string) {
    return unwrapSecrets(ofType(runs[env].recorded, T.rke2)[0].inputs.settings);
}

function fluxHardening(env: string) {
    return ofType(runs[env].recorded, T.flux)[0].inputs.settings.hardening;
}

function secureBoot(env: string): boolean[] {
    return ofType(runs[env].recorded, T.vm).map(
        (r) => r.inputs.spec.template.spec.domain.firmware?.bootloader?.efi?.secureBoot === true,
    );
}

describe("the environments differ as real teams run them", () => {
    test("dev: a single small server, no hardening, installs from the internet", () => {
        const s = rke2Settings("dev");
        expect(s.serverCount).toBe(1);
        expect(s.profile).toBeUndefined();
        expect(s.etcdSnapshot).toEqual({});
        expect(s.airGapped).toBe(false);
        expect(secureBoot("dev")).toEqual([false, false]);
        expect(fluxHardening("dev")).toEqual({
            noCrossNamespaceRefs: false,
            noRemoteBases: false,
            networkPolicies: true,
        });
        const vm = ofType(runs.dev.recorded, T.vm)[0].inputs.spec.template.spec.domain;
        expect(vm.resources.limits).toEqual({ cpu: "2", memory: "4Gi" });
    });

    test.each(["staging", "prod"])(
        "%s: three CIS servers, snapshots in S3, air-gapped, secure boot, Flux locked down",
        (env) => {
            const s = rke2Settings(env);
            expect(s.serverCount).toBe(3);
            expect(s.profile).toBe("cis");
            expect(s.etcdSnapshot.s3).toEqual({
                endpoint: "s3.example.internal:9000",
                bucket: "etcd-snapshots",
                folder: `${env}-a`,
            });
            expect(s.airGapped).toBe(true);
            expect(s.systemDefaultRegistry).toBe("registry.internal:5000");
            expect(secureBoot(env).every((b) => b)).toBe(true);
            expect(fluxHardening(env)).toEqual({
                noCrossNamespaceRefs: true,
                noRemoteBases: true,
                defaultServiceAccount: "flux-tenant",
                networkPolicies: true,
            });
        },
    );

    test("staging is prod at a smaller size", () => {
        const limits = (env: string) =>
            ofType(runs[env].recorded, T.vm)
                .filter((r) => r.inputs.metadata.name === `${env}-a-cp-0`)
                .map((r) => r.inputs.spec.template.spec.domain.resources.limits)[0];
        expect(limits("staging")).toEqual({ cpu: "2", memory: "8Gi" });
        expect(limits("prod")).toEqual({ cpu: "4", memory: "16Gi" });
        const replicas = (env: string) =>
            ofType(runs[env].recorded, T.image)[0].inputs.spec.storageClassParameters.numberOfReplicas;
        expect([replicas("staging"), replicas("prod")]).toEqual(["2", "3"]);
    });

    test("only prod requires every policy to be mandatory", () => {
        expect(["dev", "staging", "prod"].map((e) => runs[e].outputs.summary.requireMandatoryPolicies)).toEqual([
            false,
            false,
            true,
        ]);
    });

    test("the etcd S3 keys and the registry password reach the nodes only inside their secret user data", () => {
        const cloudInit = ofType(runs.prod.recorded, T.secret).filter((r) => r.name.endsWith("-cloudinit"));
        for (const s of cloudInit) {
            expect(isSecretValue(s.inputs.data)).toBe(true);
            const userData = Buffer.from(unwrapSecrets(s.inputs.data).userdata as string, "base64").toString();
            expect(userData).toContain(FAKE_SECRETS["drover:registryPassword"]);
        }
        const server = cloudInit.find((s) => s.name === "prod-a-rke2-cp-0-cloudinit") as RecordedResource;
        const userData = Buffer.from(unwrapSecrets(server.inputs.data).userdata as string, "base64").toString();
        expect(userData).toContain(FAKE_SECRETS["drover:etcdS3SecretKey"]);
    });
});

describe("a platform stack instead of kubeconfig secrets", () => {
    test("reads the Harvester and Rancher kubeconfigs from the StackReference, as secrets", async () => {
        serveFluxInstall();
        const run = await runStackOk("prod", stackFile("prod"), {
            config: { "drover:platformStack": "organization/drover-platform/prod" },
            secrets: {
                "drover:etcdS3AccessKey": FAKE_SECRETS["drover:etcdS3AccessKey"],
                "drover:etcdS3SecretKey": FAKE_SECRETS["drover:etcdS3SecretKey"],
                "drover:registryPassword": FAKE_SECRETS["drover:registryPassword"],
            },
            platformOutputs: { harvesterKubeconfig: "platform-harvester-kc", rancherKubeconfig: "platform-rancher-kc" },
        });
        jest.restoreAllMocks();
        const [ref] = ofType(run.recorded, T.stackRef);
        expect(ref.inputs.name).toBe("organization/drover-platform/prod");
        const providers = Object.fromEntries(
            ofType(run.recorded, T.provider).map((p) => [p.name, p.inputs.kubeconfig]),
        );
        expect(isSecretValue(providers.harvester)).toBe(true);
        expect(unwrapSecrets(providers.harvester)).toBe("platform-harvester-kc");
        expect(unwrapSecrets(providers.rancher)).toBe("platform-rancher-kc");
        const [importer] = ofType(run.recorded, "pulumi-nodejs:dynamic:RancherImport");
        expect(isSecretValue(importer.inputs.rancherKubeconfig)).toBe(true);
        expect(unwrapSecrets(importer.inputs.rancherKubeconfig)).toBe("platform-rancher-kc");
        expect(run.outputs.summary.platformStack).toBe("organization/drover-platform/prod");
    });
});

describe("the project and stack files", () => {
    const proj = project();
    const stacks = ["dev", "staging", "prod", "local"];

    test("run precompiled JavaScript from dist/stacks/, with the stack files in stacks/", () => {
        expect(proj.name).toBe("drover");
        expect(proj.runtime).toEqual({ name: "nodejs", options: { typescript: false } });
        // The file, not the directory: with a directory the Node.js host runs the nearest package.json's `main`,
        // which is the library (dist/index.js), not the stack program (pulumi/pulumi#16363).
        expect(proj.main).toBe("dist/stacks/index.js");
        expect(proj.stackConfigDir).toBe("stacks");
    });

    test("declare every key the stacks set, with a description, typed where Pulumi's types fit", () => {
        for (const env of stacks) {
            for (const key of Object.keys(stackFile(env))) {
                const decl = proj.config[key.replace(/^drover:/, "")];
                expect({ key, declared: decl !== undefined && (decl.description ?? "").length > 0 }).toEqual({
                    key,
                    declared: true,
                });
            }
        }
        for (const [key, decl] of Object.entries(proj.config)) {
            if (decl.type !== undefined) {
                expect({ key, type: ["string", "integer", "boolean", "array"].includes(decl.type) }).toEqual({
                    key,
                    type: true,
                });
            }
        }
    });

    test("hold no secrets: no secure values and no secret-looking keys", () => {
        for (const env of stacks) {
            const text = fs.readFileSync(path.join(ROOT, "stacks", `Pulumi.${env}.yaml`), "utf8");
            expect(text).not.toMatch(/^\s*[^#\n]*\bsecure:/m);
            const keys = Object.keys(stackFile(env));
            expect(keys.filter((k) => /password|secret|token|kubeconfig|privatekey|accesskey/i.test(k))).toEqual([]);
        }
    });

    test("document the secrets to set with pulumi config set --secret at the top of each deploying stack", () => {
        const needed: Record<string, string[]> = {
            dev: ["harvesterKubeconfig", "rancherKubeconfig"],
            staging: [
                "harvesterKubeconfig",
                "rancherKubeconfig",
                "etcdS3AccessKey",
                "etcdS3SecretKey",
                "registryPassword",
            ],
            prod: [
                "harvesterKubeconfig",
                "rancherKubeconfig",
                "etcdS3AccessKey",
                "etcdS3SecretKey",
                "registryPassword",
            ],
        };
        for (const [env, keys] of Object.entries(needed)) {
            const header = fs
                .readFileSync(path.join(ROOT, "stacks", `Pulumi.${env}.yaml`), "utf8")
                .split("\nconfig:")[0];
            for (const k of keys) {
                expect(header).toContain(`pulumi config set -s ${env} --secret drover:${k} `);
            }
        }
    });
});
