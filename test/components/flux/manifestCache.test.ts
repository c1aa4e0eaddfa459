import { parseManifest } from "../../../components/flux/manifest";

// A fleet parses the same install manifest once per cluster (and again while validating); parseManifest keeps the
// objects of a text it has parsed. Each caller must still get objects of its own.

const TEXT = [
    "apiVersion: v1",
    "kind: Namespace",
    "metadata:",
    "  name: flux-system",
    "---",
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: source-controller",
    "  namespace: flux-system",
    "spec:",
    "  template:",
    "    spec:",
    "      containers:",
    "        - name: manager",
    "          image: ghcr.io/fluxcd/source-controller:v1.6.0",
    "",
].join("\n");

describe("parseManifest on a text it has parsed before", () => {
    it("gives equal objects, which the caller may change without touching anyone else's", () => {
        const first = parseManifest(TEXT);
        const second = parseManifest(TEXT);
        expect(second).toEqual(first);
        expect(second).not.toBe(first);
        (
            first[1].spec as { template: { spec: { containers: Array<{ image: string }> } } }
        ).template.spec.containers[0].image = "registry.internal/source-controller:v1.6.0";
        first[0].metadata.name = "changed";
        const third = parseManifest(TEXT);
        expect(third[0].metadata.name).toBe("flux-system");
        expect(third).toEqual(second);
    });

    it("gives plain arrays and objects of this realm, as the first parse does", () => {
        parseManifest(TEXT);
        const again = parseManifest(TEXT);
        expect(again).toBeInstanceOf(Array);
        expect(again[1].metadata).toBeInstanceOf(Object);
        expect(Object.getPrototypeOf(again[1].metadata)).toBe(Object.prototype);
    });

    it("parses another text anew, and still rejects a bad one every time", () => {
        expect(parseManifest(TEXT.replace("flux-system\n---", "other\n---"))[0].metadata.name).toBe("other");
        expect(() => parseManifest("a: [")).toThrow(/document 1 is not valid YAML/);
        expect(() => parseManifest("a: [")).toThrow(/document 1 is not valid YAML/);
    });
});
