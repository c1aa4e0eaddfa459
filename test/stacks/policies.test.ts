import { policies } from "../../policies/policies";
import { serveFluxInstall } from "./support/fluxDownloads";
import { Finding, findings, policyConfigFile } from "./support/policyRun";
import { FAKE_SECRETS, runStackOk } from "./support/runStack";
import { stackFile } from "./support/stackConfig";

// Each run composes whole stacks under mocks; the machine is shared, so allow for a slow one.
jest.setTimeout(60_000);

/**
 * Every policy of the pack (policies/policies.ts) against what each shipped stack registers, with the stack's own
 * policy config: the stacks must pass cleanly, and an insecure prod must be refused for each weakness.
 */

type Values = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

afterEach(() => jest.restoreAllMocks());

test("the pack has the policies these checks rely on", () => {
    expect(policies.length).toBeGreaterThanOrEqual(25);
});

test.each(["dev", "staging", "prod"])(
    "the shipped %s stack has no violation under its own policy config",
    async (env) => {
        serveFluxInstall();
        const run = await runStackOk(env, stackFile(env));
        const config = policyConfigFile(`${env}.json`);
        expect(await findings(run, config)).toEqual([]);
    },
);

/** A prod whose every hardening is undone, one field each. */
function insecureProd(): Values {
    const v = JSON.parse(JSON.stringify(stackFile("prod"))) as Values;
    const c = v["drover:clusters"][0];
    c.secureBoot = false;
    delete c.rke2.profile;
    delete c.rke2.protectKernelDefaults;
    delete c.rke2.etcdSnapshotS3;
    delete c.image.checksum;
    c.image.storageClassParameters.numberOfReplicas = "1";
    c.rke2.etcdSnapshotRetention = 100;
    v["drover:flux"] = { ...v["drover:flux"], noRemoteBases: false, networkPolicies: false, interval: "10s" };
    v["drover:rancher"] = { insecureSkipTlsVerify: true };
    return v;
}

function byPolicy(found: Finding[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const f of found) {
        out[f.policy] = (out[f.policy] ?? 0) + 1;
    }
    return out;
}

test("an insecure prod is refused by the mandatory policies, one violation per weakness and resource", async () => {
    serveFluxInstall();
    const secrets = {
        "drover:harvesterKubeconfig": FAKE_SECRETS["drover:harvesterKubeconfig"],
        "drover:rancherKubeconfig": FAKE_SECRETS["drover:rancherKubeconfig"],
        "drover:registryPassword": FAKE_SECRETS["drover:registryPassword"],
    };
    const run = await runStackOk("prod", insecureProd(), { secrets });
    const found = await findings(run, policyConfigFile("prod.json"));
    expect(found.every((f) => f.level === "mandatory")).toBe(true);
    expect(byPolicy(found)).toEqual({
        "harvester-vm-secure-boot": 6, // every node VM
        "harvester-image-checksum": 1,
        "harvester-image-storage-replicas": 1,
        "rke2-cis-profile": 3, // the cluster and both pools
        "rke2-etcd-snapshot-offsite": 2, // the cluster and the server pool
        "rke2-etcd-snapshot-retention": 2,
        "rancher-no-insecure-registration": 1,
        "flux-hardening": 2, // noRemoteBases, networkPolicies
        "flux-sync-interval": 1,
        "k8s-namespace-default-deny": 1, // flux-system, without Flux's policies and drover's default deny
    });
    const messages = found.map((f) => `${f.policy}: ${f.message}`);
    expect(messages).toEqual(
        expect.arrayContaining([
            'rancher-no-insecure-registration: settings.caTrust "insecure" applies the import manifest without verifying Rancher\'s certificate; use "bundle" (Rancher\'s CA) or "checksum"',
            'rke2-cis-profile: settings.profile is not set; production clusters run RKE2\'s CIS profile, set profile "cis"',
            "harvester-image-checksum: spec.checksum is not set; give the image's SHA-512 (sha512sum <image>) so Harvester verifies the download",
        ]),
    );
});

test("the same weaknesses only warn in dev, where the production-hardening policies do not apply", async () => {
    serveFluxInstall();
    const v = insecureProd();
    v["drover:environment"] = "dev";
    v["drover:policyConfig"] = "policies/config/dev.json";
    delete v["drover:requireMandatoryPolicies"];
    const secrets = {
        "drover:harvesterKubeconfig": FAKE_SECRETS["drover:harvesterKubeconfig"],
        "drover:rancherKubeconfig": FAKE_SECRETS["drover:rancherKubeconfig"],
        "drover:registryPassword": FAKE_SECRETS["drover:registryPassword"],
    };
    const found = await findings(await runStackOk("dev", v, { secrets }), policyConfigFile("dev.json"));
    expect(found.every((f) => f.level === "advisory")).toBe(true);
    expect(Object.keys(byPolicy(found)).sort()).toEqual([
        "flux-sync-interval",
        "harvester-image-checksum",
        "k8s-namespace-default-deny",
        "rke2-etcd-snapshot-retention",
    ]);
});
