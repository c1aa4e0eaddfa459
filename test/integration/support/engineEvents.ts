import { CliResult } from "./cliProject";

/** The engine events `pulumi preview --json` streams with PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true. */
export const STREAMING_JSON = { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" } as const;

interface RawEvent {
    policyEvent?: {
        resourceUrn?: string;
        message: string;
        policyName: string;
        policyPackName: string;
        enforcementLevel: string;
    };
    policyAnalyzeSummaryEvent?: { resourceUrn: string; policyPackName: string; passed?: string[]; failed?: string[] };
    diagnosticEvent?: { message: string; severity: string };
    summaryEvent?: { result?: string; PolicyPacks?: Record<string, string> };
}

/** One policy violation (or advisory note) as the CLI reported it. */
export interface Violation {
    policy: string;
    level: string;
    /** `<type>::<name>` of the resource, the type without its parents' (`kubernetes:core/v1:Pod::debug`). */
    resource: string;
    /** The violation's own message: the event's text after the policy's description line. */
    message: string;
}

/** What a streamed preview reported about policies. */
export interface PolicyReport {
    violations: Violation[];
    /** Per resource (`<type>::<name>`): the pack's policies that passed and failed on it. */
    summaries: Map<string, { passed: string[]; failed: string[] }>;
    /** Error diagnostics' messages, trimmed. */
    errors: string[];
    /** The summary event's result ("succeeded", "failed"), or undefined when the run ended without one. */
    result?: string;
    /** Policy packs the summary names (`name|local|path` -> version). */
    policyPacks: Record<string, string>;
}

/** `<type>::<name>` from a URN (urn:pulumi:stack::project::parent$type::name). */
export function resourceOf(urn: string): string {
    const parts = urn.split("::");
    const type = parts[parts.length - 2] ?? "";
    return `${type.slice(type.lastIndexOf("$") + 1)}::${parts[parts.length - 1]}`;
}

/** Parses the JSON lines of a streamed preview; fails on output that is not an event. */
export function policyReport(r: CliResult): PolicyReport {
    const report: PolicyReport = { violations: [], summaries: new Map(), errors: [], policyPacks: {} };
    for (const line of r.stdout.split("\n").filter((l) => l.trim() !== "")) {
        let e: RawEvent;
        try {
            e = JSON.parse(line) as RawEvent;
        } catch {
            throw new Error(`not an engine event: ${line}\nstderr:\n${r.stderr}`);
        }
        if (e.policyEvent) {
            const p = e.policyEvent;
            report.violations.push({
                policy: p.policyName,
                level: p.enforcementLevel,
                resource: p.resourceUrn ? resourceOf(p.resourceUrn) : "(stack)",
                message: p.message.trim().split("\n").slice(1).join("\n"),
            });
        }
        if (e.policyAnalyzeSummaryEvent) {
            const s = e.policyAnalyzeSummaryEvent;
            report.summaries.set(resourceOf(s.resourceUrn), { passed: s.passed ?? [], failed: s.failed ?? [] });
        }
        if (e.diagnosticEvent?.severity === "error") {
            report.errors.push(e.diagnosticEvent.message.trim());
        }
        if (e.summaryEvent) {
            report.result = e.summaryEvent.result;
            report.policyPacks = e.summaryEvent.PolicyPacks ?? {};
        }
    }
    return report;
}
