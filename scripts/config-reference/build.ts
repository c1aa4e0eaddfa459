import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { CLUSTER_KEYS, CONFIG_NAMESPACE, topLevelSchema } from "../../components/fleet/configSchema";
import { CONFIG_SECRET_NAMES, CONFIG_SECRETS, setSecretCommand } from "../../components/fleet/configSecrets";
import { checksText, code, defaultText, Excluded, Row, Section, typeText } from "./rows";
import { documentWith, FieldPath, formatFieldPath, isUnder, ITEM, schemaFields } from "./schemaFields";
import { enabledDescription, PART_SECTIONS, PartSection } from "./sections";
import { TsDocs } from "./tsDocs";

/** A key declared in Pulumi.yaml's `config:` block. */
interface ProjectKey {
    description?: string;
    default?: unknown;
}

/** The reference, and the keys it found no description for. */
export interface Reference {
    sections: Section[];
    /** Keys without a description in the schema, the argument interfaces or Pulumi.yaml. */
    undocumented: string[];
}

function projectKeys(repo: string): Record<string, ProjectKey> {
    const project = YAML.parse(fs.readFileSync(path.join(repo, "Pulumi.yaml"), "utf8")) as {
        config?: Record<string, ProjectKey>;
    };
    return project.config ?? {};
}

/** A Pulumi.yaml default as Markdown; `""` is the project's way of saying "unset". */
function projectDefault(v: unknown): string | undefined {
    return v === undefined || v === "" ? undefined : code(JSON.stringify(v));
}

function environmentSection(project: Record<string, ProjectKey>): Section {
    const secrets = new Set<string>(CONFIG_SECRET_NAMES);
    const rows = schemaFields(topLevelSchema)
        .filter((f) => f.path.length === 1 && !secrets.has(f.path[0]))
        .map((f): Row => ({
            key: f.path[0],
            type: typeText(f.node),
            required: f.required,
            default: projectDefault(project[f.path[0]]?.default),
            description: f.node.description ?? project[f.path[0]]?.description?.trim() ?? "",
            checks: checksText(f.node),
        }));
    return {
        title: "Environment keys",
        intro: [
            `Plain keys of the stack configuration, \`${CONFIG_NAMESPACE}:<key>\` in \`stacks/Pulumi.<env>.yaml\`. Descriptions and defaults come from \`Pulumi.yaml\`.`,
        ],
        rows,
        excluded: [],
    };
}

function secretsSection(project: Record<string, ProjectKey>): Section {
    const rows = CONFIG_SECRET_NAMES.map((k): Row => ({
        key: k,
        type: "string, secret",
        required: false,
        description: [CONFIG_SECRETS[k], project[k]?.description?.replace(/^Secret\.\s*/, "").trim()]
            .filter((s) => s !== undefined && s !== "")
            .join(". "),
        checks: [`set only with ${code(setSecretCommand(`${CONFIG_NAMESPACE}:${k}`))}; a plain value is refused`],
    }));
    return {
        title: "Secrets",
        intro: [
            "Credentials never go into plain configuration or into the structured keys below. The program reads them with `config.getSecret`, and refuses any credential-looking key (`password`, `token`, `kubeconfig`, ...) that is stored in plain text. A secret that nothing uses is an error too.",
        ],
        rows,
        excluded: [],
    };
}

function clustersSection(docs: TsDocs): Section {
    const root = docs.exportedType("components/fleet/configClusters.ts", "FleetClusterConfig");
    const rows = CLUSTER_KEYS.map((k): Row => {
        const doc = docs.lookup(root, [k]);
        return {
            key: `clusters[].${k}`,
            type: doc?.kind ?? "any",
            required: doc !== undefined && !doc.optional,
            default: defaultText(doc?.default),
            description: doc?.description ?? "",
            checks: [],
        };
    });
    return {
        title: "Clusters",
        intro: [
            "`drover:clusters` is a list; each entry is one FleetCluster. Its parts (`image`, `network`, `rke2`, `rancher`, `flux`) take the arguments of drover's components and are checked with the same schemas, so each message is the one the component gives, at its configuration path (`clusters[1].rke2.controlPlane.count`).",
        ],
        rows,
        excluded: [],
    };
}

/** The field paths of a part that hold secrets, and why they must not be configured. */
function secretFields(part: PartSection, paths: FieldPath[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const p of paths) {
        for (const f of part.strip?.(documentWith(p, "x") as Record<string, unknown>).found ?? []) {
            const at = f.path.map((s) => (typeof s === "number" ? ITEM : s));
            if (at.length === p.length && at.every((s, i) => s === p[i])) {
                out.set(formatFieldPath(p), f.reason);
            }
        }
    }
    return out;
}

function partSection(part: PartSection, docs: TsDocs, clusterDoc: string): Section {
    const root = docs.exportedType("components/fleet/args.ts", part.tsType);
    const prefix = `clusters[].${part.key}`;
    const fields = schemaFields(part.schema);
    const secrets = secretFields(
        part,
        fields.map((f) => f.path),
    );
    const excluded: Excluded[] = [];
    const rows: Row[] = [];
    if (part.environmentBlock !== undefined) {
        rows.push({
            key: `${prefix}.enabled`,
            type: "boolean",
            required: false,
            default: `on when any ${part.key} setting is given`,
            description: enabledDescription(part.environmentBlock),
            checks: [],
        });
    }
    for (const f of fields) {
        const name = formatFieldPath(f.path);
        const key = `${prefix}.${name}`;
        const owner = Object.keys(part.notConfig).find((k) => isUnder(f.path, [k]));
        if (owner !== undefined) {
            if (f.path.length === 1) {
                excluded.push({ key, reason: part.notConfig[owner] });
            }
            continue;
        }
        if (secrets.has(name)) {
            excluded.push({ key, reason: secrets.get(name) as string });
            continue;
        }
        const doc = docs.lookup(root, f.path);
        rows.push({
            key,
            type: typeText(f.node),
            required: f.required && !(doc?.optional ?? false),
            default: defaultText(doc?.default),
            description: f.node.description ?? doc?.description ?? "",
            checks: checksText(f.node),
        });
    }
    const intro = [`${clusterDoc} Its keys are those of \`${part.tsType}\`.`];
    if (part.resourceName !== undefined) {
        intro.push(`"The resource name" below is \`${part.resourceName}\`.`);
    }
    if (part.environmentBlock !== undefined) {
        intro.push(
            `The same keys can be set once for every cluster in \`drover:${part.environmentBlock}\`; a cluster's own keys win. A key that is required may be given in either place.`,
        );
    }
    return { title: `\`${prefix}\``, intro, rows, excluded };
}

/** Builds the whole reference from the schemas, the argument interfaces, Pulumi.yaml and the secret keys. */
export function buildReference(repo: string): Reference {
    const docs = new TsDocs(repo, ["components/fleet/args.ts", "components/fleet/configClusters.ts"]);
    const project = projectKeys(repo);
    const clusterType = docs.exportedType("components/fleet/configClusters.ts", "FleetClusterConfig");
    const sections = [
        environmentSection(project),
        secretsSection(project),
        clustersSection(docs),
        ...PART_SECTIONS.map((p) => partSection(p, docs, docs.lookup(clusterType, [p.key])?.description ?? "")),
    ];
    const undocumented = sections.flatMap((s) => s.rows.filter((r) => r.description === "").map((r) => r.key));
    return { sections, undocumented };
}
