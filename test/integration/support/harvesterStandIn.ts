import { KubeAccess, kubeGet, kubeRequest } from "./kubeClient";

/**
 * Test-only stand-in for the part of Harvester's image controller that drover depends on: once an image
 * exists it reports it imported and publishes the storage class Harvester would have made for it
 * (`status.storageClassName`, condition `Imported`). Nothing else of Harvester is imitated.
 */
export class HarvesterStandIn {
    private timer?: NodeJS.Timeout;
    private busy = false;
    /** Images the stand-in has marked imported, as `namespace/name`. */
    readonly imported = new Set<string>();

    constructor(private readonly access: KubeAccess) {}

    start(everyMs = 200): void {
        this.timer = setInterval(() => void this.tick(), everyMs);
    }

    stop(): void {
        if (this.timer) {
            clearInterval(this.timer);
        }
    }

    private async tick(): Promise<void> {
        if (this.busy) {
            return;
        }
        this.busy = true;
        try {
            const list = await kubeGet(this.access, "/apis/harvesterhci.io/v1beta1/virtualmachineimages");
            for (const img of list?.items ?? []) {
                if (img.status?.storageClassName || img.metadata.deletionTimestamp) {
                    continue;
                }
                const { namespace, name } = img.metadata;
                const now = new Date().toISOString();
                const status = {
                    progress: 100,
                    storageClassName: `longhorn-${name}`,
                    conditions: [
                        { type: "Initialized", status: "True", lastUpdateTime: now },
                        { type: "Imported", status: "True", lastUpdateTime: now },
                    ],
                };
                const res = await kubeRequest(
                    this.access,
                    "PATCH",
                    `/apis/harvesterhci.io/v1beta1/namespaces/${namespace}/virtualmachineimages/${name}`,
                    { status },
                    "application/merge-patch+json",
                );
                if (res.status < 300) {
                    this.imported.add(`${namespace}/${name}`);
                }
            }
        } catch {
            // The API server may be restarting between tests; try again on the next tick.
        } finally {
            this.busy = false;
        }
    }
}
