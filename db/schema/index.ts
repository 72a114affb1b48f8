export * from "./auth";
export * from "./tenancy";
export * from "./sales";
export * from "./sources";
export * from "./dashboards";
export * from "./billing";
export * from "./rollups";
export * from "./results-cache";
