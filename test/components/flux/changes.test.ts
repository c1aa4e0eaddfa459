import { DroverInputError } from "../../../components/common/errors";
import { fluxBootstrapArgsSchema } from "../../../components/flux/argsSchema";
import {
    BootstrapRecordInputs,
    bootstrapRecordProvider,
    fixedSettingChanges,
    fixedSettingMessage,
} from "../../../components/flux/bootstrapRecord";
import { FLUX_CHANGES, FLUX_FIXED_FIELDS } from "../../../components/flux/changes";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const fixes = Object.fromEntries(FLUX_FIXED_FIELDS.map((k) => [k, FLUX_CHANGES[k].effect]));
const recorded: BootstrapRecordInputs = { resourceName: "dev-a-flux", mode: "operator", path: "clusters/dev/a", fixes };

describe("what each Flux setting change does (FLUX_CHANGES)", () => {
    test("classifies every argument the schema accepts, and nothing else", () => {
        const schemaKeys = Object.keys((fluxBootstrapArgsSchema as unknown as { shape: object }).shape).sort();
        expect(schemaKeys.length).toBeGreaterThan(20);
        expect(Object.keys(FLUX_CHANGES).sort()).toEqual(schemaKeys);
    });

    test("gives every setting a class and says what a change does", () => {
        for (const [k, c] of Object.entries(FLUX_CHANGES)) {
            expect([k, ["applied", "fixed"].includes(c.class), c.effect.length > 20]).toEqual([k, true, true]);
        }
    });

    test("fixes mode and path only: everything else reaches the cluster", () => {
        expect([...FLUX_FIXED_FIELDS].sort()).toEqual(["mode", "path"]);
    });
});

describe("the bootstrap record's check", () => {
    test("accepts the first bootstrap (nothing recorded) and an unchanged record", async () => {
        expect(fixedSettingChanges({}, recorded)).toEqual([]);
        expect(fixedSettingChanges(recorded, { ...recorded })).toEqual([]);
        expect(await bootstrapRecordProvider.check!({}, recorded)).toEqual({ inputs: recorded });
    });

    test("refuses a new path with drover's message: the field, the old and new value, and the fix", async () => {
        const news = { ...recorded, path: "clusters/dev/b" };
        const problems = fixedSettingChanges(recorded, news);
        expect(problems).toEqual([
            {
                path: "path",
                value: "clusters/dev/b",
                reason: `cannot change after Flux is bootstrapped (it was "clusters/dev/a"): ${FLUX_CHANGES.path.effect}`,
            },
        ]);
        const message = fixedSettingMessage(news, problems);
        expect(message).toBe(new DroverInputError("FluxBootstrap", "dev-a-flux", problems).message);
        expect(message).toMatch(
            /^FluxBootstrap "dev-a-flux": path "clusters\/dev\/b" cannot change after Flux is bootstrapped \(it was "clusters\/dev\/a"\): `flux bootstrap` refuses/,
        );
        const res = await bootstrapRecordProvider.check!(recorded, news);
        expect(res.failures).toEqual([{ property: "path", reason: message }]);
    });

    test("refuses a mode switch, and lists both when both change", () => {
        const news = { ...recorded, mode: "manifests", path: "x" };
        const problems = fixedSettingChanges(recorded, news);
        expect(problems.map((p) => [p.path, p.value])).toEqual([
            ["mode", "manifests"],
            ["path", "x"],
        ]);
        expect(fixedSettingMessage(news, problems)).toContain(
            'FluxBootstrap "dev-a-flux": 2 problems:\n  - mode "manifests"',
        );
    });

    test("waits for a value known only at deploy time instead of refusing it at preview", () => {
        expect(fixedSettingChanges(recorded, { ...recorded, path: UNKNOWN })).toEqual([]);
    });

    test("diff reports a change only when the record changes; create and update keep the inputs", async () => {
        const p = bootstrapRecordProvider;
        expect(await p.diff!("id", recorded, { ...recorded })).toEqual({ changes: false });
        expect(await p.diff!("id", recorded, { ...recorded, fixes: { ...fixes, path: "other" } })).toEqual({
            changes: true,
        });
        expect(await p.create(recorded)).toEqual({ id: "flux-bootstrap-dev-a-flux", outs: recorded });
        expect(await p.update!("id", recorded, recorded)).toEqual({ outs: recorded });
    });
});
