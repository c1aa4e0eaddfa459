import { containsSecret, parseK8sType, renameTemplate, TemplateResource } from "../../bench/raw";
import { ratio, table, verdict } from "../../bench/stats";

describe("ratio and verdict", () => {
    test("rounds to three decimals and compares against the limit", () => {
        expect(ratio(41651, 4274)).toBe(9.745);
        expect(verdict(1.25, 1.25)).toBe("met");
        expect(verdict(1.251, 1.25)).toBe("missed");
    });
});

describe("table", () => {
    test("pads every column to its widest cell", () => {
        expect(
            table(
                ["n", "ms"],
                [
                    [1, 12345],
                    [100, 7],
                ],
            ).split("\n"),
        ).toEqual(["  n     ms", "---  -----", "  1  12345", "100      7"]);
    });
});

describe("parseK8sType", () => {
    test("splits group, version and kind, and rejects other providers' types", () => {
        expect(parseK8sType("kubernetes:kubevirt.io/v1:VirtualMachine")).toEqual({
            group: "kubevirt.io",
            version: "v1",
            kind: "VirtualMachine",
        });
        expect(parseK8sType("kubernetes:core/v1:Secret")).toEqual({ group: "core", version: "v1", kind: "Secret" });
        expect(parseK8sType("random:index/randomPassword:RandomPassword")).toBeUndefined();
    });
});

describe("the flat fleet's template", () => {
    const SIG = "4dabf18193072939515e22adb298388d";
    test("finds secrets nested in inputs", () => {
        expect(containsSecret({ data: { userdata: { [SIG]: SIG, value: "x" } } })).toBe(true);
        expect(containsSecret({ data: { userdata: "x" } })).toBe(false);
    });

    test("renames the first cluster to the i-th everywhere", () => {
        const t: TemplateResource[] = [
            {
                type: "kubernetes:core/v1:Secret",
                name: "bench-000-cp-0-cloudinit",
                provider: "bench-000-render-harvester",
                inputs: { metadata: { name: "bench-000-cp-0" } },
                secretKeys: [],
            },
        ];
        const r = renameTemplate(t, 42)[0];
        expect([r.name, r.provider, (r.inputs.metadata as { name: string }).name]).toEqual([
            "bench-042-cp-0-cloudinit",
            "bench-042-render-harvester",
            "bench-042-cp-0",
        ]);
        expect(t[0].name).toBe("bench-000-cp-0-cloudinit");
    });
});
