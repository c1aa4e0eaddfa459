import {
    clusterSecretNote,
    genericSecretNote,
    REDACTED_ANNOTATION,
    redactRenderedSecrets,
    redactSecretProps,
    secretKey,
    secretValues,
} from "../../../components/fleet/render";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

const secret = () => ({
    apiVersion: "v1",
    kind: "Secret",
    type: "Opaque",
    metadata: { name: "prod-a-cp-0-cloudinit", namespace: "fleet-prod", labels: { app: "x" } },
    data: { userdata: b64("#cloud-config\ntoken: K10secret\n") },
    stringData: { extra: "s3cr3t" },
});

describe("redactSecretProps", () => {
    test("drops data and stringData and says where the values are", () => {
        const out = redactSecretProps(secret(), (m) => `see ${m?.namespace}/${m?.name}`);
        expect(out).toEqual({
            apiVersion: "v1",
            kind: "Secret",
            type: "Opaque",
            metadata: {
                name: "prod-a-cp-0-cloudinit",
                namespace: "fleet-prod",
                labels: { app: "x" },
                annotations: { [REDACTED_ANNOTATION]: "see fleet-prod/prod-a-cp-0-cloudinit" },
            },
        });
        expect(JSON.stringify(out)).not.toContain("s3cr3t");
    });

    test("keeps other annotations, and a second redaction keeps the first note", () => {
        const s = { ...secret(), metadata: { ...secret().metadata, annotations: { owner: "team" } } };
        const once = redactSecretProps(s, () => "first");
        const twice = redactSecretProps(once, () => "second");
        expect(twice).toEqual(once);
        expect(twice.metadata).toMatchObject({ annotations: { owner: "team", [REDACTED_ANNOTATION]: "first" } });
    });
});

describe("the stack-wide transform", () => {
    const opts = { protect: false };

    test("redacts a Secret with a note on where drover keeps its values", () => {
        const result = redactRenderedSecrets({
            custom: true,
            type: "kubernetes:core/v1:Secret",
            name: "s",
            props: secret(),
            opts,
        });
        expect(result).toEqual({
            props: {
                apiVersion: "v1",
                kind: "Secret",
                type: "Opaque",
                metadata: {
                    ...secret().metadata,
                    annotations: {
                        [REDACTED_ANNOTATION]:
                            'value is secret and not rendered; drover\'s own Secrets are in stack output renderedSecrets (--show-secrets), key "fleet-prod/prod-a-cp-0-cloudinit"',
                    },
                },
            },
            opts,
        });
    });

    test.each(["kubernetes:core/v1:ConfigMap", "kubernetes:core/v1:SecretPatch", "drover:index:FleetCluster"])(
        "leaves a %s alone",
        (type) => {
            expect(redactRenderedSecrets({ custom: true, type, name: "x", props: secret(), opts })).toBeUndefined();
        },
    );
});

test("secretValues decodes data and lays stringData over it, as the API server merges them", () => {
    expect(secretValues({ userdata: b64("#cloud-config\n"), password: b64("old") }, { password: "new" })).toEqual({
        userdata: "#cloud-config\n",
        password: "new",
    });
    expect(secretValues(undefined, undefined)).toEqual({});
});

test("a Secret's key is namespace/name, default namespace included", () => {
    expect(secretKey({ namespace: "flux-system", name: "flux-system" }, "r")).toBe("flux-system/flux-system");
    expect(secretKey({ name: "x" }, "r")).toBe("default/x");
    expect(secretKey(undefined, "resource-name")).toBe("default/resource-name");
    expect(clusterSecretNote("prod-a", "flux-system/flux-system")).toBe(
        'value is secret; see stack output renderedSecrets["prod-a"]["flux-system/flux-system"] with --show-secrets',
    );
    expect(genericSecretNote("a/b")).toContain('key "a/b"');
});
