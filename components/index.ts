export * from "./common";
export * from "./harvester";
export * from "./rke2";
export * from "./rancher";
export * from "./flux";
export * from "./fleet";
