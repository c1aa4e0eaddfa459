// Serialized into state with the dynamic provider: see the note at the top of http.ts. Pulumi runs this object in
// its dynamic provider host (pulumi-resource-pulumi-nodejs); delete and refresh use the copy stored in the state.
import type * as pulumi from "@pulumi/pulumi";
import {
    defaultDeps,
    LiveDeps,
    refreshRegistration,
    registerCluster,
    RegistrationInputs,
    RegistrationState,
    syncManagementMetadata,
    unregisterCluster,
} from "./register";

/** How the engine spells a value that is unknown during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Inputs whose change means a different registration: the old one is removed first (deleteBeforeReplace). */
const IDENTITY: Array<keyof RegistrationInputs> = ["namespace", "clusterName"];

/** Inputs that change how drover reaches Rancher or what it keeps on the management Cluster: updated in place. */
const SETTINGS: Array<keyof RegistrationInputs> = [
    "rancherKubeconfig",
    "clusterKubeconfig",
    "caBundle",
    "caChecksum",
    "insecureSkipTlsVerify",
    "labels",
    "annotations",
    "timeouts",
];

function same(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

function inputsOf(props: RegistrationInputs): RegistrationInputs {
    return {
        namespace: props.namespace,
        clusterName: props.clusterName,
        rancherKubeconfig: props.rancherKubeconfig,
        clusterKubeconfig: props.clusterKubeconfig,
        ...(props.caBundle === undefined ? {} : { caBundle: props.caBundle }),
        ...(props.caChecksum === undefined ? {} : { caChecksum: props.caChecksum }),
        insecureSkipTlsVerify: props.insecureSkipTlsVerify,
        labels: props.labels ?? {},
        annotations: props.annotations ?? {},
        timeouts: props.timeouts,
    };
}

/**
 * Turns an error that left something behind into the engine's "created but failed to initialize" form, so the
 * resource is recorded (and destroy cleans it up) and the next `pulumi up` resumes through update.
 */
function forEngine(e: unknown, id: string): unknown {
    const state = (e as { state?: RegistrationState }).state;
    if (!state) {
        return e;
    }
    const message = (e as Error).message;
    return Object.assign(new Error(message), { id, properties: state, reasons: [message] });
}

/** The dynamic provider; `deps` is for tests, deployments use {@link defaultDeps}. */
export function registrationProvider(deps?: LiveDeps): pulumi.dynamic.ResourceProvider {
    const live = (): LiveDeps => deps ?? defaultDeps();
    return {
        async diff(_id: string, olds: RegistrationState, news: RegistrationInputs) {
            const replaces = IDENTITY.filter((k) => news[k] !== UNKNOWN && !same(olds[k], news[k]));
            const unknownIdentity = IDENTITY.some((k) => news[k] === UNKNOWN);
            const changed = SETTINGS.some((k) => !same(olds[k], news[k]));
            return {
                changes: replaces.length > 0 || unknownIdentity || changed || olds.ready !== true,
                replaces,
                deleteBeforeReplace: true,
            };
        },
        async create(props: RegistrationInputs) {
            const inputs = inputsOf(props);
            const id = `${inputs.namespace}/${inputs.clusterName}`;
            try {
                return { id, outs: await registerCluster(inputs, live()) };
            } catch (e) {
                throw forEngine(e, id);
            }
        },
        async update(id: string, olds: RegistrationState, props: RegistrationInputs) {
            const news = inputsOf(props);
            try {
                await syncManagementMetadata(olds, news, live());
                if (olds.ready !== true) {
                    return { outs: await registerCluster(news, live(), olds.agentObjects ?? []) };
                }
                return { outs: { ...olds, ...news } };
            } catch (e) {
                throw forEngine(e, id);
            }
        },
        async read(id: string, props: RegistrationState) {
            const state = await refreshRegistration(props, live());
            return state ? { id, props: state } : {};
        },
        async delete(_id: string, props: RegistrationState) {
            await unregisterCluster(props, live());
        },
    };
}

/**
 * Tells Pulumi's closure serializer to copy this module into the dynamic provider's code by value, also when drover
 * is installed under node_modules (a `require` of a drover file would fail: the package exports only its root).
 */
export const deploymentOnlyModule = true;
