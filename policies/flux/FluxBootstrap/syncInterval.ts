import { readConfig } from "../../lib/config";
import { TYPES } from "../../lib/kinds";
import { FluxSettings, settingsOf } from "../../lib/settings";
import { DroverResourcePolicy } from "../../lib/types";
import { parseDuration } from "../../lib/values";

const GO_DURATION = "^((\\d+(\\.\\d+)?)(ns|us|µs|ms|s|m|h))+$";

function configDuration(name: string, value: string): number {
    const ms = parseDuration(value);
    if (Number.isNaN(ms)) {
        throw new Error(`flux-sync-interval: config ${name} ${JSON.stringify(value)} is not a Go duration`);
    }
    return ms;
}

/** Flux's sync interval is neither so short that it hammers Git nor so long that drift lingers. */
export const fluxSyncInterval: DroverResourcePolicy = {
    name: "flux-sync-interval",
    displayName: "Sane Flux sync interval",
    description: "A FluxBootstrap's sync interval is a Go duration between minInterval and maxInterval.",
    severity: "low",
    tags: ["flux", "operations"],
    url: "https://fluxcd.io/flux/components/source/gitrepositories/#interval",
    remediationSteps: 'Set the FluxBootstrap interval between minInterval and maxInterval, e.g. "1m0s".',
    configSchema: {
        properties: {
            minInterval: { type: "string", pattern: GO_DURATION, default: "1m", description: "Shortest interval." },
            maxInterval: { type: "string", pattern: GO_DURATION, default: "1h", description: "Longest interval." },
        },
    },
    validateResource: (args, reportViolation) => {
        const s = settingsOf<FluxSettings>(args, [TYPES.fluxBootstrap]);
        if (!s) {
            return;
        }
        const { minInterval, maxInterval } = readConfig(args, { minInterval: "1m", maxInterval: "1h" });
        const min = configDuration("minInterval", minInterval);
        const max = configDuration("maxInterval", maxInterval);
        const interval = s.interval;
        const ms = typeof interval === "string" ? parseDuration(interval) : NaN;
        if (Number.isNaN(ms)) {
            reportViolation(
                `settings.interval ${JSON.stringify(interval)} is not a Go duration; use e.g. "1m0s" or "10m"`,
            );
        } else if (ms < min) {
            reportViolation(
                `settings.interval ${JSON.stringify(interval)} is shorter than minInterval ${JSON.stringify(minInterval)}; polling that often loads the Git server`,
            );
        } else if (ms > max) {
            reportViolation(
                `settings.interval ${JSON.stringify(interval)} is longer than maxInterval ${JSON.stringify(maxInterval)}; drift would go uncorrected that long`,
            );
        }
    },
};
