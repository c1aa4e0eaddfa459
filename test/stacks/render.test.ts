import * as pulumi from "@pulumi/pulumi";
import { REDACTED_ANNOTATION, redactRenderedSecrets } from "../../components/fleet";
import { asStackTransformation, engineTransformsAvailable, registerStackTransform } from "../../stacks/render";
import { recordResources, RecordedResource, unwrapSecrets } from "../support/mocks";

/** How the stack registers its stack-wide redaction, depending on what the language host supports. */

let recorded: RecordedResource[];

/** A Secret registered by something other than drover (a plain CustomResource of the Secret type). */
class ForeignSecret extends pulumi.CustomResource {}

beforeAll(async () => {
    recorded = await recordResources({ stack: "local" });
});

afterEach(() => jest.restoreAllMocks());

test.each([
    ["/work/project", true],
    ["rootDirectory", false], // the placeholder the SDK reports when an old host passes no root
    ["", false],
])("engine-side transforms with root directory %j: %s", (root, expected) => {
    expect(engineTransformsAvailable(root)).toBe(expected);
});

test("registers the transform in the engine when the host passes a real project root", () => {
    jest.spyOn(pulumi.runtime, "getRootDirectory").mockReturnValue("/work/project");
    const engine = jest.spyOn(pulumi.runtime, "registerResourceTransform").mockImplementation(() => undefined);
    const sdk = jest.spyOn(pulumi.runtime, "registerStackTransformation");
    registerStackTransform(redactRenderedSecrets);
    expect(engine).toHaveBeenCalledWith(redactRenderedSecrets);
    expect(sdk).not.toHaveBeenCalled();
});

test("on an old host, redacts in the SDK every Secret registered afterwards, with a warning", async () => {
    const warn = jest.spyOn(pulumi.log, "warn").mockImplementation(async () => undefined);
    const engine = jest.spyOn(pulumi.runtime, "registerResourceTransform");
    await pulumi.runtime.runInPulumiStack(async () => {
        registerStackTransform(redactRenderedSecrets);
        new ForeignSecret("kubernetes:core/v1:Secret", "foreign", {
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "foreign", namespace: pulumi.output("apps") },
            stringData: pulumi.secret({ password: "hunter2" }),
        });
        return {};
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(engine).not.toHaveBeenCalled();
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
        "drover: this Node.js language host cannot run engine-side transforms; the stack-wide Secret redaction runs in the program instead (it does not reach children of multi-language components).",
    ]);
    const secret = recorded.find((r) => r.name === "foreign") as RecordedResource;
    expect(unwrapSecrets(secret.inputs)).toEqual({
        apiVersion: "v1",
        kind: "Secret",
        metadata: {
            name: "foreign",
            namespace: "apps",
            annotations: {
                [REDACTED_ANNOTATION]:
                    'value is secret and not rendered; drover\'s own Secrets are in stack output renderedSecrets (--show-secrets), key "apps/foreign"',
            },
        },
    });
});

test("adapting refuses an asynchronous transform rather than skipping it", () => {
    const t = asStackTransformation(async () => undefined);
    const resource = {} as pulumi.Resource;
    expect(() => t({ resource, type: "kubernetes:core/v1:Secret", name: "s", props: {}, opts: {} })).toThrow(
        'drover: the stack transform for kubernetes:core/v1:Secret "s" is asynchronous and cannot run in the SDK',
    );
});
