import Ajv, { ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

/** The upstream schemas in ../shared/schemas (never copied into this repo). */
export const SCHEMA_DIR = process.env.DROVER_SHARED_DIR
    ? path.join(process.env.DROVER_SHARED_DIR, "schemas")
    : path.resolve(__dirname, "../../../shared/schemas");

type Json = Record<string, unknown>;

/**
 * Makes a schema strict like `kubectl --validate=strict`: every object that lists its properties rejects
 * unknown ones, unless the schema says it preserves unknown fields. Also maps Kubernetes' int-or-string.
 */
function strictify(node: unknown): unknown {
    if (Array.isArray(node)) {
        return node.map(strictify);
    }
    if (node === null || typeof node !== "object") {
        return node;
    }
    const out: Json = {};
    for (const [k, v] of Object.entries(node as Json)) {
        out[k] = k === "properties" || k === "definitions" ? mapValues(v as Json, strictify) : strictify(v);
    }
    if (out["x-kubernetes-int-or-string"] === true) {
        delete out.type;
        out.anyOf = [{ type: "integer" }, { type: "string" }, ...(out.nullable === true ? [{ type: "null" }] : [])];
        delete out.nullable;
    }
    if (out.format === "int-or-string") {
        delete out.type;
        delete out.format;
        out.anyOf = [{ type: "integer" }, { type: "string" }];
    }
    if (out.nullable === true && typeof out.type === "string") {
        out.type = [out.type, "null"];
    }
    if (
        out.properties &&
        out.additionalProperties === undefined &&
        out["x-kubernetes-preserve-unknown-fields"] !== true
    ) {
        out.additionalProperties = false;
    }
    return out;
}

function mapValues(o: Json, f: (v: unknown) => unknown): Json {
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function getAjv(): Ajv {
    if (ajv) {
        return ajv;
    }
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const f of ["int32", "int64", "byte", "double", "float", "quantity"]) {
        ajv.addFormat(f, true);
    }
    const openapi = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, "kubevirt-v1.7.0-openapi.json"), "utf8")) as Json;
    ajv.addSchema({ $id: "kubevirt", definitions: strictify(openapi.definitions) }, "kubevirt");
    return ajv;
}

const OBJECT_META = { $ref: "kubevirt#/definitions/k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta" };

/** The validator for a CRD file's version, with metadata checked strictly against ObjectMeta. */
function crdValidator(file: string, version: string): ValidateFunction {
    const key = `${file}#${version}`;
    const hit = compiled.get(key);
    if (hit) {
        return hit;
    }
    const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(SCHEMA_DIR, file), "utf8"))
        .map((d) => d.toJSON() as Json | null)
        .filter((d): d is Json => d !== null && d.kind === "CustomResourceDefinition");
    const crd = docs[0] as { spec: { versions: Array<{ name: string; schema: { openAPIV3Schema: Json } }> } };
    const v = crd.spec.versions.find((x) => x.name === version);
    if (!v) {
        throw new Error(`${file} has no version ${version}`);
    }
    const schema = strictify(v.schema.openAPIV3Schema) as Json;
    const props = {
        ...(schema.properties as Json),
        metadata: OBJECT_META,
        apiVersion: { type: "string" },
        kind: { type: "string" },
    };
    const fn = getAjv().compile({ ...schema, properties: props, additionalProperties: false });
    compiled.set(key, fn);
    return fn;
}

/** Which schema checks which kind. */
const CRDS: Record<string, { file: string; version: string }> = {
    "harvesterhci.io/v1beta1/VirtualMachineImage": {
        file: "harvesterhci.io_virtualmachineimages.yaml",
        version: "v1beta1",
    },
    "harvesterhci.io/v1beta1/KeyPair": { file: "harvesterhci.io_keypairs.yaml", version: "v1beta1" },
    "k8s.cni.cncf.io/v1/NetworkAttachmentDefinition": {
        file: "k8s.cni.cncf.io_network-attachment-definitions.yaml",
        version: "v1",
    },
    "source.toolkit.fluxcd.io/v1/GitRepository": {
        file: "source.toolkit.fluxcd.io_gitrepositories.yaml",
        version: "v1",
    },
    "kustomize.toolkit.fluxcd.io/v1/Kustomization": {
        file: "kustomize.toolkit.fluxcd.io_kustomizations.yaml",
        version: "v1",
    },
    "fluxcd.controlplane.io/v1/FluxInstance": { file: "fluxcd.controlplane.io_fluxinstances.yaml", version: "v1" },
    "provisioning.cattle.io/v1/Cluster": { file: "provisioning.cattle.io_clusters.yaml", version: "v1" },
};

/**
 * Validates a Kubernetes object against its upstream schema, strictly. Returns a list of error strings
 * (empty when valid). Throws for a kind that has no schema, so a test cannot pass by accident.
 */
export function schemaErrors(obj: object): string[] {
    const o = obj as { apiVersion?: unknown; kind?: unknown };
    const id = `${String(o.apiVersion)}/${String(o.kind)}`;
    let validate: ValidateFunction;
    if (id === "kubevirt.io/v1/VirtualMachine") {
        const key = "kubevirt-vm";
        validate = compiled.get(key) ?? getAjv().compile({ $ref: "kubevirt#/definitions/v1.VirtualMachine" });
        compiled.set(key, validate);
    } else if (CRDS[id]) {
        validate = crdValidator(CRDS[id].file, CRDS[id].version);
    } else {
        throw new Error(`no upstream schema for ${id}`);
    }
    if (validate(obj)) {
        return [];
    }
    return (validate.errors ?? []).map((e) => {
        const extra =
            e.keyword === "additionalProperties"
                ? ` (${String((e.params as { additionalProperty: string }).additionalProperty)})`
                : "";
        return `${e.instancePath || "/"} ${e.message ?? e.keyword}${extra}`;
    });
}
