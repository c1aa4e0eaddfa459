import { TYPES } from "../../lib/kinds";
import { FluxSettings, settingsOf } from "../../lib/settings";
import { DroverResourcePolicy } from "../../lib/types";

/** Flux over SSH trusts a pinned Git host key, never the first key it sees. */
export const fluxSshKnownHostsPinned: DroverResourcePolicy = {
    name: "flux-ssh-known-hosts-pinned",
    displayName: "Pinned known_hosts for Flux over SSH",
    description:
        "A FluxBootstrap with SSH auth pins the Git server's host key (known_hosts) instead of scanning it on " +
        "first use, which a man in the middle can answer.",
    severity: "high",
    tags: ["flux", "git", "tls"],
    url: "https://fluxcd.io/flux/components/source/gitrepositories/#ssh-authentication",
    remediationSteps:
        "Give the FluxBootstrap the Git server's known_hosts line (one key per line, ecdsa-sha2-nistp256 first).",
    validateResource: (args, reportViolation) => {
        const s = settingsOf<FluxSettings>(args, [TYPES.fluxBootstrap]);
        if (!s) {
            return;
        }
        if (s.auth !== "ssh") {
            args.notApplicable("the bootstrap does not use SSH");
        }
        if (s.knownHostsPinned !== true) {
            reportViolation(
                "settings.knownHostsPinned is false: the Git host key would be trusted on first use; pin known_hosts for the Git server",
            );
        }
    },
};
