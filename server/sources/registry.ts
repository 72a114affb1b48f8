import type { Connector, CrmKind } from "./connector";
import { amocrmConnector } from "./connectors/amocrm";
import { bitrix24Connector } from "./connectors/bitrix24";
import { hubspotConnector } from "./connectors/hubspot";
import { pipedriveConnector } from "./connectors/pipedrive";
import { salesforceConnector } from "./connectors/salesforce";

/** The connectors the sync engine can run, by data_sources.kind. Each connector's helper adds its own line. */
export type ConnectorRegistry = Partial<Record<CrmKind, Connector>>;

export const connectors: ConnectorRegistry = {
  amocrm: amocrmConnector,
  bitrix24: bitrix24Connector,
  hubspot: hubspotConnector,
  pipedrive: pipedriveConnector,
  salesforce: salesforceConnector,
};

/** Whether a data_sources.kind has a connector in the registry (push API and file imports have none). */
export function connectorFor(registry: ConnectorRegistry, kind: string): Connector | undefined {
  return Object.hasOwn(registry, kind) ? registry[kind as CrmKind] : undefined;
}
