import * as path from "path";
import { DroverInputError } from "../../../components/common/errors";
import { FleetConfig, isSecretLookingKey, parseFleetConfig } from "../../../components/fleet";
import { programConfig, ROOT, stackFile } from "../../stacks/support/stackConfig";

/** parseFleetConfig on its own: what a valid environment turns into. Malformed ones are in test/stacks. */

const SECRET_KEYS = ["drover:harvesterKubeconfig", "drover:rancherKubeconfig"];
const kc = "apiVersion: v1\nkind: Config\n";

function parse(
    stack: string,
    values: Record<string, unknown> = stackFile(stack),
    secrets: Record<string, string> = {},
): FleetConfig {
    return parseFleetConfig(
        stack,
        { ...programConfig(stack, values), ...secrets },
        {
            secretKeys: Object.keys(secrets),
            rootDirectory: ROOT,
        },
    );
}

const devSecrets = { "drover:harvesterKubeconfig": kc, "drover:rancherKubeconfig": kc };

test("the dev stack: the environment's Flux and Rancher settings merged under the cluster's", () => {
    const cfg = parse("dev", stackFile("dev"), devSecrets);
    expect(cfg).toMatchObject({
        stack: "dev",
        environment: "dev",
        policyConfig: path.join(ROOT, "policies/config/dev.json"),
        requireMandatoryPolicies: false,
    });
    expect(cfg.renderDirectory).toBeUndefined();
    expect(cfg.secrets).toEqual({
        harvesterKubeconfig: true,
        rancherKubeconfig: true,
        etcdS3AccessKey: false,
        etcdS3SecretKey: false,
        registryPassword: false,
        nodeSshPrivateKey: false,
        rke2JoinTokens: false,
        gitHttpsToken: false,
        gitSshPrivateKey: false,
    });
    const [c] = cfg.clusters;
    expect(c.name).toBe("dev-a");
    expect(c.rancher).toEqual({
        caChecksum: (stackFile("dev")["drover:rancher"] as { caChecksum: string }).caChecksum,
        labels: { tier: "dev" },
    });
    expect(c.flux).toMatchObject({ mode: "manifests", version: "v2.7.0", interval: "5m" });
    expect(c.rke2.controlPlane).toEqual({ count: 1, cpu: 2, memory: "4Gi", diskSize: "30Gi" });
});

test("the local stack: render mode, with paths resolved against the project, and no secrets needed", () => {
    const cfg = parse("local");
    expect(cfg.renderDirectory).toBe(path.join(ROOT, "out"));
    expect(cfg.clusters[0].flux?.operatorManifest).toBe(path.join(ROOT, "stacks/local/flux-operator-standin.yaml"));
    expect(Object.values(cfg.secrets).some((s) => s)).toBe(false);
});

describe("parts switch on and off", () => {
    const values = (clusterPart: Record<string, unknown>) => {
        const v = JSON.parse(JSON.stringify(stackFile("dev")));
        Object.assign(v["drover:clusters"][0], clusterPart);
        return v;
    };

    test("a cluster's enabled: false switches off what the environment configures", () => {
        const cfg = parse("dev", values({ rancher: { enabled: false }, flux: { enabled: false } }), {
            "drover:harvesterKubeconfig": kc,
        });
        expect(cfg.clusters[0].rancher).toBeUndefined();
        expect(cfg.clusters[0].flux).toBeUndefined();
    });

    test("a cluster's own keys win over the environment's", () => {
        const cfg = parse("dev", values({ flux: { branch: "dev-a", interval: "2m" } }), devSecrets);
        expect(cfg.clusters[0].flux).toMatchObject({ branch: "dev-a", interval: "2m", version: "v2.7.0" });
    });

    test("a part the environment does not configure is on for the cluster that does", () => {
        const v = values({});
        delete v["drover:rancher"];
        delete v["drover:clusters"][0].rancher;
        v["drover:clusters"][0].rancher = { caChecksum: "ef".repeat(32) };
        const cfg = parse("dev", v, devSecrets);
        expect(cfg.clusters[0].rancher).toEqual({ caChecksum: "ef".repeat(32) });
    });
});

test("takes structured values as JSON text or parsed, and treats empty defaults as unset", () => {
    const text = programConfig("dev");
    const parsed = Object.fromEntries(Object.entries(text).map(([k, v]) => [k, /^[[{]/.test(v) ? JSON.parse(v) : v]));
    const a = parseFleetConfig("dev", { ...text, ...devSecrets }, { secretKeys: SECRET_KEYS, rootDirectory: ROOT });
    const b = parseFleetConfig("dev", { ...parsed, ...devSecrets }, { secretKeys: SECRET_KEYS, rootDirectory: ROOT });
    expect(b).toEqual(a);
    expect(text["drover:platformStack"]).toBe("");
    expect(a.platformStack).toBeUndefined();
});

test("structured text that is not JSON is reported at its key", () => {
    const config = { ...programConfig("dev"), ...devSecrets, "drover:clusters": "[{name: dev-a" };
    let error: unknown;
    try {
        parseFleetConfig("dev", config, { secretKeys: SECRET_KEYS, rootDirectory: ROOT });
    } catch (e) {
        error = e;
    }
    expect(DroverInputError.isDroverInputError(error)).toBe(true);
    const [p] = (error as DroverInputError).problems;
    expect(p.path).toBe("clusters");
    expect(p.reason).toMatch(/^is not valid structured configuration \(.+\)$/);
});

test.each([
    ["drover:harvesterKubeconfig", true],
    ["drover:gitSshPrivateKey", true],
    ["drover:etcdS3AccessKey", true],
    ["kubernetes:kubeconfig", true],
    ["aws:secretKey", true],
    ["drover:adminPassword", true],
    ["drover:apiToken", true],
    ["drover:renderDirectory", false],
    ["drover:policyConfig", false],
    ["drover:requireMandatoryPolicies", false],
    ["drover:clusters", false],
])("%s looks like a credential: %s", (key, expected) => {
    expect(isSecretLookingKey(key)).toBe(expected);
});
