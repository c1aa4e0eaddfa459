// Run-time code of FluxBootstrapRecord. Pulumi serializes the provider below into the state of a dynamic resource,
// so this file keeps to what Pulumi's closure serializer handles: named imports of pulumi-free modules, plain
// functions and objects (see components/rancher/live/http.ts).
import type * as pulumi from "@pulumi/pulumi";
import { formatMessage, InputProblem } from "../common/format";

/** What a FluxBootstrap records at bootstrap: the settings that cannot change afterwards, and how to change them. */
export interface BootstrapRecordInputs {
    /** The FluxBootstrap's resource name, for the message. */
    resourceName: string;
    mode: string;
    /** Normalised repository path. */
    path: string;
    /** Per fixed field: what to do instead (FLUX_CHANGES). */
    fixes: Record<string, string>;
}

const FIXED = ["mode", "path"] as const;

/** How the engine spells a value that is unknown during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * The changes of fixed settings between what was recorded at bootstrap (`olds`) and what the program asks for
 * (`news`), as drover input problems. Nothing when there is no record yet (first `up`) or a value is not known yet.
 */
export function fixedSettingChanges(olds: Partial<BootstrapRecordInputs>, news: BootstrapRecordInputs): InputProblem[] {
    const problems: InputProblem[] = [];
    for (const k of FIXED) {
        const was = olds[k];
        const now = news[k];
        if (was === undefined || now === UNKNOWN || was === UNKNOWN || was === now) {
            continue;
        }
        problems.push({
            path: k,
            value: now,
            reason: `cannot change after Flux is bootstrapped (it was ${JSON.stringify(was)}): ${news.fixes[k]}`,
        });
    }
    return problems;
}

/** The message a refused change gets: the one drover error's, word for word. */
export function fixedSettingMessage(news: BootstrapRecordInputs, problems: InputProblem[]): string {
    return formatMessage("FluxBootstrap", news.resourceName, problems);
}

function sameRecord(a: Partial<BootstrapRecordInputs>, b: BootstrapRecordInputs): boolean {
    return a.mode === b.mode && a.path === b.path && JSON.stringify(a.fixes) === JSON.stringify(b.fixes);
}

/**
 * The dynamic provider. `check` refuses a change of a fixed setting, at preview, before any object that depends on
 * the record reaches a provider; the record itself holds nothing secret and touches nothing outside the state.
 */
export const bootstrapRecordProvider: pulumi.dynamic.ResourceProvider = {
    async check(olds: Partial<BootstrapRecordInputs>, news: BootstrapRecordInputs) {
        const problems = fixedSettingChanges(olds ?? {}, news);
        if (problems.length === 0) {
            return { inputs: news };
        }
        const message = fixedSettingMessage(news, problems);
        return { inputs: news, failures: problems.map((p) => ({ property: p.path, reason: message })) };
    },
    async diff(_id: string, olds: BootstrapRecordInputs, news: BootstrapRecordInputs) {
        return { changes: !sameRecord(olds, news) };
    },
    async create(inputs: BootstrapRecordInputs) {
        return { id: `flux-bootstrap-${inputs.resourceName}`, outs: inputs };
    },
    async update(_id: string, _olds: BootstrapRecordInputs, news: BootstrapRecordInputs) {
        return { outs: news };
    },
};
