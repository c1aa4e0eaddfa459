export * from "./common";
export * from "./harvester";
