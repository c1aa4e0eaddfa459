import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { DroverInputError, formatProblem } from "../../../components/common/errors";
import { quantity } from "../../../components/common/rules";
import { collectProblems, formatPath, isUnknownInput, validateArgs } from "../../../components/common/validation";

const schema = z.strictObject({
    namespace: z.string(),
    disks: z.array(z.strictObject({ name: z.string(), size: quantity("20Gi") })),
    count: z.number().int().min(1).optional(),
});

describe("formatPath", () => {
    it.each([
        [["disks", 0, "size"], "disks[0].size"],
        [["clusters", 1, "controlPlane", "count"], "clusters[1].controlPlane.count"],
        [[], ""],
        [[3], "[3]"],
    ])("renders %j as %s", (input, expected) => {
        expect(formatPath(input)).toBe(expected);
    });
});

describe("validateArgs", () => {
    it("names the component, the path, the value and the fix", () => {
        expect(() =>
            validateArgs("HarvesterVirtualMachine", "web-0", schema, {
                namespace: "default",
                disks: [{ name: "root", size: "20GB" }],
            }),
        ).toThrow(
            'HarvesterVirtualMachine "web-0": disks[0].size "20GB" is not a Kubernetes quantity; use e.g. "20Gi"',
        );
    });

    it("reports every problem at once, one per line", () => {
        let err: unknown;
        try {
            validateArgs("X", "x", schema, { disks: [{ name: "a", size: "1Gb", extra: 1 }], count: 0, typo: true });
        } catch (e) {
            err = e;
        }
        expect(DroverInputError.isDroverInputError(err)).toBe(true);
        const e = err as DroverInputError;
        expect(e.message).toBe(
            [
                'X "x": 5 problems:',
                "  - namespace is required",
                '  - disks[0].size "1Gb" is not a Kubernetes quantity; use e.g. "20Gi"',
                "  - disks[0].extra is not a known field; remove it or fix its spelling",
                "  - count 0 must be at least 1",
                "  - typo is not a known field; remove it or fix its spelling",
            ].join("\n"),
        );
        expect(e.errors.map((x) => x.propertyPath)).toEqual([
            "namespace",
            "disks[0].size",
            "disks[0].extra",
            "count",
            "typo",
        ]);
        expect(e).toBeInstanceOf(pulumi.InputPropertiesError);
    });

    it("skips values that are unknown until deployment", () => {
        const problems = collectProblems(schema, {
            namespace: pulumi.output("default"),
            disks: [{ name: Promise.resolve("root"), size: pulumi.output("nonsense") }],
        });
        expect(problems).toEqual([]);
    });

    it("still checks the known siblings of unknown values", () => {
        const problems = collectProblems(schema, {
            namespace: pulumi.output("x"),
            disks: [{ name: "a", size: "ten" }],
        });
        expect(problems.map(formatProblem)).toEqual([
            'disks[0].size "ten" is not a Kubernetes quantity; use e.g. "20Gi"',
        ]);
    });

    it("reports the wrong type with the expected one", () => {
        expect(collectProblems(schema, { namespace: 3, disks: [] }).map(formatProblem)).toEqual([
            "namespace 3 must be a string",
        ]);
    });
});

describe("isUnknownInput", () => {
    it.each([
        { what: "an Output", v: pulumi.output(1), expected: true },
        { what: "a Promise", v: Promise.resolve(1), expected: true },
        { what: "a plain object", v: { a: 1 }, expected: false },
        { what: "an array", v: [1], expected: false },
        { what: "a string", v: "s", expected: false },
        { what: "null", v: null, expected: false },
    ])("$what is unknown: $expected", ({ v, expected }) => {
        expect(isUnknownInput(v)).toBe(expected);
    });
});
