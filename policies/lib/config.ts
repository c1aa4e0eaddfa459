import { PolicyConfigSchema } from "@pulumi/policy";

/** The stack environments the config files in policies/config/ describe. */
export type Environment = "dev" | "staging" | "prod";

/** The JSON schema of one config key. */
export type ConfigProperty = PolicyConfigSchema["properties"][string];

/** The JSON schema of the `environment` key that environment-dependent policies take. */
export const ENVIRONMENT_PROPERTY: ConfigProperty = {
    type: "string",
    enum: ["dev", "staging", "prod"],
    default: "prod",
    description:
        'The stack\'s environment, set by policies/config/<env>.json. Hardening checks run in "staging" and "prod" ' +
        'and are not applicable in "dev". Unset means "prod": an unconfigured pack is at its strictest.',
};

/** A config schema with only the `environment` key. */
export const ENVIRONMENT_SCHEMA: PolicyConfigSchema = { properties: { environment: ENVIRONMENT_PROPERTY } };

/** A JSON schema for a list of strings. */
export function stringList(description: string, defaults: readonly string[]): ConfigProperty {
    return { type: "array", items: { type: "string" }, default: [...defaults], description };
}

interface HasConfig {
    getConfig<T extends object>(): T;
}

/**
 * The policy's configuration with defaults filled in. The defaults are applied here, not only in the schema, so a
 * policy behaves the same whether or not the engine fills schema defaults and in unit tests.
 */
export function readConfig<T extends object>(args: HasConfig, defaults: T): T {
    const given = args.getConfig<Partial<T>>();
    const out: T = { ...defaults };
    for (const [k, v] of Object.entries(given ?? {})) {
        if (v !== undefined && k !== "enforcementLevel") {
            (out as Record<string, unknown>)[k] = v;
        }
    }
    return out;
}

/**
 * For policies that enforce production hardening: returns the environment, or marks the policy not applicable in
 * "dev". Staging runs the checks too (its config file keeps them advisory), so problems show one stage early.
 */
export function hardenedEnvironment(args: HasConfig & { notApplicable(reason?: string): never }): Environment {
    const { environment } = readConfig(args, { environment: "prod" as Environment });
    if (environment === "dev") {
        args.notApplicable('checked only in staging and prod; this stack\'s environment is "dev"');
    }
    return environment;
}
